import { describe, expect, it } from 'vitest';
import { quizSchema, type Question, type Quiz } from '../../../main/core/courses/manifest';
import { drawQuestions, isCorrect, scoreAttempt, seededRandom, shuffle } from '../../../main/core/quiz/draw';

// fast-check is not installed, so these are table tests over fixed seeds: deterministic and still broad.
const SEEDS = Array.from({ length: 200 }, (_, i) => i * 7919 + 1);

function single(id: string, correct = 'a'): Question {
  return {
    id,
    kind: 'single',
    prompt: `Pertanyaan ${id}`,
    options: ['a', 'b', 'c', 'd'].map((o) => ({ id: o, text: `Pilihan ${o}` })),
    correct: [correct],
    explanation: 'Karena begitu aturannya.',
  };
}

function multiple(id: string, correct: string[]): Question {
  return {
    id,
    kind: 'multiple',
    prompt: `Pilih semua yang benar (${id})`,
    options: ['a', 'b', 'c', 'd', 'e', 'f'].map((o) => ({ id: o, text: `Pilihan ${o}` })),
    correct,
    explanation: 'Karena begitu aturannya.',
  };
}

function truefalse(id: string, correct: 'benar' | 'salah'): Question {
  return {
    id,
    kind: 'truefalse',
    prompt: `Benar atau salah (${id})`,
    options: [
      { id: 'benar', text: 'Benar' },
      { id: 'salah', text: 'Salah' },
    ],
    correct: [correct],
    explanation: 'Karena begitu aturannya.',
  };
}

/** A quiz as course.json would give it, defaults filled in by the schema. */
function quiz(fields: { draw: number; pool?: string[]; shuffleOptions?: boolean }): Quiz {
  return quizSchema.parse({
    id: 'kuis',
    kind: 'practice',
    title: 'Kuis',
    passMark: 70,
    attempts: null,
    ...fields,
  });
}

const BANK: Question[] = [
  ...Array.from({ length: 8 }, (_, i) => single(`s${i}`)),
  multiple('m0', ['a', 'c']),
  multiple('m1', ['b', 'd', 'f']),
  truefalse('t0', 'salah'),
  truefalse('t1', 'benar'),
];
const ids = (qs: readonly Question[]) => qs.map((q) => q.id);

describe('seededRandom and shuffle', () => {
  it('give numbers in [0, 1) and a permutation of the input', () => {
    const random = seededRandom(42);
    for (let i = 0; i < 1000; i++) {
      const x = random();
      expect(x).toBeGreaterThanOrEqual(0);
      expect(x).toBeLessThan(1);
    }
    const items = [1, 2, 3, 4, 5, 6, 7];
    for (const seed of SEEDS.slice(0, 20)) {
      expect([...shuffle(items, seededRandom(seed))].sort()).toEqual(items);
    }
    expect(items).toEqual([1, 2, 3, 4, 5, 6, 7]);
  });
});

describe('drawQuestions', () => {
  it('the same seed gives the same draw, options included', () => {
    const q = quiz({ draw: 6 });
    for (const seed of SEEDS) {
      expect(drawQuestions(q, BANK, seed)).toEqual(drawQuestions(q, BANK, seed));
    }
  });

  it('different seeds usually give different draws', () => {
    const q = quiz({ draw: 5 });
    const draws = new Set(SEEDS.map((seed) => ids(drawQuestions(q, BANK, seed)).join(',')));
    // 12·11·10·9·8 = 95,040 ordered draws; 200 seeds should almost never collide.
    expect(draws.size).toBeGreaterThanOrEqual(SEEDS.length - 5);
    // And every question turns up somewhere.
    const seen = new Set(SEEDS.flatMap((seed) => ids(drawQuestions(q, BANK, seed))));
    expect(seen).toEqual(new Set(ids(BANK)));
  });

  it.each([1, 3, 5, 12])('draws exactly %i distinct questions from the bank', (draw) => {
    for (const seed of SEEDS.slice(0, 50)) {
      const drawn = drawQuestions(quiz({ draw }), BANK, seed);
      expect(drawn).toHaveLength(draw);
      expect(new Set(ids(drawn)).size).toBe(draw);
      for (const q of drawn) expect(ids(BANK)).toContain(q.id);
    }
  });

  it('draws only from the quiz pool when one is given', () => {
    const pool = ['s1', 's3', 'm1', 't0'];
    for (const seed of SEEDS.slice(0, 50)) {
      const drawn = drawQuestions(quiz({ draw: 3, pool }), BANK, seed);
      expect(drawn).toHaveLength(3);
      for (const id of ids(drawn)) expect(pool).toContain(id);
    }
  });

  it('leaves out excluded questions when the pool has enough others', () => {
    const exclude = new Set(['s0', 's1', 's2', 'm0', 't0']);
    for (const seed of SEEDS) {
      const drawn = drawQuestions(quiz({ draw: 7 }), BANK, seed, exclude);
      expect(drawn).toHaveLength(7);
      for (const id of ids(drawn)) expect(exclude.has(id)).toBe(false);
    }
  });

  it('still draws the full number when the exclude set leaves too few', () => {
    const exclude = new Set(ids(BANK).slice(0, 10));
    for (const seed of SEEDS.slice(0, 50)) {
      const drawn = drawQuestions(quiz({ draw: 5 }), BANK, seed, exclude);
      expect(drawn).toHaveLength(5);
      expect(new Set(ids(drawn)).size).toBe(5);
    }
  });

  it('shuffles options but keeps the same set and the same correct answers', () => {
    const q = quiz({ draw: BANK.length });
    let reordered = 0;
    for (const seed of SEEDS) {
      for (const drawn of drawQuestions(q, BANK, seed)) {
        const original = BANK.find((b) => b.id === drawn.id)!;
        expect([...drawn.options].sort((x, y) => x.id.localeCompare(y.id))).toEqual(
          [...original.options].sort((x, y) => x.id.localeCompare(y.id)),
        );
        expect(drawn.correct).toEqual(original.correct);
        const order = (opts: Question['options']) => opts.map((o) => o.id).join();
        if (order(drawn.options) !== order(original.options)) reordered++;
        // Benar/Salah keep their order: a shuffled "Salah, Benar" only confuses.
        if (drawn.kind === 'truefalse') expect(drawn.options).toEqual(original.options);
      }
    }
    expect(reordered).toBeGreaterThan(SEEDS.length);
  });

  it('keeps the option order when the quiz turns shuffling off', () => {
    const q = quiz({ draw: BANK.length, shuffleOptions: false });
    for (const seed of SEEDS.slice(0, 50)) {
      for (const drawn of drawQuestions(q, BANK, seed)) {
        expect(drawn).toEqual(BANK.find((b) => b.id === drawn.id));
      }
    }
  });

  it('does not change the bank it draws from', () => {
    const before = structuredClone(BANK);
    for (const seed of SEEDS.slice(0, 20)) drawQuestions(quiz({ draw: 6 }), BANK, seed);
    expect(BANK).toEqual(before);
  });
});

describe('isCorrect', () => {
  const m = multiple('m', ['a', 'c']);
  it.each([
    { chosen: ['a', 'c'], right: true, why: 'the exact set' },
    { chosen: ['c', 'a'], right: true, why: 'the exact set in another order' },
    { chosen: ['a'], right: false, why: 'a subset' },
    { chosen: ['a', 'c', 'e'], right: false, why: 'a superset' },
    { chosen: ['a', 'b'], right: false, why: 'one right, one wrong' },
    { chosen: ['a', 'a'], right: false, why: 'one right option repeated' },
    { chosen: [], right: false, why: 'nothing chosen' },
  ])('multiple choice: $why → $right', ({ chosen, right }) => {
    expect(isCorrect(m, chosen)).toBe(right);
  });

  it.each([
    { q: single('s', 'b'), chosen: ['b'], right: true },
    { q: single('s', 'b'), chosen: ['a'], right: false },
    { q: single('s', 'b'), chosen: [], right: false },
    { q: truefalse('t', 'salah'), chosen: ['salah'], right: true },
    { q: truefalse('t', 'salah'), chosen: ['benar'], right: false },
  ])('$q.kind $chosen → $right', ({ q, chosen, right }) => {
    expect(isCorrect(q, chosen)).toBe(right);
  });
});

describe('scoreAttempt', () => {
  const qs = [single('s0', 'a'), multiple('m0', ['a', 'c']), truefalse('t0', 'salah'), single('s1', 'd')];
  const allRight = { s0: ['a'], m0: ['c', 'a'], t0: ['salah'], s1: ['d'] };

  it.each<{ answers: Record<string, string[]>; score: number }>([
    { answers: allRight, score: 100 },
    { answers: { ...allRight, s1: ['a'] }, score: 75 },
    { answers: { s0: ['a'], m0: ['a'] }, score: 25 },
    { answers: { m0: ['a', 'c'], t0: ['salah'] }, score: 50 },
    { answers: {}, score: 0 },
    // Answers to questions outside the attempt count for nothing.
    { answers: { other: ['a'], s0: ['b'] }, score: 0 },
  ])('scores $score', ({ answers, score }) => {
    expect(scoreAttempt(qs, answers)).toBe(score);
  });

  it('rounds to one decimal', () => {
    const three = qs.slice(0, 3);
    expect(scoreAttempt(three, { s0: ['a'] })).toBe(33.3);
    expect(scoreAttempt(three, { s0: ['a'], t0: ['salah'] })).toBe(66.7);
  });

  it('is 0 for an attempt with no questions', () => {
    expect(scoreAttempt([], {})).toBe(0);
  });

  it('stays within 0..100 for any answers', () => {
    for (const seed of SEEDS) {
      const random = seededRandom(seed);
      const drawn = drawQuestions(quiz({ draw: 1 + Math.floor(random() * BANK.length) }), BANK, seed);
      const answers = Object.fromEntries(
        drawn.map((q) => [q.id, q.options.filter(() => random() < 0.4).map((o) => o.id)]),
      );
      const score = scoreAttempt(drawn, answers);
      expect(score).toBeGreaterThanOrEqual(0);
      expect(score).toBeLessThanOrEqual(100);
      const right = drawn.filter((q) => isCorrect(q, answers[q.id] ?? [])).length;
      expect(score).toBe(Math.round((right / drawn.length) * 1000) / 10);
    }
  });
});

describe('drawQuestions on a retake', () => {
  it('takes questions not seen in earlier attempts first, fills the draw with seen ones, never excluded ones', () => {
    const q = quiz({ draw: 5 });
    for (const seed of SEEDS) {
      const seen = new Set(ids(BANK.slice(0, 6)));
      const exclude = new Set(['t1']);
      const drawn = ids(drawQuestions(q, BANK, seed, exclude, seen));
      expect(drawn).toHaveLength(5);
      expect(new Set(drawn).size).toBe(5);
      // 12 questions, 1 excluded, 6 seen: 5 unseen ones, exactly the draw.
      expect(drawn.filter((id) => seen.has(id) || exclude.has(id))).toEqual([]);
      // Only 3 unseen besides these: 2 seen ones fill the draw, mixed in, the excluded one still out.
      const moreSeen = new Set([...seen, 's6', 's7']);
      const filled = ids(drawQuestions(q, BANK, seed, exclude, moreSeen));
      expect(filled.filter((id) => !moreSeen.has(id)).sort()).toEqual(['m0', 'm1', 't0']);
      expect(filled).not.toContain('t1');
    }
    // Mixed in: over the seeds, the seen ones are not always at the end.
    const positions = SEEDS.map((seed) =>
      ids(drawQuestions(q, BANK, seed, new Set(['t1']), new Set([...ids(BANK.slice(0, 8))]))).findIndex(
        (id) => id.startsWith('s'),
      ),
    );
    expect(Math.min(...positions)).toBe(0);
  });
});
