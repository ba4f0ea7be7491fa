import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { AttemptView } from '../../../main/api/courses';
import { decodeCertificate, nameHash } from '../../../main/core/certificates/payload';
import { sql } from '../../../main/core/db/sql';
import { useTempDirs } from '../../helpers/core';
import { writeAssessmentCourse } from '../../helpers/course-fixture';
import { makeWorld, type World } from '../../helpers/world';
import { assessmentWorld } from './world';

const C = 'uji-lengkap';

async function answerAll(w: World, token: string, attempt: AttemptView, right: number): Promise<void> {
  for (const [i, q] of attempt.questions.entries()) {
    await w.must(token, 'quiz.answer', {
      attemptId: attempt.attemptId,
      questionId: q.id,
      optionIds: [i < right ? 'a' : 'b'],
    });
  }
}

async function finishLessons(w: World, token: string, n = 2): Promise<void> {
  for (let i = 1; i <= n; i++) {
    await w.must(token, 'lessons.open', { courseId: C, lessonId: `l${i}` });
    await w.must(token, 'lessons.progress', {
      courseId: C,
      lessonId: `l${i}`,
      position: 100,
      completed: true,
    });
  }
}

describe('the quiz engine', () => {
  const tempDir = useTempDirs();

  it('pretest first (once), then lessons, then a posttest that never repeats the pretest questions; a certificate on passing', async () => {
    const w = await assessmentWorld(tempDir());
    const t = w.tokenB;
    expect(await w.call(t, 'lessons.open', { courseId: C, lessonId: 'l1' })).toMatchObject({
      ok: false,
      error: { code: 'CONFLICT', details: { reason: 'pretest_first' } },
    });
    expect(await w.call(t, 'quiz.start', { courseId: C, quizId: 'posttest' })).toMatchObject({
      ok: false,
      error: { details: { reason: 'pretest_first' } },
    });

    const { attempt: pre } = await w.must(t, 'quiz.start', { courseId: C, quizId: 'pretest' });
    expect(pre.questions).toHaveLength(4);
    await answerAll(w, t, pre, 1);
    const preResult = await w.must(t, 'quiz.submit', { attemptId: pre.attemptId });
    expect(preResult.result).toMatchObject({ score: 25, passed: false, certificateNumber: null });
    expect(preResult.result.items.every((i) => i.explanation?.startsWith('Penjelasan'))).toBe(true);
    expect(await w.call(t, 'quiz.start', { courseId: C, quizId: 'pretest' })).toMatchObject({
      ok: false,
      error: { details: { reason: 'pretest_done' } },
    });
    expect(await w.call(t, 'quiz.start', { courseId: C, quizId: 'posttest' })).toMatchObject({
      ok: false,
      error: { details: { reason: 'lessons_first' } },
    });

    await finishLessons(w, t);
    const { attempt: post1 } = await w.must(t, 'quiz.start', { courseId: C, quizId: 'posttest' });
    const preIds = new Set(pre.questions.map((q) => q.id));
    expect(post1.questions.some((q) => preIds.has(q.id))).toBe(false);
    await answerAll(w, t, post1, 2);
    expect((await w.must(t, 'quiz.submit', { attemptId: post1.attemptId })).result).toMatchObject({
      score: 50,
      passed: false,
    });

    const { attempt: post2 } = await w.must(t, 'quiz.start', { courseId: C, quizId: 'posttest' });
    expect(post2.questions.some((q) => preIds.has(q.id))).toBe(false);
    await answerAll(w, t, post2, 3);
    const passed = (await w.must(t, 'quiz.submit', { attemptId: post2.attemptId })).result;
    expect(passed).toMatchObject({ score: 75, passed: true });
    expect(passed.certificateNumber).toMatch(/^3302052001-\d{8}-[2-9A-Z]{5}$/);
    // Attempts as the course says (2), and no more after passing.
    expect(await w.call(t, 'quiz.start', { courseId: C, quizId: 'posttest' })).toMatchObject({
      ok: false,
      error: { code: 'CONFLICT' },
    });

    const { results } = await w.must(t, 'results.mine', {});
    const r = results.find((x) => x.courseId === C)!;
    expect(r).toMatchObject({
      pretestScore: 25,
      posttestScore: 75,
      gain: 50,
      normalizedGain: 0.667,
      completed: true,
      attempts: { pre: 1, post: 2, practice: 0 },
      certificateNumber: passed.certificateNumber,
    });

    const row = w.core.services.db.get<{ signature: string }>(
      sql`SELECT signature FROM certificates WHERE number = ${passed.certificateNumber}`,
    )!;
    const decoded = decodeCertificate(row.signature);
    expect(decoded).toMatchObject({
      ok: true,
      signatureValid: true,
      payload: {
        no: passed.certificateNumber,
        c: C,
        pre: 25,
        post: 75,
        lid: w.learnerB,
        nh: nameHash('Bambang Kedua'),
      },
    });
    const verbs = w.core.services.db
      .all<{ verb: string }>(sql`SELECT verb FROM outbox WHERE learner_id = ${w.learnerB} ORDER BY seq`)
      .map((v) => v.verb);
    expect(verbs.slice(-2)).toEqual(['completed', 'certified']);
    w.close();
  });

  it('keeps the best posttest score and the questions an attempt drew, even after a course upgrade', async () => {
    const w = await assessmentWorld(tempDir(), { postAttempts: null });
    const t = w.tokenB;
    const { attempt: pre } = await w.must(t, 'quiz.start', { courseId: C, quizId: 'pretest' });
    await answerAll(w, t, pre, 0);
    await w.must(t, 'quiz.submit', { attemptId: pre.attemptId });
    await finishLessons(w, t);
    const { attempt: a1 } = await w.must(t, 'quiz.start', { courseId: C, quizId: 'posttest' });
    await answerAll(w, t, a1, 2);
    await w.must(t, 'quiz.submit', { attemptId: a1.attemptId });
    const { attempt: a2 } = await w.must(t, 'quiz.start', { courseId: C, quizId: 'posttest' });
    await w.must(t, 'quiz.answer', {
      attemptId: a2.attemptId,
      questionId: a2.questions[0]!.id,
      optionIds: ['b'],
    });
    // A newer version of the course arrives in the middle of the attempt.
    const v2 = writeAssessmentCourse(join(`${w.dataDir}-sticks`, 'v2'), { bank: 14 });
    const manifest = JSON.parse((await import('node:fs')).readFileSync(join(v2, 'course.json'), 'utf8')) as {
      version: string;
    };
    manifest.version = '1.1.0';
    (await import('node:fs')).writeFileSync(join(v2, 'course.json'), JSON.stringify(manifest));
    expect(w.core.services.courses.installFolder(v2).ok).toBe(true);
    const { attempt: resumed } = await w.must(t, 'quiz.start', { courseId: C, quizId: 'posttest' });
    expect(resumed.attemptId).toBe(a2.attemptId);
    expect(resumed.questions).toEqual(a2.questions);
    expect(resumed.answers).toEqual({ [a2.questions[0]!.id]: ['b'] });
    await w.must(t, 'quiz.submit', { attemptId: a2.attemptId });
    const { results } = await w.must(t, 'results.mine', {});
    expect(results.find((x) => x.courseId === C)).toMatchObject({
      posttestScore: 50,
      pretestScore: 0,
      gain: 50,
    });
    w.close();
  });

  it('a timed posttest: the timer pauses while the learner is away, and the attempt is submitted when time is up', async () => {
    const w = await assessmentWorld(tempDir(), { timerMinutes: 1 });
    const t = w.tokenB;
    const { attempt: pre } = await w.must(t, 'quiz.start', { courseId: C, quizId: 'pretest' });
    await w.must(t, 'quiz.submit', { attemptId: pre.attemptId });
    await finishLessons(w, t);
    const { attempt } = await w.must(t, 'quiz.start', { courseId: C, quizId: 'posttest' });
    expect(attempt).toMatchObject({ timeLimitSeconds: 60, secondsLeft: 60 });
    w.clock.advance(20_000);
    expect(await w.must(t, 'quiz.tick', { attemptId: attempt.attemptId })).toEqual({
      secondsLeft: 40,
      expired: false,
    });
    await w.must(t, 'quiz.answer', {
      attemptId: attempt.attemptId,
      questionId: attempt.questions[0]!.id,
      optionIds: ['a'],
    });
    // Logged out (idle) for an hour: the timer does not run meanwhile.
    await w.must(t, 'auth.logout', { reason: 'idle' });
    w.clock.advance(3_600_000);
    const back = await w.loginAs(w.learnerB, '283940');
    const { attempt: resumed } = await w.must(back, 'quiz.start', { courseId: C, quizId: 'posttest' });
    expect(resumed.attemptId).toBe(attempt.attemptId);
    expect(resumed.secondsLeft).toBe(40);
    expect(resumed.answers).toEqual({ [attempt.questions[0]!.id]: ['a'] });
    // Still there: ticks every 30 s use up the time.
    for (let i = 0; i < 2; i++) {
      w.clock.advance(30_000);
      await w.must(back, 'quiz.tick', { attemptId: attempt.attemptId });
    }
    const late = await w.call(back, 'quiz.answer', {
      attemptId: attempt.attemptId,
      questionId: attempt.questions[1]!.id,
      optionIds: ['a'],
    });
    expect(late).toMatchObject({ ok: false, error: { code: 'CONFLICT', details: { reason: 'submitted' } } });
    const row = w.core.services.db.get<{ score: number; submitted_at: string | null }>(
      sql`SELECT score, submitted_at FROM quiz_attempts WHERE id = ${attempt.attemptId}`,
    )!;
    expect(row.submitted_at).not.toBeNull();
    expect(row.score).toBe(25);
    w.close();
  });

  it('practice quizzes any time, any number', async () => {
    const w = await assessmentWorld(tempDir());
    for (let i = 0; i < 3; i++) {
      const { attempt } = await w.must(w.tokenB, 'quiz.start', { courseId: C, quizId: 'latihan' });
      await w.must(w.tokenB, 'quiz.submit', { attemptId: attempt.attemptId });
    }
    const { results } = await w.must(w.tokenB, 'results.mine', {});
    expect(results.find((x) => x.courseId === C)?.attempts.practice).toBe(3);
    w.close();
  });
});

describe('reviewing a submitted attempt later', () => {
  const tempDir = useTempDirs();
  it('quiz.result gives the same review as the submission, only for the learner’s own submitted attempt', async () => {
    const w = await assessmentWorld(tempDir());
    const { attempt } = await w.must(w.tokenB, 'quiz.start', { courseId: C, quizId: 'latihan' });
    expect(await w.call(w.tokenB, 'quiz.result', { attemptId: attempt.attemptId })).toMatchObject({
      ok: false,
      error: { code: 'CONFLICT', details: { reason: 'not_submitted' } },
    });
    await answerAll(w, w.tokenB, attempt, 2);
    const submitted = await w.must(w.tokenB, 'quiz.submit', { attemptId: attempt.attemptId });
    const again = await w.must(w.tokenB, 'quiz.result', { attemptId: attempt.attemptId });
    expect(again).toEqual(submitted);
    expect(await w.call(w.tokenA, 'quiz.result', { attemptId: attempt.attemptId })).toMatchObject({
      ok: false,
      error: { code: 'NOT_FOUND' },
    });
    w.close();
  });
});

describe('completion without a posttest', () => {
  const tempDir = useTempDirs();
  it('a course with no posttest is complete once every lesson is done', async () => {
    const w = await makeWorld(tempDir());
    const before = (await w.must(w.tokenB, 'results.mine', {})).results.find(
      (r) => r.courseId === 'uji-dasar',
    )!;
    expect(before.completed).toBe(false);
    for (const lessonId of ['l1', 'l2']) {
      await w.must(w.tokenB, 'lessons.open', { courseId: 'uji-dasar', lessonId });
      await w.must(w.tokenB, 'lessons.progress', {
        courseId: 'uji-dasar',
        lessonId,
        position: 1,
        completed: true,
      });
    }
    const after = (await w.must(w.tokenB, 'results.mine', {})).results.find(
      (r) => r.courseId === 'uji-dasar',
    )!;
    expect(after).toMatchObject({ completed: true, certificateNumber: null, posttestScore: null });
    w.close();
  });
});
