import { expect, test, type Frame, type Page } from '@playwright/test';
import Database from 'better-sqlite3';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { externalPackage } from '../helpers/external-content';
import { validateStatement } from '../helpers/xapi-validate';
import { hostForFile } from './fixtures';
import { zipFilesOf } from '../helpers/h5p-fixtures';
import { rawZip } from '../core/packages/fixtures';
import { addLearner, balai, logIn, logOut, recordWebm, ROOT, type TestLearner } from './learner-kit';

/**
 * The corpus's H5P Question Set (../shared/external-content/h5p) wrapped with `balai course wrap`, installed
 * with the CLI and played through the kiosk's UI in Chromium with the bundled h5p-standalone player: one
 * learner answers the first question, goes on to the second and logs out mid-way; a second learner on the
 * same PC starts at the first question with nothing answered; the first comes back at the second question
 * with the first still answered. Her state is in SQLite (h5p_user_data), not in the content origin's storage,
 * and every statement H5P made reached the outbox with the kiosk's actor and passes the xAPI validator.
 */
const COURSE = 'kuis-h5p';
const SARI: TestLearner = {
  fullName: 'Sari Kuis',
  pin: '246813',
  nik: '3302054101900021',
  phone: '081234560021',
  email: 'sari.kuis@contoh.id',
};
const JOKO: TestLearner = {
  fullName: 'Joko Kuis',
  pin: '135724',
  nik: '3302054101900022',
  phone: '081234560022',
  email: 'joko.kuis@contoh.id',
};

test.use({ actionTimeout: 15_000 });
const host = hostForFile({ demo: { learners: 0 } });

/** The other corpus activities, by course id, and the Interactive Video again with a local video of ours. */
const PLAYS = {
  'h5p-benar-salah': 'h5p-standalone_TrueFalse_hello-world.h5p',
  'h5p-pilihan-ganda': 'H5P.MultiChoice.h5p',
  'h5p-presentasi': 'H5P.CoursePresentation.h5p',
  'h5p-video-daring': 'H5P.InteractiveVideo.h5p',
  'h5p-video-lokal': 'local',
} as const;

/** Wraps (with the CLI, as the kabupaten's team does) and installs one activity. */
function wrapAndInstall(dir: string, file: string, id: string, extra: string[] = []) {
  const out = join(dir, `${id}.balaicourse`);
  const key = join(ROOT, 'content', 'keys', 'dev-publisher.key.json');
  const cert = join(ROOT, 'content', 'keys', 'dev-publisher.chain.json');
  const wrap = balai([
    'course',
    'wrap',
    file,
    '--key',
    key,
    '--cert',
    cert,
    '--out',
    out,
    '--id',
    id,
    ...extra,
  ]);
  if (wrap.status !== 0) throw new Error(`course wrap ${id} failed: ${wrap.stderr}`);
  const install = balai(['course', 'install', out, '--data', host().dataDir]);
  if (install.status !== 0) throw new Error(`course install ${id} failed: ${install.stderr}`);
}

test.beforeAll(async ({ browser }) => {
  test.setTimeout(300_000);
  const dir = mkdtempSync(join(tmpdir(), 'balai-h5p-e2e-'));
  try {
    wrapAndInstall(dir, externalPackage('h5p', 'H5P.QuestionSet.h5p'), COURSE);
    for (const [id, name] of Object.entries(PLAYS)) {
      if (name === 'local') continue;
      wrapAndInstall(
        dir,
        externalPackage('h5p', name),
        id,
        name.includes('Video') || name.includes('Presentation') ? ['--allow-remote'] : [],
      );
    }
    // The Interactive Video with its video on the kiosk: a short webm recorded here replaces the remote mp4.
    const page = await browser.newPage();
    const webm = await recordWebm(page, 2);
    await page.close();
    const iv = await zipFilesOf(externalPackage('h5p', 'H5P.InteractiveVideo.h5p'));
    const content = iv
      .get('content/content.json')!
      .toString()
      .replace(
        /"path":"https:\\\/\\\/h5p\.org\\\/sites\\\/default\\\/files\\\/h5p\\\/iv\.mp4","mime":"video\\\/mp4"/g,
        '"path":"videos/lokal.webm","mime":"video/webm"',
      );
    if (content.includes('iv.mp4')) throw new Error('the remote video was not replaced');
    iv.set('content/content.json', Buffer.from(content));
    iv.set('content/videos/lokal.webm', webm);
    const local = join(dir, 'iv-lokal.h5p');
    writeFileSync(local, rawZip([...iv].map(([name, data]) => ({ name, data, compress: true }))));
    wrapAndInstall(dir, local, 'h5p-video-lokal');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  await host().restart();
  await addLearner(host().url, SARI);
  await addLearner(host().url, JOKO);
});

/** The launcher frame on the launch's own origin, once H5P drew the Question Set. */
async function quizFrame(page: Page): Promise<Frame> {
  await expect
    .poll(() => page.frames().some((f) => f.url().includes('/_balai/h5p.html')), { timeout: 30_000 })
    .toBe(true);
  const launcher = page.frames().find((f) => f.url().includes('/_balai/h5p.html'))!;
  // h5p-standalone draws the activity in a same-origin frame of its own inside the launcher.
  await expect.poll(() => launcher.childFrames().length, { timeout: 30_000 }).toBeGreaterThan(0);
  const frame = launcher.childFrames()[0]!;
  await frame.locator('.questionset .question-container:visible').first().waitFor({ timeout: 30_000 });
  return frame;
}

async function openQuiz(page: Page): Promise<Frame> {
  await page.goto(`${host().url}#/learn/course/${COURSE}`);
  await page.locator('.lesson-row').first().click();
  await expect(page.locator('[data-screen="sco"][data-kind="h5p"]')).toBeVisible();
  return quizFrame(page);
}

/** Which question shows (1-based) and how many answers of the first question are ticked. */
const where = (frame: Frame) =>
  frame.evaluate(() => {
    const questions = Array.from(document.querySelectorAll<HTMLElement>('.question-container'));
    const shown = questions.findIndex((q) => q.style.display !== 'none' && !q.hidden) + 1;
    const first = questions[0];
    const ticked = first ? first.querySelectorAll('[aria-checked="true"]').length : 0;
    return { shown, ticked };
  });

function statementsOf(dataDir: string): unknown[] {
  const db = new Database(join(dataDir, 'balai.sqlite'), { readonly: true });
  try {
    return db
      .prepare(`SELECT statement FROM outbox ORDER BY seq`)
      .all()
      .map((r) => JSON.parse((r as { statement: string }).statement) as unknown);
  } finally {
    db.close();
  }
}

test('one learner leaves a Question Set mid-way, a second starts fresh, the first resumes where she was', async ({
  page,
}) => {
  test.setTimeout(240_000);
  await page.goto(host().url);
  await logIn(page, SARI.fullName, SARI.pin);
  let quiz = await openQuiz(page);
  expect(await where(quiz)).toEqual({ shown: 1, ticked: 0 });
  // The first question is a multiple choice: tick an answer, check it, go on to the second.
  await quiz.locator('.question-container').first().locator('.h5p-answer').first().click();
  await quiz.locator('.question-container').first().locator('.h5p-question-check-answer').click();
  await quiz.locator('.question-container').first().locator('.h5p-question-next').click();
  await expect.poll(() => where(quiz)).toMatchObject({ shown: 2, ticked: 1 });
  // The content origin is not the app's: no session cookie, and nothing of hers in its storage.
  expect(new URL(await quiz.evaluate<string>('self.origin')).hostname).toMatch(/^[a-z2-7]{32}\.localhost$/);
  expect(await quiz.evaluate('document.cookie')).toBe('');
  // Its localStorage is the launcher's memory-only stand-in, not the origin's real (persistent) Storage.
  expect(await quiz.evaluate('localStorage instanceof Storage')).toBe(false);
  await page.screenshot({ path: join(ROOT, 'test-results', 'screenshots', 'learner-h5p-playing.png') });
  await logOut(page);

  await logIn(page, JOKO.fullName, JOKO.pin);
  quiz = await openQuiz(page);
  expect(await where(quiz)).toEqual({ shown: 1, ticked: 0 });
  await logOut(page);

  await logIn(page, SARI.fullName, SARI.pin);
  quiz = await openQuiz(page);
  await expect(page.getByText('Melanjutkan dari tempat terakhir Anda.')).toBeVisible();
  await expect.poll(() => where(quiz)).toEqual({ shown: 2, ticked: 1 });
  await logOut(page);

  const db = new Database(join(host().dataDir, 'balai.sqlite'), { readonly: true });
  const rows = db
    .prepare(
      `SELECT a.full_name AS who, d.data_type, d.data FROM h5p_user_data d JOIN accounts a ON a.id = d.learner_id`,
    )
    .all() as { who: string; data_type: string; data: string }[];
  db.close();
  expect(rows.some((r) => r.who === SARI.fullName && r.data_type === 'state')).toBe(true);

  // Every statement, H5P's included, is one the LRS would take, with the kiosk's actor.
  const statements = statementsOf(host().dataDir) as {
    verb: { id: string };
    actor: { account: { homePage: string } };
  }[];
  const answered = statements.filter((s) => s.verb.id.endsWith('/answered'));
  expect(answered.length).toBeGreaterThan(0);
  for (const s of statements) {
    expect(validateStatement(s)).toEqual([]);
    expect(s.actor.account.homePage).toMatch(/^https:\/\/w3id\.org\/balai-belajar\/xapi\/kiosk\//);
  }
});

test('True/False, Multiple Choice and Course Presentation play; Interactive Video plays from the kiosk, says when it is on the internet', async ({
  page,
}) => {
  test.setTimeout(240_000);
  await page.goto(host().url);
  await logIn(page, JOKO.fullName, JOKO.pin);
  const open = async (id: string) => {
    await page.goto(`${host().url}#/learn/course/${id}`);
    await page.locator('.lesson-row').first().click();
    await expect(page.locator('[data-screen="sco"][data-kind="h5p"]')).toBeVisible();
    await expect
      .poll(() => page.frames().some((f) => f.url().includes('/_balai/h5p.html')), { timeout: 30_000 })
      .toBe(true);
    const launcher = page.frames().find((f) => f.url().includes('/_balai/h5p.html'))!;
    await expect.poll(() => launcher.childFrames().length, { timeout: 30_000 }).toBeGreaterThan(0);
    return launcher.childFrames()[0]!;
  };
  const tf = await open('h5p-benar-salah');
  await tf.locator('.h5p-true-false-answer').first().waitFor({ timeout: 30_000 });
  await expect(page.getByTestId('needs-internet')).toHaveCount(0);
  const mc = await open('h5p-pilihan-ganda');
  await mc.locator('.h5p-multichoice .h5p-answer').first().waitFor({ timeout: 30_000 });
  const cp = await open('h5p-presentasi');
  await cp.locator('.h5p-course-presentation .h5p-slide').first().waitFor({ timeout: 30_000 });
  expect(await cp.locator('.h5p-course-presentation .h5p-slide').count()).toBeGreaterThan(1);
  await page.screenshot({ path: join(ROOT, 'test-results', 'screenshots', 'learner-h5p-presentation.png') });

  const remote = await open('h5p-video-daring');
  await remote.locator('.h5p-interactive-video').waitFor({ timeout: 30_000 });
  await expect(page.getByTestId('needs-internet')).toHaveText(
    'Video di aktivitas ini tersimpan di internet, bukan di kios. Tanpa internet videonya tidak tampil; pertanyaan dan bagian lainnya tetap bisa dikerjakan.',
  );
  const local = await open('h5p-video-lokal');
  await expect(page.getByTestId('needs-internet')).toHaveCount(0);
  const video = local.locator('.h5p-interactive-video video');
  await video.waitFor({ state: 'attached', timeout: 30_000 });
  await expect
    .poll(() => video.evaluate((v: HTMLVideoElement) => v.readyState), { timeout: 30_000 })
    .toBeGreaterThan(0);
  expect(await video.evaluate((v: HTMLVideoElement) => new URL(v.currentSrc).pathname)).toBe(
    '/content/content/videos/lokal.webm',
  );
  await logOut(page);
});
