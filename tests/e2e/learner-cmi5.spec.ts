import { expect, test, type Frame, type Page } from '@playwright/test';
import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { externalPackages } from '../helpers/external-content';
import { hostForFile } from './fixtures';
import { addLearner, balai, logIn, logOut, ROOT, type TestLearner } from './learner-kit';

/**
 * CATAPULT's cmi5 pre/post-test course (../shared/external-content) wrapped with `balai course wrap`, installed
 * with the CLI and taken through the kiosk's UI in Chromium: every AU to `satisfied`; then an AU left without
 * Exit (the learner logs out) is `abandoned` at the next login.
 */
const COURSE = 'geology-intro-preposttest';
const BASE = `https://w3id.org/xapi/cmi5/catapult/lts/course/${COURSE}`;
const RINI: TestLearner = {
  fullName: 'Rini Geologi',
  pin: '246802',
  nik: '3302054101900021',
  phone: '081234560021',
  email: 'rini.geo@contoh.id',
};
const JOKO: TestLearner = {
  fullName: 'Joko Geologi',
  pin: '135793',
  nik: '3302054101900022',
  phone: '081234560022',
  email: 'joko.geo@contoh.id',
};

test.use({ actionTimeout: 15_000 });
const host = hostForFile({ demo: { learners: 0 } });

test.beforeAll(async () => {
  test.setTimeout(180_000);
  const dir = mkdtempSync(join(tmpdir(), 'balai-cmi5-e2e-'));
  try {
    const [prePost] = externalPackages('cmi5').filter((f) => f.includes('pre_post'));
    const out = join(dir, 'pp.balaicourse');
    const key = join(ROOT, 'content', 'keys', 'dev-publisher.key.json');
    const cert = join(ROOT, 'content', 'keys', 'dev-publisher.chain.json');
    const wrap = balai([
      'course',
      'wrap',
      prePost!,
      '--key',
      key,
      '--cert',
      cert,
      '--out',
      out,
      '--pretest',
      `${BASE}/block1/pre`,
      '--posttest',
      `${BASE}/block1/post`,
    ]);
    if (wrap.status !== 0) throw new Error(`course wrap failed: ${wrap.stderr}`);
    const install = balai(['course', 'install', out, '--data', host().dataDir]);
    if (install.status !== 0) throw new Error(`course install failed: ${install.stderr}`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  await host().restart();
  await addLearner(host().url, RINI);
  await addLearner(host().url, JOKO);
});

/** The verbs the kiosk recorded for a learner, read from its database (read-only, beside the running host). */
function verbs(fullName: string): string[] {
  const db = new Database(join(host().dataDir, 'balai.sqlite'), { readonly: true, fileMustExist: true });
  try {
    const rows = db
      .prepare(
        `SELECT o.statement FROM outbox o JOIN accounts a ON a.id = o.learner_id WHERE a.full_name = ? ORDER BY o.seq`,
      )
      .all(fullName) as { statement: string }[];
    return rows.map((r) => (JSON.parse(r.statement) as { verb: { id: string } }).verb.id.split('/').pop()!);
  } finally {
    db.close();
  }
}

const pathOf = (frame: Frame) => (/^https?:/.test(frame.url()) ? new URL(frame.url()).pathname : '');

async function auFrame(page: Page, file: string): Promise<Frame> {
  await expect
    .poll(() => page.frames().some((f) => pathOf(f) === `/${file}`), { timeout: 30_000 })
    .toBe(true);
  return page.frames().find((f) => pathOf(f) === `/${file}`)!;
}

async function openLesson(page: Page, index: number, file: string): Promise<Frame> {
  await page.goto(`${host().url}#/learn/course/${COURSE}`);
  await page.locator('.lesson-row').nth(index).click();
  await expect(page.locator('[data-screen="sco"]')).toBeVisible();
  return auFrame(page, file);
}

async function takeQuiz(page: Page, who: string, index: number, file: string) {
  const done = verbs(who).filter((v) => v === 'terminated').length;
  const frame = await openLesson(page, index, file);
  const restart = frame.locator('#bookmark-overlay .restart-button');
  const answers = frame.getByRole('button', { name: /Select correct answers/ });
  await expect
    .poll(async () => (await answers.isVisible()) || (await restart.isVisible()), { timeout: 20_000 })
    .toBe(true);
  if (await restart.isVisible()) await restart.click();
  await answers.click();
  await frame.getByRole('button', { name: 'Submit Answers' }).click();
  await frame.locator('#score-panel .exit-button').click();
  await expect
    .poll(() => verbs(who).filter((v) => v === 'terminated').length, { timeout: 20_000 })
    .toBe(done + 1);
}

async function readContent(page: Page, who: string, index: number) {
  const done = verbs(who).filter((v) => v === 'terminated').length;
  const started = verbs(who).filter((v) => v === 'initialized').length;
  const frame = await openLesson(page, index, 'index.html');
  // This AU's own `initialized` (earlier AUs' are already there): Exit before it would race the AU's start.
  await expect
    .poll(() => verbs(who).filter((v) => v === 'initialized').length, { timeout: 20_000 })
    .toBe(started + 1);
  await frame.locator('.exit-button').first().click();
  await expect
    .poll(() => verbs(who).filter((v) => v === 'terminated').length, { timeout: 20_000 })
    .toBe(done + 1);
}

test('a cmi5 pre/post course taken to satisfied through the player', async ({ page }) => {
  test.setTimeout(240_000);
  await page.goto(host().url);
  await logIn(page, RINI.fullName, RINI.pin);
  await takeQuiz(page, RINI.fullName, 0, 'pre1.html');
  await readContent(page, RINI.fullName, 1);
  await takeQuiz(page, RINI.fullName, 2, 'post1.html');
  await takeQuiz(page, RINI.fullName, 3, 'pre2.html');
  await readContent(page, RINI.fullName, 4);
  await takeQuiz(page, RINI.fullName, 5, 'post2.html');
  expect(verbs(RINI.fullName).filter((v) => v === 'satisfied')).toHaveLength(3); // two blocks and the course
  await page.goto(`${host().url}#/learn/course/${COURSE}`);
  await expect(page.locator('.lesson-row').first()).toContainText('Selesai');
  await page.screenshot({ path: join(ROOT, 'test-results', 'screenshots', 'learner-cmi5-satisfied.png') });
  await logOut(page);
});

test('an AU closed abruptly is abandoned at the next login', async ({ page }) => {
  test.setTimeout(120_000);
  await page.goto(host().url);
  await logIn(page, JOKO.fullName, JOKO.pin);
  await openLesson(page, 1, 'index.html');
  await expect.poll(() => verbs(JOKO.fullName), { timeout: 20_000 }).toContain('initialized');
  await logOut(page); // no Exit: the AU never says terminated
  expect(verbs(JOKO.fullName)).not.toContain('abandoned');
  await logIn(page, JOKO.fullName, JOKO.pin);
  await expect.poll(() => verbs(JOKO.fullName).filter((v) => v === 'abandoned').length).toBe(1);
  await logOut(page);
});
