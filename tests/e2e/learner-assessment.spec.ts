import xapiValidation from '@learninglocker/xapi-validation';
import { expect, test, type Page, type Request } from '@playwright/test';
import Database from 'better-sqlite3';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PDFDocument } from 'pdf-lib';
import { writeAssessmentCourse } from '../helpers/course-fixture';
import { hostForFile, screens } from './fixtures';
import { addLearner, balai, logIn, logOut, packAndInstall, type TestLearner } from './learner-kit';

/**
 * Assessment in the browser: pretest → lessons → posttest (timed) → certificate, through the UI only,
 * against a real host with a small course made at test time (2 lessons, 4-question pretest and posttest,
 * 2 posttest attempts, 5-minute timer). The certificate downloads and `balai cert verify` accepts it and
 * refuses a copy with one character of its code changed. Every xAPI statement written is valid, carries no
 * personal data, and there is exactly one per learning event.
 */
const COURSE = 'uji-nilai';
const TITLE = 'Kursus Uji Lengkap';
const SITI: TestLearner = {
  fullName: 'Siti Penilaian',
  pin: '246802',
  nik: '3302055202880003',
  phone: '085712345678',
  email: 'siti.nilai@contoh.id',
};

type Validate = (statement: unknown) => { path: string[]; message: string }[];
const validate: Validate = (xapiValidation as unknown as { default?: Validate }).default ?? xapiValidation;

test.use({ actionTimeout: 10_000 });
const host = hostForFile({ demo: { learners: 0 } });
const screen = screens('learner-assessment');
let learnerId = '';
let work = '';

test.beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), 'balai-assessment-'));
  const src = writeAssessmentCourse(join(work, 'src'), {
    id: COURSE,
    lessons: 2,
    bank: 12,
    preDraw: 4,
    postDraw: 4,
    postAttempts: 2,
    timerMinutes: 5,
  });
  packAndInstall(src, host().dataDir, COURSE);
  await host().restart();
  learnerId = await addLearner(host().url, SITI);
});

test.afterAll(() => {
  if (work) rmSync(work, { recursive: true, force: true });
});

/** What the learner does that the app must record, verb by verb (docs/xapi-profile.md). */
const caused: Record<string, number> = {};
const cause = (verb: string, n = 1) => (caused[verb] = (caused[verb] ?? 0) + n);

/** Answers every question of the quiz on screen: the first `right` ones right ("Benar"), the rest wrong. */
async function answerAll(page: Page, total: number, right: number): Promise<void> {
  for (let n = 1; n <= total; n++) {
    await expect(page.getByTestId('quiz-progress')).toHaveText(`Soal ${n} dari ${total}`);
    const option = page.locator('.option', { hasText: n <= right ? /^Benar$/ : /^Salah satu$/ });
    await option.click();
    await expect(option).toHaveClass(/checked/);
    cause('answered');
    if (n < total) await page.getByRole('button', { name: 'Berikutnya →' }).click();
  }
}

const courseCard = (page: Page) => page.locator(`[data-course="${COURSE}"]`);
const quizCard = (page: Page, quizId: string) => page.locator(`[data-quiz="${quizId}"]`);

async function openCourse(page: Page): Promise<void> {
  await page.getByRole('button', { name: 'Kursus saya' }).click();
  await courseCard(page)
    .getByRole('button', { name: /Buka kursus/ })
    .click();
  await expect(page.locator('[data-screen="course"]')).toBeVisible();
}

test('pretest, lessons, a timed posttest failed then passed as time runs out, a certificate that verifies', async ({
  page,
}) => {
  test.setTimeout(180_000);
  const ticks: Request[] = [];
  page.on('request', (req) => {
    if (req.url().endsWith('/api/call') && /"method":"quiz\.tick"/.test(req.postData() ?? ''))
      ticks.push(req);
  });
  await page.clock.install();
  await page.goto(host().url);
  await logIn(page, SITI.fullName, SITI.pin);
  await screen(page, 'learner-home');
  await expect(page.getByTestId('next-step')).toHaveText(
    /^(Baca pelajaran “.+” di kursus .+\.|Mulai dengan Tes Awal kursus .+\.)$/,
  );
  await expect(courseCard(page)).toContainText('Berikutnya: Tes Awal');

  await test.step('before the pretest the lessons and the posttest are shut, and say why', async () => {
    await openCourse(page);
    await screen(page, 'course', 'course-locked');
    await expect(page.getByTestId('lessons-locked')).toContainText(
      'Pelajaran terbuka setelah Anda mengerjakan Tes Awal',
    );
    const lesson = page.locator('[data-lesson="l1"]');
    await expect(lesson).toBeDisabled();
    await expect(lesson).toContainText('Kerjakan Tes Awal dulu');
    await expect(quizCard(page, 'posttest').getByTestId('gate')).toHaveText('Kerjakan Tes Awal dulu');
    await expect(quizCard(page, 'posttest').getByRole('button')).toHaveCount(0);
    // A lesson opened by its address says the same, and leads to the pretest.
    await page.goto(`${host().url}#/learn/lesson/${COURSE}/l1`);
    await screen(page, 'lesson-locked');
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Kerjakan Tes Awal dulu');
    await page.getByRole('button', { name: 'Mulai Tes Awal' }).click();
  });

  await test.step('the pretest: two of four right, then every question explained', async () => {
    // Asked once before it begins: how many questions, roughly how long.
    await screen(page, 'quiz-intro', 'quiz-intro-pretest');
    await expect(page.getByTestId('intro-count')).toHaveText('Tes ini berisi 4 soal.');
    await expect(page.getByTestId('intro-time')).toHaveText(
      'Perkiraan waktunya sekitar 5 menit. Tidak ada batas waktu.',
    );
    await page.getByRole('button', { name: 'Mulai tes' }).click();
    await screen(page, 'quiz', 'quiz-pretest');
    await expect(page.getByTestId('quiz-course')).toHaveText(`Kursus: ${TITLE}`);
    await expect(page.getByTestId('quiz-timer')).toHaveCount(0);
    cause('launched');
    cause('attempted');
    await answerAll(page, 4, 2);
    await page.getByRole('button', { name: 'Kirim jawaban' }).click();
    cause('failed'); // 50 is below the pass mark: for a pretest that only means "not yet"
    await screen(page, 'quiz-result', 'result-pretest');
    await expect(page.getByTestId('score').locator('.score')).toHaveText('Nilai Anda: 50');
    await expect(page.getByTestId('score')).toContainText('Tes Awal selesai');
    await expect(page.locator('.result-item')).toHaveCount(4);
    await expect(page.locator('.explanation')).toHaveCount(4);
    await expect(page.locator('.explanation').first()).toContainText(/Penjelasan: Penjelasan \d+\./);
    // The review comes back after a reload too (quiz.result).
    await page.reload();
    await expect(page.getByTestId('score').locator('.score')).toHaveText('Nilai Anda: 50');
    await expect(page.locator('.explanation')).toHaveCount(4);
  });

  await test.step('the lessons open; the posttest waits for them', async () => {
    await page.getByRole('button', { name: 'Ke halaman kursus' }).click();
    await screen(page, 'course', 'course-open');
    await expect(quizCard(page, 'pretest').getByTestId('gate')).toContainText('Tes Awal sudah dikerjakan');
    await expect(quizCard(page, 'pretest')).toContainText('Nilai Tes Awal: 50.');
    await expect(quizCard(page, 'posttest').getByTestId('gate')).toHaveText(
      'Selesaikan semua pelajaran dulu (0 dari 2 sudah selesai).',
    );
    await page.locator('[data-lesson="l1"]').click();
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Pelajaran 1');
    cause('experienced');
    await page.goto(`${host().url}#/learn`);
    await expect(page.getByTestId('next-step')).toHaveText(
      `Lanjutkan pelajaran “Pelajaran 1” di kursus ${TITLE}.`,
    );
    await page.getByRole('button', { name: 'Lanjutkan' }).click();
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Pelajaran 1');
    await screen(page, 'lesson');
    await page.getByRole('button', { name: 'Lanjut →' }).click();
    cause('completed');
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Pelajaran 2');
    cause('experienced');
    await page.getByRole('button', { name: 'Selesai →' }).click();
    cause('completed');
    await expect(page.locator('[data-screen="course"]')).toBeVisible();
    await expect(page.getByText('2 dari 2 pelajaran selesai')).toBeVisible();
    await expect(quizCard(page, 'posttest')).toContainText('Sisa kesempatan: 2 dari 2.');
  });

  await test.step('first posttest attempt: timed, ticking while on screen, failed, one attempt left', async () => {
    await page.goto(`${host().url}#/learn`);
    await expect(page.getByTestId('next-step')).toHaveText(`Kerjakan Tes Akhir kursus ${TITLE}.`);
    await page.getByRole('button', { name: 'Mulai', exact: true }).click();
    await screen(page, 'quiz-intro', 'quiz-intro-posttest');
    await expect(page.getByTestId('intro-time')).toHaveText(
      'Batas waktunya 5 menit. Waktu hanya berjalan selama Anda mengerjakan soal.',
    );
    await page.getByRole('button', { name: 'Mulai tes' }).click();
    await screen(page, 'quiz', 'quiz-posttest');
    cause('attempted');
    await expect(page.getByTestId('quiz-timer')).toHaveText(/Sisa waktu: [45]:\d\d/);
    const before = ticks.length;
    await page.clock.fastForward(31_000);
    await expect.poll(() => ticks.length).toBeGreaterThan(before);
    await expect(page.getByTestId('quiz-timer')).toHaveText(/Sisa waktu: 4:[2-5]\d/);
    await answerAll(page, 4, 0);
    await page.getByRole('button', { name: 'Kirim jawaban' }).click();
    cause('failed');
    await screen(page, 'quiz-result', 'result-posttest-failed');
    await expect(page.getByTestId('score')).toContainText('Belum lulus');
    await expect(page.getByTestId('attempts-left')).toHaveText('Sisa kesempatan: 1.');
    await expect(page.getByTestId('certificate-issued')).toHaveCount(0);
    // With an attempt left the review says which answers were wrong, not the right ones.
    await expect(page.locator('.result-item.wrong')).toHaveCount(4);
    await expect(page.locator('.result-item.wrong').first()).toContainText('Salah');
    await expect(page.getByRole('heading', { name: 'Jawaban Anda', exact: true })).toBeVisible();
    await expect(page.getByTestId('answers-later')).toHaveText(
      'Jawaban yang benar dan penjelasannya ditampilkan setelah Anda lulus atau setelah kesempatan terakhir. Pelajari lagi soal yang salah, lalu coba lagi.',
    );
    await expect(page.locator('.explanation')).toHaveCount(0);
    await expect(page.getByText('Jawaban yang benar:')).toHaveCount(0);
    // Off the quiz screen nothing ticks any more.
    const after = ticks.length;
    await page.clock.fastForward(65_000);
    await page.waitForTimeout(300);
    expect(ticks.length).toBe(after);
  });

  await test.step('second attempt: all right, and the time runs out before "Kirim"', async () => {
    await page.getByRole('button', { name: 'Ke halaman kursus' }).click();
    await expect(quizCard(page, 'posttest')).toContainText('Sisa kesempatan: 1 dari 2.');
    await quizCard(page, 'posttest').getByRole('button', { name: /Mulai/ }).click();
    await page.getByRole('button', { name: 'Mulai tes' }).click();
    await expect(page.locator('[data-screen="quiz"]')).toBeVisible();
    cause('attempted');
    await answerAll(page, 4, 4);
    await page.clock.fastForward(5 * 60_000);
    cause('passed');
    cause('completed'); // the course
    cause('certified');
    await screen(page, 'quiz-result', 'result-posttest-time-up');
    await expect(page.getByTestId('time-up')).toHaveText(
      'Waktu habis. Jawaban yang sudah Anda berikan sudah dikirim dan dinilai.',
    );
    await expect(page.getByTestId('score').locator('.score')).toHaveText('Nilai Anda: 100');
    await expect(page.getByTestId('certificate-issued')).toContainText('Selamat! Anda mendapat sertifikat.');
    await expect(page.locator('.explanation')).toHaveCount(4);
    await expect(page.getByTestId('answers-later')).toHaveCount(0);
  });

  const download = join(work, 'sertifikat.pdf');
  await test.step('the certificate: shown, printable, downloadable, and it verifies', async () => {
    await page.getByRole('button', { name: 'Lihat / Cetak sertifikat' }).click();
    await screen(page, 'certificate');
    const canvas = page.locator('[data-pdf-viewer] canvas[data-rendered="true"]');
    await expect(canvas).toBeVisible({ timeout: 15_000 });
    await expect(page.getByRole('button', { name: 'Cetak' })).toBeEnabled();
    await page.emulateMedia({ media: 'print' });
    await expect(page.locator('.cert-print img')).toBeVisible();
    await expect(page.locator('.topbar')).toBeHidden();
    await page.screenshot({ path: 'test-results/screenshots/learner-assessment-certificate-print.png' });
    await page.emulateMedia({ media: 'screen' });
    const [file] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('link', { name: 'Unduh PDF' }).click(),
    ]);
    expect(file.suggestedFilename()).toMatch(/^sertifikat-\d{10}-\d{8}-[2-9A-Z]{5}\.pdf$/);
    await file.saveAs(download);
    const ok = balai(['cert', 'verify', download]);
    expect(ok.status, ok.stderr).toBe(0);

    // One character of the signed code in the PDF's Subject changed (the Info dictionary sits in a
    // compressed object stream, so pdf-lib rewrites it): refused. So is the code itself with that change.
    const original = await PDFDocument.load(readFileSync(download), { updateMetadata: false });
    const code = original.getSubject() ?? '';
    expect(code).toMatch(/^BB1\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/);
    const at = code.length - 5;
    const changed = code.slice(0, at) + (code[at] === 'A' ? 'B' : 'A') + code.slice(at + 1);
    expect(changed).toHaveLength(code.length);
    original.setSubject(changed);
    const tampered = await original.save();
    const bad = join(work, 'sertifikat-diubah.pdf');
    writeFileSync(bad, tampered);
    const refused = balai(['cert', 'verify', bad]);
    expect(refused.status).toBe(1);
    expect(refused.stderr).toMatch(/refused/);
    expect(refused.stderr).not.toMatch(/not a readable PDF|carries no/);
    expect(balai(['cert', 'verify', changed]).status).toBe(1);
    expect(balai(['cert', 'verify', code]).status).toBe(0);
  });

  await test.step('"Sertifikat saya" and "Hasil saya" say it all', async () => {
    await page.getByRole('button', { name: 'Sertifikat saya' }).click();
    await screen(page, 'certificates');
    await expect(page.locator('[data-certificate]')).toHaveCount(1);
    await expect(page.locator('[data-certificate]')).toContainText(TITLE);
    await expect(page.locator('[data-certificate]')).toContainText('Tes Awal 50 · Tes Akhir 100');

    await page.getByRole('button', { name: 'Hasil saya' }).click();
    await screen(page, 'results');
    const mine = page.locator(`[data-result="${COURSE}"]`);
    await expect(mine.getByTestId('course-status')).toHaveText('✓ Selesai dan lulus');
    await expect(mine.getByTestId('pretest-score')).toHaveText('50');
    await expect(mine.getByTestId('posttest-score')).toHaveText('100');
    await expect(mine.getByTestId('gain')).toHaveText('naik 50 poin');
    await expect(mine.getByTestId('normalized-gain')).toContainText('1,00');
    await expect(mine.getByTestId('attempts')).toHaveText(
      'Tes Awal 1 kali · Tes Akhir 2 kali · Latihan 0 kali',
    );
    await expect(mine.getByTestId('time-spent')).toHaveText(/menit/);
    await expect(mine).toContainText('Lihat / Cetak sertifikat');
    await logOut(page);
  });

  await test.step('every statement of this learner is valid xAPI, anonymous, and one per event', async () => {
    await host().restart(); // the host that recorded them has stopped; its database is closed
    const db = new Database(join(host().dataDir, 'balai.sqlite'), { readonly: true });
    const rows = db.prepare('SELECT verb, learner_id, statement FROM outbox ORDER BY seq').all() as {
      verb: string;
      learner_id: string | null;
      statement: string;
    }[];
    db.close();
    const counted: Record<string, number> = {};
    for (const row of rows.filter((r) => r.learner_id === learnerId))
      counted[row.verb] = (counted[row.verb] ?? 0) + 1;
    expect(counted).toEqual(caused);
    for (const row of rows) {
      const problems = validate(JSON.parse(row.statement));
      expect(problems, `${row.verb}: ${problems.map((p) => p.path.join('.')).join(', ')}`).toEqual([]);
      const lower = row.statement.toLowerCase();
      expect(lower).not.toContain(SITI.fullName.toLowerCase());
      expect(lower).not.toContain('siti');
      expect(row.statement.replace(/\D/g, '')).not.toContain(SITI.nik);
      expect(row.statement.replace(/\D/g, '')).not.toContain(SITI.phone);
      expect(lower).not.toContain(SITI.email);
      expect(lower).not.toContain('@');
    }
  });
});
