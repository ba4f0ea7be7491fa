import { describe, expect, it } from 'vitest';
import type { AttemptResult, AttemptView } from '../../../main/api/courses';
import { useTempDirs } from '../../helpers/core';
import type { writeAssessmentCourse } from '../../helpers/course-fixture';
import type { World } from '../../helpers/world';
import { assessmentWorld } from './world';

const C = 'uji-lengkap';

/** Every call of a learner through the course and quiz API, with each answer kept as JSON text. */
function recorder(w: World, token: string) {
  const seen: { method: string; json: string }[] = [];
  const must: World['must'] = async (t, name, args) => {
    const value = await w.must(t, name, args);
    seen.push({ method: name, json: JSON.stringify(value) });
    return value;
  };
  return {
    seen,
    must,
    async answer(attempt: AttemptView, right: number) {
      for (const [i, q] of attempt.questions.entries())
        await must(token, 'quiz.answer', {
          attemptId: attempt.attemptId,
          questionId: q.id,
          optionIds: [i < right ? 'a' : 'b'],
        });
    },
    async lessons() {
      for (const lessonId of ['l1', 'l2']) {
        await must(token, 'lessons.open', { courseId: C, lessonId });
        await must(token, 'lessons.progress', { courseId: C, lessonId, position: 1, completed: true });
      }
    },
  };
}

/** Learner B of a new village with the course, through the pretest (nothing right) and every lesson. */
async function atPosttest(dir: string, opts: Parameters<typeof writeAssessmentCourse>[1]) {
  const w = await assessmentWorld(dir, opts);
  const t = w.tokenB;
  const r = recorder(w, t);
  const { attempt: pre } = await w.must(t, 'quiz.start', { courseId: C, quizId: 'pretest' });
  await w.must(t, 'quiz.submit', { attemptId: pre.attemptId });
  await r.lessons();
  /** Starts a posttest or practice attempt, answers `right` of its questions right, submits: the review. */
  const take = async (quizId: string, right: number) => {
    const { attempt } = await w.must(t, 'quiz.start', { courseId: C, quizId });
    await r.answer(attempt, right);
    return { attempt, review: (await w.must(t, 'quiz.submit', { attemptId: attempt.attemptId })).result };
  };
  return { w, t, pre, take };
}

/** The keys of the fixture's bank: explanations "Penjelasan N." and the right option's id in a review. */
const KEYS = /Penjelasan \d+|"correctOptionIds":\[|"correct":\[/;

const hidden = (r: AttemptResult) =>
  r.items.every((i) => i.correctOptionIds === null && i.explanation === null);
const shown = (r: AttemptResult) =>
  r.items.every((i) => i.correctOptionIds?.[0] === 'a' && i.explanation?.startsWith('Penjelasan'));

describe('quiz reviews and retakes', () => {
  const tempDir = useTempDirs();

  it('no course or quiz answer carries a key until the review allows it; a failed posttest with attempts left shows only which answers were wrong', async () => {
    const w = await assessmentWorld(tempDir());
    const t = w.tokenB;
    const r = recorder(w, t);
    await r.must(t, 'courses.catalogue', {});
    await r.must(t, 'courses.outline', { courseId: C });
    const { attempt: pre } = await r.must(t, 'quiz.start', { courseId: C, quizId: 'pretest' });
    await r.answer(pre, 1);
    await r.must(t, 'quiz.tick', { attemptId: pre.attemptId });
    const preReview = (await w.must(t, 'quiz.submit', { attemptId: pre.attemptId })).result;
    // The pretest is taken once: its review shows the answers (the posttest never repeats its questions).
    expect(preReview).toMatchObject({
      answersShown: true,
      attemptsLeft: 0,
      showAnswers: 'after_each_attempt',
    });
    expect(shown(preReview)).toBe(true);
    await r.lessons();

    const { attempt: post1 } = await r.must(t, 'quiz.start', { courseId: C, quizId: 'posttest' });
    await r.answer(post1, 2);
    const failed = (await r.must(t, 'quiz.submit', { attemptId: post1.attemptId })).result;
    expect(failed).toMatchObject({
      passed: false,
      attemptsLeft: 1,
      showAnswers: 'after_passing_or_last_attempt',
      answersShown: false,
    });
    expect(failed.items.map((i) => i.correct)).toEqual([true, true, false, false]);
    expect(failed.items.map((i) => i.chosen)).toEqual([['a'], ['a'], ['b'], ['b']]);
    expect(hidden(failed)).toBe(true);
    await r.must(t, 'quiz.result', { attemptId: post1.attemptId });
    await r.must(t, 'results.mine', {});
    await r.must(t, 'courses.outline', { courseId: C });
    const { attempt: post2 } = await r.must(t, 'quiz.start', { courseId: C, quizId: 'posttest' });
    // With the retake open, the first attempt's review still holds its keys back.
    await r.must(t, 'quiz.result', { attemptId: post1.attemptId });

    const leaks = r.seen.filter((s) => KEYS.test(s.json)).map((s) => s.method);
    expect(leaks).toEqual([]);
    expect(r.seen.map((s) => s.method)).toEqual(
      expect.arrayContaining([
        'courses.catalogue',
        'courses.outline',
        'lessons.open',
        'lessons.progress',
        'quiz.start',
        'quiz.answer',
        'quiz.tick',
        'quiz.submit',
        'quiz.result',
        'results.mine',
      ]),
    );

    // The last attempt: now every review of this posttest shows the right answers and explanations.
    await r.answer(post2, 1);
    const last = (await w.must(t, 'quiz.submit', { attemptId: post2.attemptId })).result;
    expect(last).toMatchObject({ passed: false, attemptsLeft: 0, answersShown: true });
    expect(shown(last)).toBe(true);
    expect(shown((await w.must(t, 'quiz.result', { attemptId: post1.attemptId })).result)).toBe(true);
    w.close();
  });

  it('passing the posttest shows the answers by default', async () => {
    const { w, take } = await atPosttest(tempDir(), { postAttempts: 3 });
    const { review } = await take('posttest', 4);
    expect(review).toMatchObject({ passed: true, attemptsLeft: 0, answersShown: true });
    expect(shown(review)).toBe(true);
    w.close();
  });

  it('a course sets when: after each attempt, after passing (practice, unlimited), after the last attempt', async () => {
    const each = await atPosttest(tempDir(), {
      postAttempts: 3,
      showAnswers: { post: 'after_each_attempt', practice: 'after_passing' },
    });
    const failed = (await each.take('posttest', 0)).review;
    expect(failed).toMatchObject({ passed: false, attemptsLeft: 2, answersShown: true });
    expect(shown(failed)).toBe(true);
    const practiceFailed = (await each.take('latihan', 1)).review;
    expect(practiceFailed).toMatchObject({
      attemptsLeft: null,
      showAnswers: 'after_passing',
      answersShown: false,
    });
    expect(hidden(practiceFailed)).toBe(true);
    expect(shown((await each.take('latihan', 3)).review)).toBe(true);
    each.w.close();

    const last = await atPosttest(tempDir(), {
      postAttempts: 2,
      showAnswers: { post: 'after_last_attempt' },
    });
    expect(hidden((await last.take('posttest', 0)).review)).toBe(true);
    expect(shown((await last.take('posttest', 0)).review)).toBe(true);
    last.w.close();
  });

  it('a retake draws the questions the learner has not seen first, while the bank allows, never the pretest ones', async () => {
    // Bank 12, pretest 4: the posttest has 8 besides the pretest's, so attempt 2 has 4 new ones.
    const { w, pre, take } = await atPosttest(tempDir(), { postAttempts: 3 });
    const ids = (a: AttemptView) => a.questions.map((q) => q.id);
    const attempts: string[][] = [];
    for (let i = 0; i < 3; i++) attempts.push(ids((await take('posttest', 0)).attempt));
    const preIds = ids(pre);
    expect(attempts.flat().filter((id) => preIds.includes(id))).toEqual([]);
    expect(attempts[1]!.filter((id) => attempts[0]!.includes(id))).toEqual([]);
    // All 8 seen: the third draws from them again (4 distinct questions).
    expect(new Set(attempts[2]).size).toBe(4);
    w.close();
  });
});
