import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import type { AttemptView } from '../../../main/api/courses';
import type { VillageRow } from '../../../main/api/reports';
import { isoWithOffset } from '../../../main/core/clock';
import { sql } from '../../../main/core/db/sql';
import { excelLocalDate, indonesianDateTime, XLSX_HEADERS } from '../../../main/core/reports/xlsx';
import { useTempDirs } from '../../helpers/core';
import { writeAssessmentCourse } from '../../helpers/course-fixture';
import { makeWorld, type World } from '../../helpers/world';

const C = 'uji-lengkap';
const MINUTE = 60_000;

async function answerAll(w: World, token: string, attempt: AttemptView, right: number): Promise<void> {
  for (const [i, q] of attempt.questions.entries()) {
    await w.must(token, 'quiz.answer', {
      attemptId: attempt.attemptId,
      questionId: q.id,
      optionIds: [i < right ? 'a' : 'b'],
    });
  }
}

/** Pretest with `pre` right answers of 4, both lessons, then one posttest per entry of `posts`. */
async function study(w: World, token: string, pre: number, posts: number[]): Promise<void> {
  const { attempt } = await w.must(token, 'quiz.start', { courseId: C, quizId: 'pretest' });
  await answerAll(w, token, attempt, pre);
  await w.must(token, 'quiz.submit', { attemptId: attempt.attemptId });
  for (const lessonId of ['l1', 'l2']) {
    w.clock.advance(MINUTE);
    await w.must(token, 'lessons.open', { courseId: C, lessonId });
    await w.must(token, 'lessons.progress', { courseId: C, lessonId, position: 100, completed: true });
  }
  for (const right of posts) {
    w.clock.advance(MINUTE);
    const { attempt: post } = await w.must(token, 'quiz.start', { courseId: C, quizId: 'posttest' });
    await answerAll(w, token, post, right);
    await w.must(token, 'quiz.submit', { attemptId: post.attemptId });
  }
}

interface Village {
  w: World;
  learnerC: string;
  erasedWithRecords: string;
  erasedWithout: string;
  /** When B's last posttest was submitted. */
  bDoneAt: string;
}

/**
 * B (anggota BPD) passes: pre 25, post 75. C (kepala dusun) fails the posttest: pre 50, post 25, one attempt
 * left. D takes the pretest and is then erased; E is erased without any record. A has only the world's start.
 */
async function village(dir: string): Promise<Village> {
  const w = await makeWorld(dir);
  const installed = w.core.services.courses.installFolder(
    writeAssessmentCourse(join(`${dir}-sticks`, 'src')),
  );
  if (!installed.ok) throw new Error(installed.reason);
  const learnerC = await w.addLearner('Citra Ketiga', '405162', 'kepala_dusun');
  const learnerD = await w.addLearner('Dedi Keempat', '516273', 'kepala_dusun');
  const learnerE = await w.addLearner('Eko Kelima', '627384', 'kepala_dusun');

  w.clock.advance(MINUTE);
  await study(w, w.tokenB, 1, [3]);
  const bDoneAt = isoWithOffset(w.clock.now());

  w.clock.advance(3 * MINUTE);
  await study(w, await w.loginAs(learnerC, '405162'), 2, [1]);

  w.clock.advance(MINUTE);
  const tokenD = await w.loginAs(learnerD, '516273');
  const { attempt } = await w.must(tokenD, 'quiz.start', { courseId: C, quizId: 'pretest' });
  await answerAll(w, tokenD, attempt, 4);
  await w.must(tokenD, 'quiz.submit', { attemptId: attempt.attemptId });
  // The set-up session has gone idle meanwhile: the operator logs in again.
  const operator = await w.loginAs(w.operatorId, '246813');
  await w.must(operator, 'learners.erase', { id: learnerD, confirm: true });
  await w.must(operator, 'learners.erase', { id: learnerE, confirm: true });
  return { w: { ...w, operator }, learnerC, erasedWithRecords: learnerD, erasedWithout: learnerE, bDoneAt };
}

const rowOf = (rows: VillageRow[], learnerId: string, courseId = C) =>
  rows.find((r) => r.learnerId === learnerId && r.courseId === courseId);

describe("the operator's village view", () => {
  const tempDir = useTempDirs();

  it('lists every learner × installed course with the learner’s own numbers, status and last activity', async () => {
    const { w, learnerC, erasedWithRecords, erasedWithout, bDoneAt } = await village(tempDir());
    const report = await w.must(w.operator, 'reports.village', {});
    const courseIds = report.courses.map((c) => c.id);
    expect(courseIds).toContain(C);
    expect(courseIds).toContain('uji-dasar');

    // Learners only (the pure operator is not one), erased learners only with records.
    const learners = new Set(report.rows.map((r) => r.learnerId));
    expect(learners).toEqual(new Set([w.learnerA, w.learnerB, learnerC, erasedWithRecords, w.operatorId]));
    expect(learners.has(w.pureOperatorId)).toBe(false);
    expect(learners.has(erasedWithout)).toBe(false);
    expect(report.rows).toHaveLength(learners.size * report.courses.length);

    const { certificateNumber } = rowOf(report.rows, w.learnerB)!;
    expect(rowOf(report.rows, w.learnerB)).toMatchObject({
      fullName: 'Bambang Kedua',
      jabatan: 'anggota_bpd',
      courseTitle: 'Kursus Uji Lengkap',
      pretestScore: 25,
      posttestScore: 75,
      gain: 50,
      normalizedGain: 0.667,
      status: 'completed',
      lessonsCompleted: 2,
      lessonCount: 2,
      posttestAttemptsLeft: 0,
      lastActivity: bDoneAt,
    });
    expect(certificateNumber).toMatch(/^3302052001-/);
    // The same numbers as on the learner's own page.
    const mine = (await w.must(w.tokenB, 'results.mine', {})).results.find((r) => r.courseId === C)!;
    expect(mine).toMatchObject({
      pretestScore: 25,
      posttestScore: 75,
      gain: 50,
      normalizedGain: 0.667,
      certificateNumber,
      timeSpentMinutes: rowOf(report.rows, w.learnerB)!.timeSpentMinutes,
    });

    expect(rowOf(report.rows, learnerC)).toMatchObject({
      pretestScore: 50,
      posttestScore: 25,
      gain: -25,
      normalizedGain: -0.5,
      status: 'failed_post',
      posttestAttemptsLeft: 1,
      certificateNumber: null,
    });
    expect(Date.parse(rowOf(report.rows, learnerC)!.lastActivity!)).toBeGreaterThan(Date.parse(bDoneAt));

    expect(rowOf(report.rows, erasedWithRecords)).toMatchObject({
      fullName: null,
      jabatan: null,
      erased: true,
      disabled: true,
      pretestScore: 100,
      posttestScore: null,
      gain: null,
      status: 'in_progress',
    });

    // A: started the fixture course (a lesson done, a quiz open), nothing in uji-lengkap.
    expect(rowOf(report.rows, w.learnerA, 'uji-dasar')).toMatchObject({
      status: 'in_progress',
      lessonsCompleted: 1,
    });
    expect(rowOf(report.rows, w.learnerA, 'uji-dasar')!.lastActivity).not.toBeNull();
    expect(rowOf(report.rows, w.learnerA)).toMatchObject({
      status: 'not_started',
      lastActivity: null,
      pretestScore: null,
      timeSpentMinutes: 0,
    });
    // Erased learners come last.
    expect(report.rows.at(-1)!.erased).toBe(true);
    expect(report.clockWarning).toBe(false);
    w.close();
  });

  it('filters by jabatan', async () => {
    const { w, learnerC, erasedWithRecords } = await village(tempDir());
    const bpd = await w.must(w.operator, 'reports.village', { jabatan: 'anggota_bpd' });
    expect(new Set(bpd.rows.map((r) => r.learnerId))).toEqual(new Set([w.learnerB]));
    const dusun = await w.must(w.operator, 'reports.village', { jabatan: 'kepala_dusun' });
    // D was a kepala dusun, but an erased learner has no jabatan left to filter by.
    expect(new Set(dusun.rows.map((r) => r.learnerId))).toEqual(new Set([learnerC]));
    expect(dusun.rows.some((r) => r.learnerId === erasedWithRecords)).toBe(false);
    const none = await w.must(w.operator, 'reports.village', { jabatan: 'ketua_bpd' });
    expect(none.rows).toEqual([]);
    expect(none.courses.length).toBeGreaterThan(0);
    w.close();
  });

  it("a learner's history: identity, results, and only their own events in recording order", async () => {
    const { w, learnerC } = await village(tempDir());
    const history = await w.must(w.operator, 'reports.learnerHistory', { learnerId: w.learnerB });
    expect(history.learner).toMatchObject({
      id: w.learnerB,
      fullName: 'Bambang Kedua',
      jabatan: 'anggota_bpd',
    });
    expect(history.desa).toMatchObject({ code: '33.02.05.2001', name: 'Adisana' });
    expect(history.courses.find((c) => c.courseId === C)).toMatchObject({
      pretestScore: 25,
      posttestScore: 75,
      status: 'completed',
    });

    const own = w.core.services.db.all<{ seq: number }>(
      sql`SELECT seq FROM outbox WHERE learner_id = ${w.learnerB} AND verb != 'answered' ORDER BY seq`,
    );
    expect(history.events.map((e) => e.seq)).toEqual(own.map((r) => r.seq));
    expect(history.truncated).toBe(false);
    const times = history.events.map((e) => Date.parse(e.at));
    expect(times).toEqual([...times].sort((a, b) => a - b));
    expect(history.events.every((e) => e.courseId === C && e.verb !== 'answered')).toBe(true);

    const pre = history.events.find((e) => e.quizKind === 'pre' && e.score !== null);
    expect(pre).toMatchObject({ verb: 'failed', score: 25, success: false, activityName: 'Tes Awal' });
    const post = history.events.find((e) => e.quizKind === 'post' && e.score !== null);
    expect(post).toMatchObject({
      verb: 'passed',
      score: 75,
      success: true,
      courseTitle: 'Kursus Uji Lengkap',
    });
    const certified = history.events.find((e) => e.verb === 'certified');
    expect(certified?.activityType).toBe('certificate');
    expect(certified?.certificateNumber).toMatch(/^3302052001-/);
    expect(history.events.at(-1)!.verb).toBe('certified');

    // No other learner's events: C studied the same course, A another one.
    const others = w.core.services.db.all<{ seq: number }>(
      sql`SELECT seq FROM outbox WHERE learner_id != ${w.learnerB}`,
    );
    const mineSeqs = new Set(history.events.map((e) => e.seq));
    expect(others.some((r) => mineSeqs.has(r.seq))).toBe(false);
    expect(JSON.stringify(history)).not.toContain(learnerC);
    expect(JSON.stringify(history)).not.toContain(w.learnerA);

    // Answers on request; a limit keeps the latest ones.
    const withAnswers = await w.must(w.operator, 'reports.learnerHistory', {
      learnerId: w.learnerB,
      includeAnswers: true,
    });
    expect(withAnswers.events.filter((e) => e.verb === 'answered')).toHaveLength(8);
    const latest = await w.must(w.operator, 'reports.learnerHistory', { learnerId: w.learnerB, limit: 3 });
    expect(latest.truncated).toBe(true);
    expect(latest.events.map((e) => e.seq)).toEqual(own.slice(-3).map((r) => r.seq));

    expect(
      await w.call(w.operator, 'reports.learnerHistory', {
        learnerId: '00000000-0000-4000-8000-000000000000',
      }),
    ).toMatchObject({
      ok: false,
      error: { code: 'NOT_FOUND' },
    });
    w.close();
  });

  it('an erased learner’s history keeps the records without name or jabatan', async () => {
    const { w, erasedWithRecords } = await village(tempDir());
    const history = await w.must(w.operator, 'reports.learnerHistory', { learnerId: erasedWithRecords });
    expect(history.learner).toMatchObject({ fullName: null, jabatan: null, erased: true });
    expect(history.events.some((e) => e.quizKind === 'pre' && e.score === 100)).toBe(true);
    w.close();
  });

  it('exports the village view to an Excel file: header block, frozen header row, one row per learner per course', async () => {
    const { w, erasedWithRecords } = await village(tempDir());
    const { fileName, base64, rows } = await w.must(w.operator, 'reports.villageXlsx', {});
    expect(fileName).toMatch(/^hasil-belajar-3302052001-\d{4}-\d{2}-\d{2}\.xlsx$/);
    const report = await w.must(w.operator, 'reports.village', {});
    expect(rows).toBe(report.rows.length);

    const workbook = new ExcelJS.Workbook();
    const bytes = Buffer.from(base64, 'base64');
    await workbook.xlsx.load(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength));
    const sheet = workbook.worksheets[0]!;
    const text = (row: number, col: number) => sheet.getCell(row, col).text;
    expect(text(1, 1)).toContain('Adisana');
    const block = [1, 2, 3, 4].map((r) => text(r, 1)).join('\n');
    expect(block).toContain('33.02.05.2001');
    expect(block).toContain(`Tanggal ekspor: ${indonesianDateTime(isoWithOffset(w.clock.now()))}`);

    let headerRow = 0;
    sheet.eachRow((row, n) => {
      if (row.getCell(1).value === 'Nama') headerRow = n;
    });
    expect(headerRow).toBeGreaterThan(4);
    expect(XLSX_HEADERS.map((_, i) => sheet.getCell(headerRow, i + 1).value)).toEqual([...XLSX_HEADERS]);
    expect(sheet.views[0]).toMatchObject({ state: 'frozen', ySplit: headerRow });
    expect(sheet.getColumn(1).width).toBeGreaterThanOrEqual(20);
    expect(sheet.rowCount).toBe(headerRow + rows);

    const byName = (name: string, course = 'Kursus Uji Lengkap') => {
      for (let r = headerRow + 1; r <= sheet.rowCount; r++) {
        if (text(r, 1) === name && text(r, 3) === course)
          return XLSX_HEADERS.map((_, i) => sheet.getCell(r, i + 1).value);
      }
      return undefined;
    };
    const b = rowOf(report.rows, w.learnerB)!;
    expect(byName('Bambang Kedua')).toEqual([
      'Bambang Kedua',
      'Anggota BPD',
      'Kursus Uji Lengkap',
      25,
      75,
      50,
      0.667,
      'Lulus',
      b.certificateNumber,
      excelLocalDate(b.lastActivity!),
      b.timeSpentMinutes,
    ]);
    expect(byName('Citra Ketiga')?.slice(3, 9)).toEqual([50, 25, -25, -0.5, 'Belum lulus', '']);
    expect(byName('(data dihapus)')?.[1]).toBe('');
    expect(rowOf(report.rows, erasedWithRecords)).toBeDefined();
    expect(byName('Ani Pertama')?.slice(3, 10)).toEqual([null, null, null, null, 'Belum mulai', '', null]);

    const audit = w.core.services.db.all<{ action: string }>(sql`SELECT action FROM audit_log`);
    expect(audit.map((a) => a.action)).toContain('report.export');

    const bpd = await w.must(w.operator, 'reports.villageXlsx', { jabatan: 'anggota_bpd' });
    expect(bpd.fileName).toContain('-anggota_bpd-');
    expect(bpd.rows).toBe(report.courses.length);
    w.close();
  });
});
