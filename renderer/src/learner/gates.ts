import type { CourseOutline, QuizSummary } from '../../../main/api/courses';

/** The course has a pretest the learner has not submitted yet: lessons and the posttest wait for it. */
export function pretestPending(course: Pick<CourseOutline, 'quizzes'>): boolean {
  return course.quizzes.some((q) => q.kind === 'pre' && q.attemptsUsed === 0);
}

/** Attempts the learner still has at a quiz (null: as many as they like). */
export function attemptsLeft(quiz: QuizSummary): number | null {
  return quiz.attemptsAllowed === null ? null : Math.max(0, quiz.attemptsAllowed - quiz.attemptsUsed);
}

/**
 * Why a quiz cannot start now, as the key of a plain sentence under `learn.gate` (the same rules the app
 * enforces: main/core/quiz/rules.ts), or null when it can.
 */
export function quizGate(
  course: Pick<CourseOutline, 'quizzes' | 'lessonsCompleted' | 'lessonCount'>,
  quiz: QuizSummary,
): 'pretest_done' | 'pretest_first' | 'lessons_first' | 'already_passed' | 'no_attempts_left' | null {
  if (quiz.inProgressAttemptId) return null;
  if (quiz.kind === 'pre' && quiz.attemptsUsed > 0) return 'pretest_done';
  if (quiz.kind === 'post') {
    if (pretestPending(course)) return 'pretest_first';
    if (course.lessonsCompleted < course.lessonCount) return 'lessons_first';
    if (quiz.passed) return 'already_passed';
  }
  const left = attemptsLeft(quiz);
  return left !== null && left <= 0 ? 'no_attempts_left' : null;
}

/** "Tes awal: Tes Awal" says one thing twice: the kind's label is left out when the title is the same. */
export function quizLabel(kindLabel: string, title: string): string {
  return kindLabel.trim().toLowerCase() === title.trim().toLowerCase() ? title : `${kindLabel}: ${title}`;
}
