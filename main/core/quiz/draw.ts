import type { Question, Quiz } from '../courses/manifest';

/** mulberry32: small, fast, good enough for drawing questions; the same seed gives the same draw. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function shuffle<T>(items: readonly T[], random: () => number): T[] {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

/** A question as frozen into an attempt: it keeps what it drew even if the course is upgraded meanwhile. */
export type FrozenQuestion = Question;

/**
 * Draws `quiz.draw` questions from the quiz's pool, leaving out `exclude` where the pool allows it, taking
 * questions not in `seen` (the learner's earlier attempts) first and the seen ones only to fill the draw,
 * and shuffles options when the quiz says so.
 */
export function drawQuestions(
  quiz: Quiz,
  bank: readonly Question[],
  seed: number,
  exclude: ReadonlySet<string> = new Set(),
  seen: ReadonlySet<string> = new Set(),
): FrozenQuestion[] {
  const random = seededRandom(seed);
  const pool = quiz.pool ? bank.filter((q) => quiz.pool!.includes(q.id)) : [...bank];
  const allowed = pool.filter((q) => !exclude.has(q.id));
  const source = allowed.length >= quiz.draw ? allowed : pool;
  const order = shuffle(source, random);
  const unseen = order.filter((q) => !seen.has(q.id));
  let picked = [...unseen, ...order.filter((q) => seen.has(q.id))].slice(0, quiz.draw);
  // Seen questions filling the draw are mixed in, not left at the end.
  if (unseen.length < picked.length) picked = shuffle(picked, random);
  return picked.map((q) =>
    quiz.shuffleOptions && q.kind !== 'truefalse' ? { ...q, options: shuffle(q.options, random) } : q,
  );
}

/** Percentage of questions answered exactly right (0–100, one decimal). */
export function scoreAttempt(
  questions: readonly FrozenQuestion[],
  answers: Readonly<Record<string, readonly string[]>>,
): number {
  if (questions.length === 0) return 0;
  const right = questions.filter((q) => isCorrect(q, answers[q.id] ?? [])).length;
  return Math.round((right / questions.length) * 1000) / 10;
}

/** Right when the chosen options are exactly the correct set (order and repeats do not matter). */
export function isCorrect(question: FrozenQuestion, chosen: readonly string[]): boolean {
  const want = new Set(question.correct);
  // Compare sets: with the raw array, ['a', 'a'] would pass for correct ['a', 'b'].
  const got = new Set(chosen);
  return got.size === want.size && [...got].every((c) => want.has(c));
}
