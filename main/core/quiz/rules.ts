import type { QuizKind, ShowAnswers } from '../../api/courses';

/** What the rules need to know about one learner in one course. */
export interface QuizState {
  kind: QuizKind;
  attemptsUsed: number;
  attemptsAllowed: number | null;
  /** The course has a pretest and the learner has submitted it. */
  hasPretest: boolean;
  pretestDone: boolean;
  allLessonsCompleted: boolean;
  /** The learner already passed this quiz. */
  passed: boolean;
}

export type Refusal = {
  code: 'CONFLICT';
  reason: 'pretest_done' | 'pretest_first' | 'lessons_first' | 'no_attempts_left' | 'already_passed';
  message: string;
};

/**
 * When a new attempt may start: the pretest once, before the lessons; the posttest after every lesson,
 * within the attempts the course allows, and not again once passed; practice quizzes any time.
 */
export function refuseStart(state: QuizState): Refusal | null {
  if (state.kind === 'pre' && state.attemptsUsed > 0)
    return { code: 'CONFLICT', reason: 'pretest_done', message: 'the pretest is taken once' };
  if (state.kind === 'post') {
    if (state.hasPretest && !state.pretestDone)
      return { code: 'CONFLICT', reason: 'pretest_first', message: 'take the pretest first' };
    if (!state.allLessonsCompleted)
      return {
        code: 'CONFLICT',
        reason: 'lessons_first',
        message: 'finish every lesson before the posttest',
      };
    if (state.passed)
      return { code: 'CONFLICT', reason: 'already_passed', message: 'the posttest is already passed' };
  }
  if (state.attemptsAllowed !== null && state.attemptsUsed >= state.attemptsAllowed) {
    return { code: 'CONFLICT', reason: 'no_attempts_left', message: 'no attempts left for this quiz' };
  }
  return null;
}

/**
 * Attempts a learner has left at a quiz after `attemptsUsed` submitted ones (null = unlimited): the pretest
 * is taken once, and a passed posttest is not taken again.
 */
export function attemptsLeft(
  state: Pick<QuizState, 'kind' | 'attemptsUsed' | 'attemptsAllowed' | 'passed'>,
): number | null {
  if (state.kind === 'pre' && state.attemptsUsed > 0) return 0;
  if (state.kind === 'post' && state.passed) return 0;
  return state.attemptsAllowed === null ? null : Math.max(0, state.attemptsAllowed - state.attemptsUsed);
}

/** Whether a review may show the correct options and explanations now, under the quiz's rule. */
export function answersShown(
  rule: ShowAnswers,
  state: { passed: boolean; attemptsLeft: number | null },
): boolean {
  const last = state.attemptsLeft === 0;
  switch (rule) {
    case 'after_each_attempt':
      return true;
    case 'after_passing':
      return state.passed;
    case 'after_last_attempt':
      return last;
    case 'after_passing_or_last_attempt':
      return state.passed || last;
  }
}

/** A lesson may be opened once the pretest (if the course has one) is done. */
export function refuseLesson(hasPretest: boolean, pretestDone: boolean): Refusal | null {
  return hasPretest && !pretestDone
    ? { code: 'CONFLICT', reason: 'pretest_first', message: 'take the pretest first' }
    : null;
}

/** Hake's normalised gain; null when it is undefined (no pre or post, or a perfect pretest). */
export function normalizedGain(pre: number | null, post: number | null): number | null {
  if (pre === null || post === null || pre >= 100) return null;
  return Math.round(((post - pre) / (100 - pre)) * 1000) / 1000;
}
