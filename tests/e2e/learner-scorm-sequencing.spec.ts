import { expect, test, type Frame, type Page } from '@playwright/test';
import Database from 'better-sqlite3';
import { join } from 'node:path';
import { externalPackages } from '../helpers/external-content';
import { hostForFile } from './fixtures';
import { addLearner, logIn, ROOT, type TestLearner } from './learner-kit';
import { wrapAndInstall } from './scorm-kit';

/**
 * SCORM 2004 sequencing through the kiosk's UI in Chromium, with two golf sequencing packages of the external
 * corpus wrapped by `balai course wrap`: forced sequential order refuses a jump ahead (the outline says why,
 * the SCO's choice request is refused), and a passed pretest in the pre-or-post-test package tests out.
 */
const FORCED = 'com.scorm.golfsamples.sequencing.forcedsequential.20043rd';
const PREPOST = 'com.scorm.golfsamples.sequencing.preorposttestrollup.20043rd';
const SARI: TestLearner = {
  fullName: 'Sari Urutan',
  pin: '246813',
  nik: '3302054101900021',
  phone: '081234560021',
  email: 'sari.urutan@contoh.id',
};

test.use({ actionTimeout: 15_000 });
const host = hostForFile({ demo: { learners: 0 } });

test.beforeAll(async () => {
  test.setTimeout(180_000);
  const zips = ['SequencingForcedSequential', 'SequencingPreOrPostTestRollup'].map((name) =>
    externalPackages('scorm2004').find((f) => f.includes(name))!,
  );
  wrapAndInstall(zips, host().dataDir);
  await host().restart();
  await addLearner(host().url, SARI);
});

/** The golf SCO's page inside the launcher inside the player's sandboxed frame. */
async function golfFrame(page: Page): Promise<Frame> {
  const find = () => page.frames().find((f) => f.url().includes('/shared/launchpage.html'));
  await expect.poll(() => find() !== undefined, { timeout: 30_000 }).toBe(true);
  return find()!;
}

/** Logs Sari in and opens a course's page. */
async function openCourse(page: Page, courseId: string): Promise<void> {
  page.on('dialog', (dialog) => void dialog.accept());
  await page.goto(host().url);
  await logIn(page, SARI.fullName, SARI.pin);
  await page.goto(`${host().url}#/learn/course/${courseId}`);
}

const outlineRow = (page: Page, title: string) =>
  page.locator('.player-outline .outline-lesson', { hasText: title });

test('forced sequential order: the outline says why a later SCO is closed, and a jump ahead is refused', async ({
  page,
}) => {
  test.setTimeout(120_000);
  await openCourse(page, FORCED);
  // The course page: only the first lesson opens; the next ones wait, and say so.
  const rows = page.locator('.lesson-row');
  await expect(rows.first()).toBeEnabled();
  await expect(rows.nth(2)).toBeDisabled();
  await expect(rows.nth(2)).toContainText('Selesaikan pelajaran sebelumnya dulu');
  await rows.first().click();
  await expect(page.locator('[data-screen="sco"]')).toBeVisible();
  const golf = await golfFrame(page);
  // Beside the SCO, the outline keeps Handicapping closed with its reason.
  await expect(outlineRow(page, 'Handicapping')).toBeDisabled();
  await expect(outlineRow(page, 'Handicapping')).toContainText('Selesaikan pelajaran sebelumnya dulu');
  // The SCO's own view of the rules, and its choice request for a later SCO: refused.
  const asked = await golf.evaluate(`(() => {
    const api = window.parent.API_1484_11;
    return {
      valid: api.GetValue('adl.nav.request_valid.choice.{target=handicapping_item}'),
      current: api.GetValue('adl.nav.request_valid.choice.{target=playing_item}'),
    };
  })()`);
  expect(asked).toEqual({ valid: 'false', current: 'true' });
  // The SCO asks for it anyway and terminates: the core refuses, the learner stays on this lesson, told why.
  const requested = await golf.evaluate(`(() => {
    const api = window.parent.API_1484_11;
    return [api.SetValue('adl.nav.request', '{target=handicapping_item}choice'), api.Terminate('')];
  })()`);
  expect(requested).toEqual(['true', 'true']);
  await expect(page.locator('[data-testid="sco-nav-refused"]')).toContainText(
    'selesaikan pelajaran ini dulu',
  );
  await expect(page.locator('h1.screen-title')).toHaveText('Playing the Game');
  // Opening the later lesson by its address is refused by the core, with the same reason in words.
  const lessons = await page.evaluate(() =>
    [...document.querySelectorAll('[data-outline-lesson]')].map((e) => e.getAttribute('data-outline-lesson')),
  );
  await page.goto(`${host().url}#/learn/lesson/${FORCED}/${lessons[2]}`);
  await expect(page.locator('[data-testid="sco-closed-reason"]')).toHaveText(
    'Selesaikan pelajaran sebelumnya dulu',
  );
  await page.screenshot({
    path: join(ROOT, 'test-results', 'screenshots', 'learner-scorm-forced-closed.png'),
  });
});

test('pre- or post-test rollup: a passed pretest tests out, the post test is closed as passed', async ({
  page,
}) => {
  test.setTimeout(120_000);
  await openCourse(page, PREPOST);
  await page.locator('.lesson-row', { hasText: 'Pre Test' }).click();
  await expect(page.locator('[data-screen="sco"]')).toBeVisible();
  const golf = await golfFrame(page);
  // The learner passes the pretest (the SCO's results, through its own API).
  const stored = await golf.evaluate(`(() => {
    const api = window.parent.API_1484_11;
    return [
      api.SetValue('cmi.score.scaled', '0.9'),
      api.SetValue('cmi.success_status', 'passed'),
      api.SetValue('cmi.completion_status', 'completed'),
      api.Commit(''),
    ];
  })()`);
  expect(stored).toEqual(['true', 'true', 'true', 'true']);
  await page.getByRole('button', { name: /Lanjut/ }).click();
  // Lanjut is a navigation request: the sequencer ends the pretest and goes on by flow.
  await expect(page.locator('h1.screen-title')).toHaveText('Playing the Game');
  await expect(outlineRow(page, 'Post Test')).toBeDisabled();
  await expect(outlineRow(page, 'Post Test')).toContainText('Sudah lulus, tidak perlu dikerjakan lagi');
  await expect(outlineRow(page, 'Pre Test')).toContainText('Kesempatan mengerjakan sudah habis');
  // In the learner's stored sequencing state the course is completed and its tests' objective satisfied.
  const db = new Database(join(host().dataDir, 'balai.sqlite'), { readonly: true, fileMustExist: true });
  try {
    const state = db
      .prepare(
        `SELECT item, completion, satisfied FROM scorm_activity_state WHERE course_id = ? ORDER BY item`,
      )
      .all(PREPOST) as { item: string; completion: string; satisfied: number | null }[];
    expect(state.find((s) => s.item === 'dummy_item')).toMatchObject({ satisfied: 1 });
    expect(state.find((s) => s.item === 'golf_sample_default_org')).toMatchObject({
      completion: 'completed',
    });
  } finally {
    db.close();
  }
  await page.screenshot({ path: join(ROOT, 'test-results', 'screenshots', 'learner-scorm-tested-out.png') });
});
