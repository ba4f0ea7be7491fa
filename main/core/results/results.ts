import type { CourseResult } from '../../api/courses';
import type { Services } from '../context';
import { sql } from '../db/sql';
import { assessedLessonSummaries, lessonStatuses, quizSummaries } from '../courses/progress';
import type { InstalledCourse } from '../courses/store';
import { normalizedGain } from '../quiz/rules';

/**
 * One learner's results in one course: pretest (first attempt), best posttest, gain and normalised gain,
 * completion, active time and attempts. The same numbers feed the learner's page, the operator's village
 * view and, later, the hub's reports.
 */
export function courseResult(services: Services, learnerId: string, course: InstalledCourse): CourseResult {
  const lessons = course.manifest.modules.flatMap((m) => m.lessons);
  const statuses = lessonStatuses(services, learnerId, course.id);
  const lessonsCompleted = lessons.filter((l) => statuses.get(l.id)?.status === 'completed').length;
  const scores = services.db.get<{
    pre: number | null;
    post: number | null;
    pre_n: number;
    post_n: number;
    practice_n: number;
    quiz_ms: number;
  }>(
    sql`SELECT
          (SELECT score FROM quiz_attempts WHERE learner_id = ${learnerId} AND course_id = ${course.id} AND quiz_kind = 'pre'
             AND submitted_at IS NOT NULL ORDER BY submitted_at LIMIT 1) AS pre,
          MAX(CASE WHEN quiz_kind = 'post' THEN score END) AS post,
          COUNT(CASE WHEN quiz_kind = 'pre' AND submitted_at IS NOT NULL THEN 1 END) AS pre_n,
          COUNT(CASE WHEN quiz_kind = 'post' AND submitted_at IS NOT NULL THEN 1 END) AS post_n,
          COUNT(CASE WHEN quiz_kind = 'practice' AND submitted_at IS NOT NULL THEN 1 END) AS practice_n,
          COALESCE(SUM(time_used_ms), 0) AS quiz_ms
        FROM quiz_attempts WHERE learner_id = ${learnerId} AND course_id = ${course.id}`,
  )!;
  const lessonSeconds =
    services.db.get<{ s: number }>(
      sql`SELECT COALESCE(SUM(seconds_spent), 0) AS s FROM lesson_progress WHERE learner_id = ${learnerId} AND course_id = ${course.id}`,
    )?.s ?? 0;
  const certificate = services.db.get<{ number: string }>(
    sql`SELECT number FROM certificates WHERE learner_id = ${learnerId} AND course_id = ${course.id}`,
  );
  // SCOs marked as the course's tests count like its quizzes (main/core/content/assessment.ts).
  const quizzes = [
    ...quizSummaries(services, learnerId, course),
    ...assessedLessonSummaries(services, learnerId, course),
  ];
  // A course without a posttest is complete when its lessons are; with one, when it is also passed.
  const hasPost = quizzes.some((q) => q.kind === 'post');
  const postPassed = !hasPost || quizzes.some((q) => q.kind === 'post' && q.passed);
  return {
    courseId: course.id,
    title: course.title,
    lessonsCompleted,
    lessonCount: lessons.length,
    quizzes,
    pretestScore: scores.pre,
    posttestScore: scores.post,
    gain:
      scores.pre !== null && scores.post !== null ? Math.round((scores.post - scores.pre) * 10) / 10 : null,
    normalizedGain: normalizedGain(scores.pre, scores.post),
    completed: lessonsCompleted === lessons.length && postPassed,
    timeSpentMinutes: Math.round((lessonSeconds + scores.quiz_ms / 1000) / 60),
    attempts: { pre: scores.pre_n, post: scores.post_n, practice: scores.practice_n },
    certificateNumber: certificate?.number ?? null,
    ...(course.manifest.content?.type === 'scorm'
      ? { scoScores: scoScores(services, learnerId, course) }
      : {}),
  };
}

/** The best score of each SCO of the course that reported one, tests aside (they count as quizzes). */
function scoScores(services: Services, learnerId: string, course: InstalledCourse) {
  const best = new Map(
    services.db
      .all<{ item: string; best: number }>(
        sql`SELECT item, MAX(score_scaled) AS best FROM scorm_attempts
            WHERE learner_id = ${learnerId} AND course_id = ${course.id} AND score_scaled IS NOT NULL GROUP BY item`,
      )
      .map((r) => [r.item, r.best]),
  );
  return course.manifest.modules
    .flatMap((m) => m.lessons)
    .flatMap((l) => {
      const scaled = l.sco && !l.sco.assessment ? best.get(l.sco.item) : undefined;
      return scaled === undefined
        ? []
        : [{ lessonId: l.id, title: l.title, score: Math.round(Math.max(0, scaled) * 1000) / 10 }];
    });
}
