import { expect, test, type Page, type Response } from '@playwright/test';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { hostForFile, screens } from './fixtures';
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
 * The lesson player in Chromium against a real host: a course made at test time (long text with glossary
 * terms and a figure, a WebM recorded in the browser, a PDF made with pdf-lib), packed with the development
 * key and installed with the CLI. Reading position survives a logout; the video seeks with Range requests;
 * the PDF draws with pdf.js under the app's CSP; a playing video keeps the idle logout away.
 */
const ANI: TestLearner = {
  fullName: 'Ani Pemutar',
  pin: '135790',
  nik: '3302054101900002',
  phone: '081234567891',
  email: 'ani.pemutar@contoh.id',
};
const MEDIA = `/content/${PLAYER_COURSE}/1.0.0/media/contoh.webm`;

test.use({ actionTimeout: 10_000 });
const host = hostForFile({ demo: { learners: 0 } });
const screen = screens('learner-player');
let learnerId = '';
const cspViolations: string[] = [];

test.beforeAll(async ({ browser }) => {
  test.setTimeout(120_000);
  const page = await browser.newPage();
  const webm = await recordWebm(page, 8);
  await page.close();
  const dir = mkdtempSync(join(tmpdir(), 'balai-player-'));
  try {
    packAndInstall(
      writePlayerCourse(join(dir, 'src'), { webm, pdf: await makePdf() }),
      host().dataDir,
      PLAYER_COURSE,
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  await host().restart();
  learnerId = await addLearner(host().url, ANI);
});

function watchCsp(page: Page): void {
  page.on('console', (message) => {
    if (/Content.Security.Policy|Refused to/i.test(message.text())) cspViolations.push(message.text());
  });
}

async function openLesson(page: Page, lessonId: string): Promise<void> {
  await page.goto(`${host().url}#/learn/lesson/${PLAYER_COURSE}/${lessonId}`);
  await expect(page.locator('[data-screen="lesson"]')).toBeVisible();
}

test('a learner reads, changes the text size, looks up a term, enlarges a figure, logs out mid-lesson and resumes there', async ({
  page,
}) => {
  test.setTimeout(120_000);
  watchCsp(page);
  await page.goto(host().url);
  await logIn(page, ANI.fullName, ANI.pin);
  await screen(page, 'learner-home');
  await expect(page.getByTestId('next-step')).toHaveText(
    /^(Baca pelajaran “.+” di kursus .+\.|Mulai dengan Tes Awal kursus .+\.)$/,
  );
  await expect(page.locator(`[data-course="${PLAYER_COURSE}"]`)).toContainText('0 dari 3 pelajaran selesai');
  await page
    .locator(`[data-course="${PLAYER_COURSE}"]`)
    .getByRole('button', { name: /Buka kursus/ })
    .click();
  await screen(page, 'course');
  await page.locator('[data-lesson="bacaan"]').click();

  await screen(page, 'lesson', 'lesson-start');
  const text = page.locator('[data-lesson-text]');
  await expect(text).toContainText('Paragraf 40');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Bacaan panjang');

  await test.step('the outline sits beside the lesson, with the open lesson marked', async () => {
    const outline = page.getByRole('navigation', { name: 'Daftar pelajaran kursus ini' });
    const current = outline.locator('[aria-current="page"]');
    await expect(current).toContainText('Bacaan panjang');
    await expect(current).toContainText('◐');
    const [nav, article] = [await outline.boundingBox(), await text.boundingBox()];
    expect(nav!.x + nav!.width).toBeLessThan(article!.x);
  });

  await test.step('the figure is wider than the text column, and a tap enlarges it', async () => {
    const figure = page.locator('.lesson-figure img');
    await expect(figure).toHaveJSProperty('complete', true);
    const [img, para] = [await figure.boundingBox(), await text.locator('p').first().boundingBox()];
    expect(img!.width).toBeGreaterThan(para!.width + 100);
    expect(img!.width).toBeGreaterThan(900);
    await page.getByRole('button', { name: /Urutan dokumen/ }).click();
    const dialog = page.getByRole('dialog', { name: 'Gambar diperbesar' });
    await expect(dialog).toBeVisible();
    await page.screenshot({ path: 'test-results/screenshots/learner-player-figure-zoom.png' });
    expect((await dialog.locator('img').boundingBox())!.width).toBeGreaterThan(img!.width);
    await dialog.getByRole('button', { name: 'Tutup' }).click();
    await expect(dialog).toBeHidden();
  });

  await test.step('a glossary term explains itself on tap and by keyboard', async () => {
    const term = text.getByRole('button', { name: 'APB Desa', exact: true });
    await expect(term).toHaveCount(1); // only its first use is a button
    await term.click();
    const popover = page.locator('[data-term-popover]');
    await expect(popover).toBeVisible();
    await expect(popover).toContainText('rencana keuangan desa untuk satu tahun');
    await expect(term).toHaveAttribute('aria-expanded', 'true');
    await page.screenshot({ path: 'test-results/screenshots/learner-player-term.png' });
    await page.keyboard.press('Escape');
    await expect(popover).toBeHidden();
    await expect(term).toBeFocused();
    const musdes = text.getByRole('button', { name: 'Musdes', exact: true });
    await musdes.focus();
    await page.keyboard.press('Enter');
    await expect(popover).toContainText('Musyawarah Desa');
    await expect(popover.getByRole('button', { name: 'Tutup' })).toBeFocused();
    await page.keyboard.press('Enter');
    await expect(popover).toBeHidden();
    await expect(musdes).toBeFocused();
  });

  await test.step('three text sizes; the choice is kept for this learner', async () => {
    const size = () => text.evaluate((el) => parseFloat(getComputedStyle(el).fontSize));
    const normal = await size();
    await page.getByRole('button', { name: 'Huruf sangat besar' }).click();
    await expect.poll(size).toBeGreaterThan(normal * 1.4);
    await page.getByRole('button', { name: 'Huruf besar' }).click();
    await expect(page.getByRole('button', { name: 'Huruf besar' })).toHaveAttribute('aria-pressed', 'true');
    const large = await size();
    expect(large).toBeGreaterThan(normal * 1.15);
    expect(await page.evaluate((id) => localStorage.getItem(`balai.textSize.${id}`), learnerId)).toBe('1');
    await screen(page, 'lesson', 'lesson-large-text');
  });

  let readAt = 0;
  await test.step('the learner reads on, then logs out in the middle of the lesson', async () => {
    await page.mouse.move(900, 500);
    await page.mouse.wheel(0, 2600);
    await expect.poll(() => page.evaluate(() => window.scrollY)).toBeGreaterThan(2000);
    await page.waitForTimeout(300);
    readAt = await page.evaluate(() => window.scrollY);
    await page.screenshot({ path: 'test-results/screenshots/learner-player-mid-lesson.png' });
    await logOut(page);
  });

  await test.step('logging in again opens the same lesson at the same place, in the same text size', async () => {
    await logIn(page, ANI.fullName, ANI.pin);
    await expect(page.locator('[data-screen="lesson"]')).toBeVisible();
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Bacaan panjang');
    await expect(page.getByRole('button', { name: 'Huruf besar' })).toHaveAttribute('aria-pressed', 'true');
    await expect.poll(() => page.evaluate(() => window.scrollY)).toBeGreaterThan(readAt - 150);
    expect(await page.evaluate(() => window.scrollY)).toBeLessThan(readAt + 150);
    await page.screenshot({ path: 'test-results/screenshots/learner-player-resumed.png' });
  });

  await test.step('"Lanjut" finishes the lesson and opens the next; the outline shows it done', async () => {
    await page.getByRole('button', { name: 'Lanjut →' }).click();
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Video dari komputer');
    await expect(page.locator('[data-outline-lesson="bacaan"]')).toContainText('✓');
    await page.getByRole('button', { name: 'Huruf biasa' }).click();
  });

  await test.step('on a narrow screen the outline folds into one button', async () => {
    await page.setViewportSize({ width: 1024, height: 768 });
    const toggle = page.getByRole('button', { name: /Daftar pelajaran \(1 dari 3 selesai\)/ });
    await expect(toggle).toBeVisible();
    await expect(page.locator('[data-outline-lesson="bacaan"]')).toBeHidden();
    await toggle.click();
    await expect(page.locator('[data-outline-lesson="bacaan"]')).toBeVisible();
    await page.screenshot({ path: 'test-results/screenshots/learner-player-narrow.png' });
    await page.setViewportSize({ width: 1366, height: 768 });
  });
  expect(cspViolations).toEqual([]);
});

test('the video streams from the course folder and seeks with Range requests', async ({ page }) => {
  watchCsp(page);
  await page.goto(host().url);
  await logIn(page, ANI.fullName, ANI.pin);
  const ranges: { range: string; status: number }[] = [];
  page.on('response', (res: Response) => {
    if (res.url().endsWith(MEDIA))
      ranges.push({ range: res.request().headers().range ?? '', status: res.status() });
  });
  await openLesson(page, 'video');
  const video = page.locator('video');
  await expect(video).toHaveAttribute('preload', 'metadata');
  await expect(video).toHaveAttribute('controls', '');
  expect(await video.getAttribute('src')).toBe(MEDIA);
  await expect.poll(() => video.evaluate((v: HTMLVideoElement) => v.readyState)).toBeGreaterThanOrEqual(1);
  await screen(page, 'lesson', 'lesson-video');
  const requestsBefore = ranges.length;
  await video.evaluate(async (v: HTMLVideoElement) => {
    v.currentTime = 6.5;
    await new Promise((done) => v.addEventListener('seeked', done, { once: true }));
  });
  expect(await video.evaluate((v: HTMLVideoElement) => v.currentTime)).toBeGreaterThan(6);
  await expect
    .poll(() => ranges.slice(requestsBefore).filter((r) => /^bytes=[1-9]\d*-/.test(r.range)))
    .not.toEqual([]);
  expect(ranges.every((r) => r.status === 206 || r.status === 200)).toBe(true);
  expect(ranges.filter((r) => r.range !== '' && r.status === 206).length).toBeGreaterThan(0);
  expect(cspViolations).toEqual([]);
});

test('a PDF lesson draws its pages with pdf.js, pages on and zooms, and opens full size from a link', async ({
  page,
}) => {
  watchCsp(page);
  await page.goto(host().url);
  await logIn(page, ANI.fullName, ANI.pin);
  await openLesson(page, 'dokumen');
  const viewer = page.locator('.pdf-slot [data-pdf-viewer]');
  const canvas = viewer.locator('canvas[data-rendered="true"]');
  await expect(canvas).toBeVisible({ timeout: 15_000 });
  const inked = () =>
    canvas.evaluate((c: HTMLCanvasElement) => {
      const data = c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data;
      let n = 0;
      for (let i = 0; i < data.length; i += 4) if (data[i]! < 200 || data[i + 1]! < 200) n++;
      return n / (data.length / 4);
    });
  expect(await inked()).toBeGreaterThan(0.1);
  await expect(viewer).toContainText('Halaman 1 dari 3');
  await screen(page, 'lesson', 'lesson-pdf');

  await viewer.getByRole('button', { name: /Halaman berikutnya/ }).click();
  await expect(viewer).toContainText('Halaman 2 dari 3');
  await expect(viewer.locator('canvas[data-pdf-page="2"][data-rendered="true"]')).toBeVisible();
  const width = (await canvas.boundingBox())!.width;
  await viewer.getByRole('button', { name: 'Perbesar' }).click();
  await expect(viewer).toContainText('125%');
  await expect.poll(async () => (await canvas.boundingBox())?.width ?? 0).toBeGreaterThan(width * 1.2);

  await page
    .locator('[data-lesson-text]')
    .getByRole('button', { name: /panduan yang sama/ })
    .click();
  const dialog = page.getByRole('dialog', { name: 'panduan yang sama' });
  await expect(dialog.locator('canvas[data-rendered="true"]')).toBeVisible({ timeout: 15_000 });
  await page.screenshot({ path: 'test-results/screenshots/learner-player-pdf-dialog.png' });
  await dialog.getByRole('button', { name: 'Tutup' }).click();
  await expect(dialog).toBeHidden();
  expect(cspViolations).toEqual([]);
});

test('a playing video counts as activity: no idle logout while it plays, the usual one after', async ({
  page,
}) => {
  test.setTimeout(90_000);
  await host().restart({ idleSeconds: 3, warningSeconds: 3 });
  await page.goto(host().url);
  await logIn(page, ANI.fullName, ANI.pin);
  await openLesson(page, 'video');
  const video = page.locator('video');
  await video.evaluate(async (v: HTMLVideoElement) => {
    v.muted = true;
    v.loop = true;
    await v.play();
  });
  // Three idle periods without any input: the film keeps the learner in.
  await page.waitForTimeout(9_000);
  expect(await video.evaluate((v: HTMLVideoElement) => v.paused)).toBe(false);
  await expect(page.getByRole('alertdialog')).toHaveCount(0);
  await expect(page.getByTestId('who')).toContainText(ANI.fullName);
  await video.evaluate((v: HTMLVideoElement) => v.pause());
  await expect(page.getByRole('alertdialog', { name: 'Anda akan keluar otomatis…' })).toBeVisible({
    timeout: 10_000,
  });
  await expect(page.locator('[data-screen="home"]')).toBeVisible({ timeout: 10_000 });
});
