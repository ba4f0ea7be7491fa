import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Question, Quiz } from '../../../main/core/courses/manifest';
import { drawQuestions, isCorrect, scoreAttempt } from '../../../main/core/quiz/draw';
import { advance } from '../../../main/core/quiz/timer';
import { normalizedGain, refuseStart } from '../../../main/core/quiz/rules';

const bankOf = (n: number): Question[] =>
  Array.from({ length: n }, (_, i) => ({
    id: `q${i}`,
    kind: i % 3 === 0 ? 'multiple' : 'single',
    prompt: `P${i}`,
    options: [
      { id: 'a', text: 'A' },
      { id: 'b', text: 'B' },
      { id: 'c', text: 'C' },
    ],
    correct: i % 3 === 0 ? ['a', 'c'] : ['a'],
    explanation: 'E',
  }));
const quiz = (kind: Quiz['kind'], draw: number): Quiz => ({
  id: kind,
  kind,
  title: kind,
  draw,
  passMark: 70,
  attempts: null,
  timerMinutes: null,
  shuffleOptions: true,
});

describe('drawing and scoring (properties)', () => {
  it('the same seed gives the same draw; a draw has the asked size and no duplicates', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 60 }),
        fc.integer({ min: 1, max: 60 }),
        fc.integer({ min: 0, max: 2 ** 31 - 1 }),
        (bankSize, want, seed) => {
          const bank = bankOf(bankSize);
          const q = quiz('practice', Math.min(want, bankSize));
          const a = drawQuestions(q, bank, seed);
          expect(drawQuestions(q, bank, seed)).toEqual(a);
          expect(a).toHaveLength(q.draw);
          expect(new Set(a.map((x) => x.id)).size).toBe(a.length);
        },
      ),
    );
  });

  it('the posttest never repeats a pretest question when the bank holds both draws', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 20 }),
        fc.integer({ min: 1, max: 20 }),
        fc.integer({ min: 0, max: 40 }),
        fc.nat(),
        fc.nat(),
        (preN, postN, extra, s1, s2) => {
          const bank = bankOf(preN + postN + extra);
          const pre = drawQuestions(quiz('pre', preN), bank, s1);
          const post = drawQuestions(quiz('post', postN), bank, s2, new Set(pre.map((q) => q.id)));
          const preIds = new Set(pre.map((q) => q.id));
          expect(post.filter((q) => preIds.has(q.id))).toEqual([]);
          expect(post).toHaveLength(postN);
        },
      ),
    );
  });

  it('scores are in 0..100 and count exactly the right answers', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 30 }),
        fc.array(fc.subarray(['a', 'b', 'c']), { minLength: 30, maxLength: 30 }),
        (n, picks) => {
          const questions = bankOf(n);
          const answers = Object.fromEntries(questions.map((q, i) => [q.id, picks[i]!]));
          const score = scoreAttempt(questions, answers);
          expect(score).toBeGreaterThanOrEqual(0);
          expect(score).toBeLessThanOrEqual(100);
          const right = questions.filter((q) => isCorrect(q, answers[q.id]!)).length;
          expect(score).toBeCloseTo((right / n) * 100, 0);
        },
      ),
    );
  });

  it('normalised gain is at most 1, and 1 exactly when the posttest is perfect', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 99 }), fc.integer({ min: 0, max: 100 }), (pre, post) => {
        const g = normalizedGain(pre, post)!;
        expect(g).toBeLessThanOrEqual(1);
        if (post === 100) expect(g).toBe(1);
        if (post === pre) expect(g).toBe(0);
      }),
    );
    expect(normalizedGain(100, 100)).toBeNull();
    expect(normalizedGain(null, 80)).toBeNull();
  });

  it('the timer never counts more than the cap per report, and never runs backwards', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: -5_000, max: 600_000 }), { maxLength: 40 }), (gaps) => {
        let state = {
          limitMs: 600_000 as number | null,
          usedMs: 0,
          activeAt: new Date(0).toISOString() as string | null,
        };
        let t = 0;
        for (const gap of gaps) {
          t += gap;
          const next = advance(state, new Date(Math.max(0, t)), 90_000);
          expect(next.usedMs - state.usedMs).toBeGreaterThanOrEqual(0);
          expect(next.usedMs - state.usedMs).toBeLessThanOrEqual(90_000);
          state = next;
        }
      }),
    );
  });

  it('start rules: pretest once, posttest after lessons and within attempts', () => {
    const base = {
      attemptsUsed: 0,
      attemptsAllowed: 2,
      hasPretest: true,
      pretestDone: true,
      allLessonsCompleted: true,
      passed: false,
    };
    expect(refuseStart({ ...base, kind: 'pre', attemptsUsed: 1 })?.reason).toBe('pretest_done');
    expect(refuseStart({ ...base, kind: 'post', pretestDone: false })?.reason).toBe('pretest_first');
    expect(refuseStart({ ...base, kind: 'post', allLessonsCompleted: false })?.reason).toBe('lessons_first');
    expect(refuseStart({ ...base, kind: 'post', attemptsUsed: 2 })?.reason).toBe('no_attempts_left');
    expect(refuseStart({ ...base, kind: 'post', passed: true })?.reason).toBe('already_passed');
    expect(refuseStart({ ...base, kind: 'post' })).toBeNull();
    expect(
      refuseStart({
        ...base,
        kind: 'practice',
        attemptsAllowed: null,
        attemptsUsed: 99,
        allLessonsCompleted: false,
      }),
    ).toBeNull();
  });
});

describe('course rule: a posttest can always avoid the pretest questions', () => {
  it('refuses a course whose bank is too small for a full pretest and a fresh posttest', async () => {
    const { courseManifestSchema } = await import('../../../main/core/courses/manifest');
    const course = (bank: number) => ({
      formatVersion: 1,
      id: 'c',
      version: '1.0.0',
      language: 'id',
      title: 'T',
      description: 'D',
      publisher: 'P',
      modules: [{ id: 'm', title: 'M', lessons: [{ id: 'l', title: 'L', body: 'l.md' }] }],
      questions: bankOf(bank),
      quizzes: [
        { id: 'pre', kind: 'pre', title: 'Pre', draw: 15, passMark: 70, attempts: 1 },
        { id: 'post', kind: 'post', title: 'Post', draw: 15, passMark: 70, attempts: 3 },
      ],
    });
    expect(courseManifestSchema.safeParse(course(30)).success).toBe(true);
    const small = courseManifestSchema.safeParse(course(29));
    expect(small.success).toBe(false);
    expect(small.error?.issues[0]?.message).toMatch(/cannot draw 15 questions besides those of pre/);
  });
});
