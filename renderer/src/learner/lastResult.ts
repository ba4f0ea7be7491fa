import type { AttemptResult } from '../../../main/api/courses';

/** The result of the quiz just submitted (the API gives it once, at submit), for the result screen. */
let last: { key: string; result: AttemptResult } | null = null;

export function keepResult(courseId: string, quizId: string, result: AttemptResult): void {
  last = { key: `${courseId}/${quizId}`, result };
}

export function lastResult(courseId: string, quizId: string): AttemptResult | null {
  return last?.key === `${courseId}/${quizId}` ? last.result : null;
}
