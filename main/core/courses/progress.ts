import { randomUUID } from 'node:crypto';
import type { LessonStatus, NextStep, QuizSummary } from '../../api/courses';
import { isoWithOffset } from '../clock';
import type { Services } from '../context';
import { sql } from '../db/sql';
import { lessonAssessment, lessonPassMark } from '../content/assessment';
import { ACTIVITY_TYPES, activityIds, EXTENSIONS } from '../recorder/profile';
import type { LearningEvent } from '../recorder/recorder';
import type { InstalledCourse } from './store';

/** The learner's lesson statuses in one course. */
export function lessonStatuses(
  services: Services,
  learnerId: string,
  courseId: string,
): Map<string, { status: LessonStatus; position: number }> {
  const rows = services.db.all<{ lesson_id: string; status: 'in_progress' | 'completed'; position: number }>(
    sql`SELECT lesson_id, status, position FROM lesson_progress WHERE learner_id = ${learnerId} AND course_id = ${courseId}`,
  );
  return new Map(rows.map((r) => [r.lesson_id, { status: r.status, position: r.position }]));
}

export function quizSummaries(services: Services, learnerId: string, course: InstalledCourse): QuizSummary[] {
  return course.manifest.quizzes.map((quiz) => {
    const stats = services.db.get<{ best: number | null; used: number; passed: number | null }>(
      sql`SELECT MAX(score) AS best, COUNT(submitted_at) AS used, MAX(passed) AS passed FROM quiz_attempts
          WHERE learner_id = ${learnerId} AND course_id = ${course.id} AND quiz_id = ${quiz.id}`,
    );
    const open = services.db.get<{ id: string }>(
      sql`SELECT id FROM quiz_attempts WHERE learner_id = ${learnerId} AND course_id = ${course.id}
          AND quiz_id = ${quiz.id} AND submitted_at IS NULL ORDER BY started_at DESC LIMIT 1`,
    );
    return {
      id: quiz.id,
      kind: quiz.kind,
      title: quiz.title,
      questionCount: quiz.draw,
      timerMinutes: quiz.timerMinutes,
      passMark: quiz.passMark,
      bestScore: stats?.best ?? null,
      passed: stats?.passed === 1,
      attemptsUsed: stats?.used ?? 0,
      attemptsAllowed: quiz.attempts,
      inProgressAttemptId: open?.id ?? null,
    };
  });
}

/**
 * The content lessons marked as the course's pretest or posttest (SCOs), summarised like quizzes from the
 * attempts `recordContentAssessment` stored: best score, passed, attempts. Results only: they open as lessons.
 */
export function assessedLessonSummaries(
  services: Services,
  learnerId: string,
  course: InstalledCourse,
): QuizSummary[] {
  const summaries: QuizSummary[] = [];
  for (const lesson of course.manifest.modules.flatMap((m) => m.lessons)) {
    const kind = lessonAssessment(lesson);
    if (!kind) continue;
    const stats = services.db.get<{ best: number | null; used: number; passed: number | null }>(
      sql`SELECT MAX(score) AS best, COUNT(*) AS used, MAX(passed) AS passed FROM quiz_attempts
          WHERE learner_id = ${learnerId} AND course_id = ${course.id} AND lesson_id = ${lesson.id}`,
    );
    summaries.push({
      id: lesson.id,
      kind,
      title: lesson.title,
      questionCount: 0,
      timerMinutes: null,
      passMark: lessonPassMark(lesson),
      bestScore: stats?.best ?? null,
      passed: stats?.passed === 1,
      attemptsUsed: stats?.used ?? 0,
      attemptsAllowed: null,
      inProgressAttemptId: null,
      lessonId: lesson.id,
    });
  }
  return summaries;
}

/** Pretest first, then the lessons in order, then the quizzes not yet passed. */
export function nextStep(services: Services, learnerId: string, course: InstalledCourse): NextStep {
  const quizzes = quizSummaries(services, learnerId, course);
  const pre = quizzes.find((q) => q.kind === 'pre' && q.attemptsUsed === 0);
  if (pre) return { kind: 'quiz', quizId: pre.id, quizKind: pre.kind, title: pre.title };
  const statuses = lessonStatuses(services, learnerId, course.id);
  for (const lesson of course.manifest.modules.flatMap((m) => m.lessons)) {
    const s = statuses.get(lesson.id);
    if (s?.status !== 'completed')
      return { kind: 'lesson', lessonId: lesson.id, title: lesson.title, resume: s !== undefined };
  }
  const open = quizzes.find(
    (q) =>
      q.kind !== 'pre' && !q.passed && (q.attemptsAllowed === null || q.attemptsUsed < q.attemptsAllowed),
  );
  if (open) return { kind: 'quiz', quizId: open.id, quizKind: open.kind, title: open.title };
  return { kind: 'done' };
}

/** The learner's xAPI registration for a course, made on first use. */
export function registrationFor(
  services: Services,
  learnerId: string,
  courseId: string,
): { registration: string; isNew: boolean } {
  const row = services.db.get<{ registration: string }>(
    sql`SELECT registration FROM registrations WHERE learner_id = ${learnerId} AND course_id = ${courseId}`,
  );
  if (row) return { registration: row.registration, isNew: false };
  const registration = randomUUID();
  services.db.run(sql`INSERT INTO registrations (learner_id, course_id, registration, started_at)
                      VALUES (${learnerId}, ${courseId}, ${registration}, ${isoWithOffset(services.clock.now())})`);
  return { registration, isNew: true };
}

/**
 * The learner's registration for a course, and the 'launched' statement to record with it when this is the
 * first thing the learner does in the course (a pretest or a lesson). Call it inside the transaction that
 * records the returned events, so the registration and its 'launched' statement are written together.
 */
export function enrol(
  services: Services,
  learnerId: string,
  course: InstalledCourse,
): { registration: string; launched: LearningEvent[] } {
  const { registration, isNew } = registrationFor(services, learnerId, course.id);
  return {
    registration,
    launched: isNew
      ? [
          {
            learnerId,
            verb: 'launched',
            object: { id: activityIds.course(course.id), type: ACTIVITY_TYPES.course, name: course.title },
            registration,
            extensions: { [EXTENSIONS.courseVersion]: course.version },
          },
        ]
      : [],
  };
}
