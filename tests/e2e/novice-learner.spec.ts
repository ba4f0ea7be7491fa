import { test, type Page } from '@playwright/test';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeAssessmentCourse } from '../helpers/course-fixture';
import { expect, hostForFile } from './fixtures';
import { checkScreen } from './helpers/check-screen';
import { addLearner, logIn, logOut, packAndInstall, type TestLearner } from './learner-kit';

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

test.beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), 'balai-novice-'));
  packAndInstall(
    writeAssessmentCourse(join(work, 'src'), { id: COURSE, preDraw: 4, postDraw: 4 }),
    host().dataDir,
    COURSE,
  );
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
