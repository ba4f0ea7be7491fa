import type { CourseResult } from '../../api/courses';
import type { Jabatan } from '../../api/jabatan';
import type { LearnerCourseReport, ProgressStatus, VillageCourse, VillageRow } from '../../api/reports';
import type { Services } from '../context';
import type { InstalledCourse } from '../courses/store';
import { sql } from '../db/sql';
import { PROFILE_BASE } from '../recorder/profile';
import { courseResult } from '../results/results';

/** The accounts the village view lists, as stored. */
interface LearnerRow {
  id: string;
  full_name: string | null;
  jabatan: string | null;
  disabled: 0 | 1;
  erased_at: string | null;
}

const COURSE_PREFIX = `${PROFILE_BASE}/course/`;

/**
 * The latest activity of every learner in every course, keyed `learnerId course courseId`: the newest of
 * lesson progress, quiz starts, answers and submissions, certificates and the learner's recorded statements.
 * One grouped query for the whole village instead of one per learner and course. Times are compared as
 * instants (julianday reads the offset); the stored text of the newest one is returned (SQLite takes bare
 * columns from the row holding the MAX).
 */
export function lastActivities(services: Services): Map<string, string> {
  const rows = services.db.all<{ learner_id: string; course_id: string; at: string }>(
    sql`WITH statements AS (
          SELECT learner_id, recorded_at AS at,
                 CASE WHEN substr(statement ->> '$.object.id', 1, length(${COURSE_PREFIX})) = ${COURSE_PREFIX}
                      THEN statement ->> '$.object.id'
                      ELSE statement ->> '$.context.contextActivities.parent[0].id' END AS activity
          FROM outbox
          -- answers are covered by quiz_answers below, without parsing thousands of statements
          WHERE learner_id IS NOT NULL AND verb != 'answered'
        ),
        events AS (
          SELECT learner_id, course_id, updated_at AS at FROM lesson_progress
          UNION ALL SELECT learner_id, course_id, started_at FROM quiz_attempts
          UNION ALL SELECT learner_id, course_id, submitted_at FROM quiz_attempts WHERE submitted_at IS NOT NULL
          UNION ALL SELECT a.learner_id, a.course_id, q.answered_at
                    FROM quiz_answers q JOIN quiz_attempts a ON a.id = q.attempt_id
          UNION ALL SELECT learner_id, course_id, issued_at FROM certificates
          UNION ALL SELECT learner_id, substr(rest, 1, instr(rest || '/', '/') - 1), at
                    FROM (SELECT learner_id, at, substr(activity, length(${COURSE_PREFIX}) + 1) AS rest
                          FROM statements WHERE substr(activity, 1, length(${COURSE_PREFIX})) = ${COURSE_PREFIX})
        )
        SELECT learner_id, course_id, at, MAX(julianday(at)) AS j
        FROM events WHERE julianday(at) IS NOT NULL GROUP BY learner_id, course_id`,
  );
  return new Map(rows.map((r) => [activityKey(r.learner_id, r.course_id), r.at]));
}

const activityKey = (learnerId: string, courseId: string) => `${learnerId} ${courseId}`;

/** Where a learner stands in a course (see `ProgressStatus`). */
export function progressStatus(result: CourseResult, lastActivity: string | null): ProgressStatus {
  const postPassed = result.quizzes.some((q) => q.kind === 'post' && q.passed);
  if (result.completed || result.certificateNumber !== null) return 'completed';
  if (result.attempts.post > 0 && !postPassed) return 'failed_post';
  const touched =
    lastActivity !== null ||
    result.lessonsCompleted > 0 ||
    result.quizzes.some((q) => q.attemptsUsed > 0 || q.inProgressAttemptId !== null);
  return touched ? 'in_progress' : 'not_started';
}

/** Posttest attempts still allowed: 0 once passed, null when unlimited or the course has no posttest. */
export function posttestAttemptsLeft(result: CourseResult): number | null {
  const post = result.quizzes.filter((q) => q.kind === 'post');
  if (post.length === 0) return null;
  if (result.completed || post.some((q) => q.passed)) return 0;
  let left = 0;
  for (const q of post) {
    if (q.attemptsAllowed === null) return null;
    left += Math.max(0, q.attemptsAllowed - q.attemptsUsed);
  }
  return left;
}

/** A learner's results in every installed course, with status and last activity. */
export function learnerCourseReports(services: Services, learnerId: string): LearnerCourseReport[] {
  const latest = lastActivities(services);
  return services.courses.list().map((course) => {
    const result = courseResult(services, learnerId, course);
    const lastActivity = latest.get(activityKey(learnerId, course.id)) ?? null;
    return {
      ...result,
      status: progressStatus(result, lastActivity),
      lastActivity,
      posttestAttemptsLeft: posttestAttemptsLeft(result),
    };
  });
}

export interface VillageReport {
  rows: VillageRow[];
  courses: VillageCourse[];
}

/**
 * The operator's village view: every learner × every installed course, the same numbers the learner sees
 * (`courseResult`). Disabled learners stay (their results count); erased learners appear without name or
 * jabatan, and only if they left learning records. Sorted by name, erased last, then by course title.
 */
export function villageReport(services: Services, filter: { jabatan?: Jabatan } = {}): VillageReport {
  const courses = services.courses.list();
  const latest = lastActivities(services);
  const learners = services.db.all<LearnerRow>(
    sql`SELECT id, full_name, jabatan, disabled, erased_at FROM accounts
        WHERE is_learner = 1 ${filter.jabatan ? sql`AND jabatan = ${filter.jabatan}` : sql``}
        ORDER BY erased_at IS NOT NULL, full_name COLLATE NOCASE, created_at`,
  );
  const rows: VillageRow[] = [];
  for (const learner of learners) {
    const forLearner = courses.map((course) => villageRow(services, learner, course, latest));
    if (learner.erased_at !== null && forLearner.every((r) => r.status === 'not_started')) continue;
    rows.push(...forLearner);
  }
  return { rows, courses: courses.map((c) => ({ id: c.id, version: c.version, title: c.title })) };
}

function villageRow(
  services: Services,
  learner: LearnerRow,
  course: InstalledCourse,
  latest: Map<string, string>,
): VillageRow {
  const result = courseResult(services, learner.id, course);
  const lastActivity = latest.get(activityKey(learner.id, course.id)) ?? null;
  const erased = learner.erased_at !== null;
  return {
    learnerId: learner.id,
    fullName: erased ? null : learner.full_name,
    jabatan: erased ? null : (learner.jabatan as Jabatan | null),
    erased,
    disabled: learner.disabled === 1,
    courseId: course.id,
    courseTitle: course.title,
    pretestScore: result.pretestScore,
    posttestScore: result.posttestScore,
    gain: result.gain,
    normalizedGain: result.normalizedGain,
    status: progressStatus(result, lastActivity),
    lessonsCompleted: result.lessonsCompleted,
    lessonCount: result.lessonCount,
    posttestAttemptsLeft: posttestAttemptsLeft(result),
    certificateNumber: result.certificateNumber,
    lastActivity,
    timeSpentMinutes: result.timeSpentMinutes,
  };
}
