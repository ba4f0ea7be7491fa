import { test, type Page } from '@playwright/test';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeAssessmentCourse } from '../helpers/course-fixture';
import { expect, hostForFile } from './fixtures';
import { checkScreen } from './helpers/check-screen';
import {
  addLearner,
  logIn,
  logOut,
  makePdf,
  packAndInstall,
  PLAYER_COURSE,
  recordWebm,
  writePlayerCourse,
  type TestLearner,
} from './learner-kit';

/**
 * The learner's dead ends of issue 20 (item 2), walked at 1366×768 on a real host: a test that can be left
 * and picked up again, that asks once before it begins, and a login after leaving it that lands on the
 * course page with "Lanjutkan tes", never inside the questions.
 */
const COURSE = 'uji-tes-jalan';
const TITLE = 'Kursus Uji Lengkap';
const WATI: TestLearner = {
  fullName: 'Wati Rahayu',
  pin: '318274',
  nik: '3302056203880002',
  phone: '0812-1111-2222',
  email: 'wati@example.id',
};

test.use({ actionTimeout: 10_000 });
const host = hostForFile({ demo: { learners: 0 } });
let work = '';

/** Captions for the player course's video (media/contoh.webm → media/contoh.vtt). */
const VTT =
  'WEBVTT\n\n00:00:00.000 --> 00:00:04.000\nKotak hijau bertuliskan Balai Belajar.\n\n' +
  '00:00:04.000 --> 00:00:08.000\nVideo diputar dari komputer ini.\n';

test.beforeAll(async ({ browser }) => {
  work = mkdtempSync(join(tmpdir(), 'balai-novice-'));
  packAndInstall(
    writeAssessmentCourse(join(work, 'src'), { id: COURSE, preDraw: 4, postDraw: 4 }),
    host().dataDir,
    COURSE,
  );
  const page = await browser.newPage();
  const webm = await recordWebm(page, 6);
  await page.close();
  const player = writePlayerCourse(join(work, 'player'), { webm, pdf: await makePdf() });
  writeFileSync(join(player, 'media', 'contoh.vtt'), VTT);
  // The PDF lesson before the video one, so it has a next lesson to name.
  const manifest = JSON.parse(readFileSync(join(player, 'course.json'), 'utf8')) as {
    modules: { lessons: unknown[] }[];
  };
  manifest.modules[1]!.lessons.reverse();
  writeFileSync(join(player, 'course.json'), JSON.stringify(manifest, null, 2));
  packAndInstall(player, host().dataDir, PLAYER_COURSE);
  await host().restart();
  await addLearner(host().url, WATI);
});

test.afterAll(() => {
  if (work) rmSync(work, { recursive: true, force: true });
});

const quizCard = (page: Page, quizId: string) => page.locator(`[data-quiz="${quizId}"]`);

test('a test can be left and resumed: it asks once, names its course, and a new login lands on the course page', async ({
  page,
}, testInfo) => {
  test.setTimeout(120_000);
  await page.goto(host().url);
  await logIn(page, WATI.fullName, WATI.pin);
  await page.goto(`${host().url}#/learn/course/${COURSE}`);
  await expect(page.locator('[data-screen="course"]')).toBeVisible();

  await test.step('starting the pretest asks once: how many questions, roughly how long', async () => {
    await quizCard(page, 'pretest').getByRole('button', { name: /Mulai/ }).click();
    await checkScreen(page, testInfo, 'quiz-intro');
    await expect(page.getByTestId('intro-count')).toHaveText('Tes ini berisi 4 soal.');
    await expect(page.getByTestId('intro-time')).toContainText('sekitar 5 menit');
    // Going back from the question is not starting: nothing is open yet.
    await page.getByRole('button', { name: 'Kembali ke kursus' }).click();
    await expect(page.locator('[data-screen="course"]')).toBeVisible();
    await expect(quizCard(page, 'pretest').getByRole('button')).toHaveText(/^Mulai/);
    await quizCard(page, 'pretest').getByRole('button', { name: /Mulai/ }).click();
    await page.getByRole('button', { name: 'Mulai tes' }).click();
  });

  await test.step('the quiz names its course and leads back to it, the answer kept', async () => {
    await checkScreen(page, testInfo, 'quiz');
    await expect(page.getByTestId('quiz-course')).toHaveText(`Kursus: ${TITLE}`);
    await page.locator('.option', { hasText: /^Benar$/ }).click();
    await expect(page.locator('.option.checked')).toHaveCount(1);
    await page.getByRole('button', { name: 'Berikutnya →' }).click();
    await expect(page.getByTestId('quiz-progress')).toHaveText('Soal 2 dari 4');
    await page.getByRole('button', { name: /Kembali ke kursus/ }).click();
    await checkScreen(page, testInfo, 'course', 'course-test-open');
    await expect(quizCard(page, 'pretest').getByTestId('quiz-open')).toContainText('Jawaban Anda tersimpan');
    await expect(quizCard(page, 'pretest').getByRole('button')).toHaveText(/^Lanjutkan tes/);
  });

  await test.step('logging in again lands on the course page with "Lanjutkan tes", not in the quiz', async () => {
    // Straight from the question screen: the place saved there is the course page.
    await quizCard(page, 'pretest')
      .getByRole('button', { name: /Lanjutkan tes/ })
      .click();
    await expect(page.locator('[data-screen="quiz"]')).toBeVisible();
    await expect(page.getByTestId('quiz-progress')).toHaveText('Soal 2 dari 4');
    await page.waitForTimeout(1500); // the saved place is written once the screen has asked for its data
    await logOut(page);
    await logIn(page, WATI.fullName, WATI.pin);
    await expect(page.locator('[data-screen="course"]')).toBeVisible();
    await expect(page.locator('[data-screen="quiz"]')).toHaveCount(0);
    await expect(page).toHaveURL(new RegExp(`#/learn/course/${COURSE}$`));
    await quizCard(page, 'pretest')
      .getByRole('button', { name: /Lanjutkan tes/ })
      .click();
    // An open attempt does not ask again; it resumes at the first question left open, the answer kept.
    await expect(page.locator('[data-screen="quiz"]')).toBeVisible();
    await expect(page.getByTestId('quiz-progress')).toHaveText('Soal 2 dari 4');
    await page.getByRole('button', { name: '← Sebelumnya' }).click();
    await expect(page.locator('.option.checked')).toHaveText('Benar');
  });
});

const navTop = (page: Page) => page.locator('.player-nav').evaluate((el) => el.getBoundingClientRect().top);

test('a PDF lesson fits its width, zooms inside its frame, and names the way on "Pelajaran berikutnya"', async ({
  page,
}, testInfo) => {
  await page.goto(host().url);
  await logIn(page, WATI.fullName, WATI.pin);
  await page.goto(`${host().url}#/learn/lesson/${PLAYER_COURSE}/dokumen`);
  const viewer = page.locator('.pdf-slot [data-pdf-viewer]');
  const canvas = viewer.locator('canvas[data-rendered="true"]');
  await expect(canvas).toBeVisible({ timeout: 15_000 });
  await checkScreen(page, testInfo, 'lesson', 'lesson-pdf');
  const frame = viewer.locator('.pdf-frame');
  const fitted = await canvas.evaluate((c) => c.getBoundingClientRect().width);
  const frameWidth = await frame.evaluate((f) => f.clientWidth);
  expect(fitted).toBeGreaterThan(frameWidth - 4);
  expect(fitted).toBeLessThanOrEqual(frameWidth);
  // One pair of page buttons, named for pages; the lesson's own way on is named for the lesson.
  await expect(viewer.getByRole('button', { name: /Halaman/ })).toHaveText([
    '← Halaman sebelumnya',
    'Halaman berikutnya →',
  ]);
  await expect(page.locator('.player-nav').getByRole('button').last()).toHaveText('Pelajaran berikutnya →');
  for (let i = 0; i < 3; i++) await viewer.getByRole('button', { name: 'Perbesar' }).click();
  await expect(viewer).toContainText('200%');
  await expect
    .poll(() => canvas.evaluate((c) => c.getBoundingClientRect().width))
    .toBeGreaterThan(fitted * 1.9);
  // The zoomed page moves inside its frame; the lesson page itself never gets wider than the screen.
  expect(await frame.evaluate((f) => f.scrollWidth > f.clientWidth)).toBe(true);
  expect(await frame.evaluate((f) => f.getBoundingClientRect().right)).toBeLessThanOrEqual(1366);
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(1366);
  expect((await frame.boundingBox())!.height).toBeLessThanOrEqual(768);
  await checkScreen(page, testInfo, 'lesson', 'lesson-pdf-zoomed');
  await page.getByRole('button', { name: 'Pelajaran berikutnya →' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Video dari komputer');
});

test('a video fits above the bottom bar with a big play button and captions; "Selesai" asks while unwatched', async ({
  page,
}, testInfo) => {
  await page.goto(host().url);
  await logIn(page, WATI.fullName, WATI.pin);
  await page.goto(`${host().url}#/learn/lesson/${PLAYER_COURSE}/video`);
  const video = page.locator('video.lesson-media');
  await expect.poll(() => video.evaluate((v: HTMLVideoElement) => v.readyState)).toBeGreaterThanOrEqual(1);
  await checkScreen(page, testInfo, 'lesson', 'lesson-video');

  await test.step('the player and its controls are above the bottom bar, with no scrolling', async () => {
    expect(await page.evaluate(() => window.scrollY)).toBe(0);
    const rect = await video.evaluate((v) => v.getBoundingClientRect().toJSON() as DOMRect);
    expect(rect.top).toBeGreaterThanOrEqual(0);
    expect(rect.bottom).toBeLessThanOrEqual(await navTop(page));
    expect(rect.height).toBeGreaterThanOrEqual(240);
    const playBox = (await page.getByRole('button', { name: 'Putar video' }).boundingBox())!;
    expect(playBox.height).toBeGreaterThanOrEqual(88);
    expect(playBox.width).toBeGreaterThanOrEqual(200);
  });

  await test.step("the course's WebVTT captions are on", async () => {
    const track = video.locator('track');
    await expect(track).toHaveAttribute('kind', 'captions');
    await expect(track).toHaveAttribute('src', `/content/${PLAYER_COURSE}/1.0.0/media/contoh.vtt`);
    await expect
      .poll(() => video.evaluate((v: HTMLVideoElement) => v.textTracks[0]?.cues?.length ?? 0))
      .toBe(2);
    expect(await video.evaluate((v: HTMLVideoElement) => v.textTracks[0]!.mode)).toBe('showing');
  });

  await test.step('"Selesai" on the unwatched video asks instead of marking the lesson done', async () => {
    await page.getByRole('button', { name: 'Selesai →' }).click();
    await checkScreen(page, testInfo, 'video-unwatched');
    await page.getByRole('button', { name: 'Tonton video' }).click();
    await expect(page.locator('[data-screen="video-unwatched"]')).toHaveCount(0);
    await expect.poll(() => video.evaluate((v: HTMLVideoElement) => v.paused)).toBe(false);
    await expect(page.getByRole('button', { name: 'Putar video' })).toBeHidden();
    await expect(page.locator('[data-outline-lesson="video"]')).not.toContainText('✓');
    // Watched to its end (the 6-second video plays on), it goes on without asking.
    await expect.poll(() => video.evaluate((v: HTMLVideoElement) => v.ended), { timeout: 20_000 }).toBe(true);
    await expect(page.getByRole('button', { name: 'Putar video' })).toBeVisible();
    await page.getByRole('button', { name: 'Selesai →' }).click();
    await expect(page.locator('[data-screen="course"]')).toBeVisible();
  });
});
