import { expect, test, type Frame, type Page } from '@playwright/test';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { quizScoHtml, readingScoHtml, writeScorm12 } from '../helpers/scorm-package';
import { hostForFile } from './fixtures';
import { addLearner, balai, logIn, ROOT, type TestLearner } from './learner-kit';

/**
 * SCORM courses of our own, wrapped and installed with the CLI, played through the kiosk's UI in Chromium:
 * a SCO marked as pretest and one as posttest give the gain in "Hasil saya"; a SCO that does not load
 * (launch file gone, a script error before it finds the API, a launch that never ends) says so in words
 * and offers "Kembali ke kursus".
 */
const TESTS = 'uji.scorm.tes';
const BROKEN = 'uji.scorm.rusak';
const RINA: TestLearner = {
  fullName: 'Rina Tes',
  pin: '246802',
  nik: '3302054101900021',
  phone: '081234560021',
  email: 'rina.tes@contoh.id',
};

test.use({ actionTimeout: 15_000 });
const host = hostForFile({ demo: { learners: 0 } });

function wrapAndInstall(zip: string, out: string, extra: string[] = []) {
  const key = join(ROOT, 'content', 'keys', 'dev-publisher.key.json');
  const cert = join(ROOT, 'content', 'keys', 'dev-publisher.chain.json');
  const wrap = balai(['course', 'wrap', zip, '--key', key, '--cert', cert, '--out', out, ...extra]);
  if (wrap.status !== 0) throw new Error(`course wrap failed: ${wrap.stderr}`);
  const install = balai(['course', 'install', out, '--data', host().dataDir]);
  if (install.status !== 0) throw new Error(`course install failed: ${install.stderr}`);
}

test.beforeAll(async () => {
  test.setTimeout(180_000);
  const dir = mkdtempSync(join(tmpdir(), 'balai-scorm-tests-e2e-'));
  try {
    const tests = await writeScorm12(
      join(dir, 'tes.zip'),
      [
        { item: 'pre', title: 'Tes Awal SCORM', launch: 'pre.html', html: quizScoHtml() },
        { item: 'bacaan', title: 'Bacaan', launch: 'bacaan.html', html: readingScoHtml('Bacaan', 90) },
        { item: 'post', title: 'Tes Akhir SCORM', launch: 'post.html', html: quizScoHtml() },
      ],
      {},
      { identifier: TESTS, title: 'Kursus Tes SCORM' },
    );
    wrapAndInstall(tests, join(dir, 'tes.balaicourse'), ['--pretest', 'pre', '--posttest', 'post']);
    const broken = await writeScorm12(
      join(dir, 'rusak.zip'),
      [
        {
          item: 'galat',
          title: 'Galat skrip',
          launch: 'galat.html',
          html: '<!doctype html><p>Rusak</p><script>undefinedFunction(); window.parent.API.LMSInitialize("");</script>',
        },
        { item: 'hilang', title: 'Berkas hilang', launch: 'hilang.html', html: readingScoHtml() },
        { item: 'lambat', title: 'Lambat', launch: 'lambat.html', html: readingScoHtml() },
      ],
      {},
      { identifier: BROKEN, title: 'Kursus Rusak' },
    );
    wrapAndInstall(broken, join(dir, 'rusak.balaicourse'));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  // The launch file goes missing from the installed course (a damaged disk, a hand-edited folder).
  const gone = readdirSync(host().dataDir, { recursive: true, withFileTypes: true }).find(
    (e) => e.isFile() && e.name === 'hilang.html',
  );
  if (!gone) throw new Error('hilang.html not installed');
  rmSync(join(gone.parentPath, gone.name));
  await host().restart();
  await addLearner(host().url, RINA);
});

/** The SCO's own page, inside the launcher, inside the player's sandboxed frame. */
async function scoFrame(page: Page, file: string): Promise<Frame> {
  await expect
    .poll(() => page.frames().some((f) => f.url().includes(`/${file}`)), { timeout: 30_000 })
    .toBe(true);
  return page.frames().find((f) => f.url().includes(`/${file}`))!;
}

async function takeTest(page: Page, lessonId: string, file: string, score: number) {
  await page.goto(`${host().url}#/learn/lesson/${TESTS}/${lessonId}`);
  await expect(page.locator('[data-screen="sco"]')).toBeVisible();
  const frame = await scoFrame(page, file);
  await frame.fill('#score', String(score));
  await frame.click('#submit');
  await expect(frame.locator('#done')).toHaveText('Terkirim');
}

test("a SCORM pretest and posttest give the gain in 'Hasil saya', with the other SCOs' scores", async ({
  page,
}) => {
  test.setTimeout(120_000);
  await page.goto(host().url);
  await logIn(page, RINA.fullName, RINA.pin);
  await takeTest(page, 'pre', 'pre.html', 40);
  await page.goto(`${host().url}#/learn/lesson/${TESTS}/bacaan`);
  await expect((await scoFrame(page, 'bacaan.html')).locator('body[data-committed]')).toBeAttached();
  await takeTest(page, 'post', 'post.html', 85);
  await page.goto(`${host().url}#/learn/results`);
  const card = page.locator(`[data-result="${TESTS}"]`);
  await expect(card.getByTestId('pretest-score')).toHaveText(/40/);
  await expect(card.getByTestId('posttest-score')).toHaveText(/85/);
  await expect(card.getByTestId('gain')).toHaveText('naik 45 poin');
  await expect(card.locator('[data-quiz="post"]')).toContainText('Lulus');
  // The reading SCO's own score, beside the tests.
  await expect(card.locator('[data-sco-score="bacaan"]')).toContainText('90');
  await expect(card.getByTestId('course-status')).toHaveText(/selesai|Selesai/);
  await page.screenshot({ path: join(ROOT, 'test-results', 'screenshots', 'learner-scorm-gain.png') });
});

async function expectFailed(page: Page, lessonId: string, reason: RegExp) {
  const failed = page.getByTestId('sco-failed');
  await expect(failed).toBeVisible({ timeout: 20_000 });
  await expect(failed).toContainText('Pelajaran ini tidak bisa dimuat.');
  await expect(page.getByTestId('sco-failed-reason')).toHaveText(reason);
  await failed.getByRole('button', { name: 'Kembali ke kursus' }).click();
  await expect(page.locator('[data-screen="course"]')).toBeVisible();
  expect(page.url()).toContain(`#/learn/course/${BROKEN}`);
  expect(lessonId).not.toBe('');
}

test('a SCO that does not load says why in Indonesian and offers "Kembali ke kursus"', async ({ page }) => {
  test.setTimeout(120_000);
  await page.goto(host().url);
  await logIn(page, RINA.fullName, RINA.pin);

  await page.goto(`${host().url}#/learn/lesson/${BROKEN}/hilang`);
  await expectFailed(page, 'hilang', /Berkas awal pelajaran ini tidak ada/);

  await page.goto(`${host().url}#/learn/lesson/${BROKEN}/galat`);
  await expectFailed(page, 'galat', /ada kesalahan di dalamnya sebelum tersambung/);

  // A launch that never answers: the player's clock runs on to its limit.
  await page.clock.install();
  await page.route(/\/lambat\.html/, () => undefined);
  await page.goto(`${host().url}#/learn/lesson/${BROKEN}/lambat`);
  await expect(page.locator('[data-screen="sco"]')).toBeVisible();
  await page.clock.runFor(31_000);
  await expectFailed(page, 'lambat', /terlalu lama dimuat/);
});
