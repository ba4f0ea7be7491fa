import type { AttemptResult, QuizKind } from '../../../main/api/courses';

/**
 * The result of the quiz just submitted, handed from the quiz screen to the result screen (which asks the
 * app with quiz.result when it opens without it: after a reload, or from an address).
 */
export interface KeptResult {
  result: AttemptResult;
  /** The time ran out: the attempt was submitted with the answers given so far. */
  timeUp: boolean;
  /** The quiz's kind, when the screen that kept the result knew it. */
  kind?: QuizKind;
}

let last: KeptResult | null = null;

export function keepResult(result: AttemptResult, kind: QuizKind, timeUp = false): void {
  last = { result, kind, timeUp };
}

/** The same object each time for the same attempt (screens may depend on it). */
export function lastResult(attemptId: string): KeptResult | null {
  return last?.result.attemptId === attemptId ? last : null;
}

export const resultRoute = (courseId: string, quizId: string, attemptId: string) =>
  `/learn/quiz/${courseId}/${quizId}/result/${attemptId}`;
