import type { Db } from '../db/database';
import { sql, type Sql } from '../db/sql';
import type { PersonalState } from './roster';

/**
 * What the hub's reports are computed from, read per region: the learners on the rosters, each learner's
 * results per course taken from the stored statements (docs/xapi-profile.md: the first submitted pretest,
 * the best posttest, lessons `completed`, the course `completed`, `certificate-issued`), the last statement
 * of each learner, and each desa's bundles.
 */

/** One learner's results in one course, from the statements. Scores in tenths of a point (integers). */
export interface CourseFacts {
  courseId: string;
  lessonsCompleted: number;
  completed: boolean;
  preTenths: number | null;
  postTenths: number | null;
  certificates: number;
}

export interface LearnerFacts {
  deviceId: string;
  learnerId: string;
  desaCode: string;
  jabatan: string | null;
  personal: PersonalState;
  fullName: string | null;
  disabled: boolean;
  /** The learner's latest statement (kiosk clock, as an instant), null when none. */
  lastActivityMs: number | null;
  courses: CourseFacts[];
}

export interface DesaFacts {
  desaCode: string;
  desaName: string;
  kiosks: number;
  bundles: number;
  /** The newest bundle by the kiosk's clock: its time as written, and as an instant. */
  lastBundleAt: string | null;
  lastBundleMs: number | null;
}

/** Statements, learners or bundles of the desa within `region` ('' = all). */
function inRegion(column: 'desa_code', region: string): Sql {
  if (region === '') return sql``;
  // A desa is itself; a larger region is every code below it (`/` sorts right after `.`).
  if (region.length === 13) return { text: `AND ${column} = ?`, values: [region] };
  return { text: `AND ${column} >= ? AND ${column} < ?`, values: [`${region}.`, `${region}/`] };
}

const tenths = (score: number | null) => (score === null ? null : Math.round(score * 10));

export function learnerFacts(db: Db, region: string): LearnerFacts[] {
  const learners = db.all<{
    device_id: string;
    learner_id: string;
    desa_code: string;
    jabatan: string | null;
    personal: PersonalState;
    full_name: string | null;
    disabled: 0 | 1;
  }>(
    sql`SELECT device_id, learner_id, desa_code, jabatan, personal, full_name, disabled FROM hub_learners
        WHERE 1 = 1 ${inRegion('desa_code', region)} ORDER BY desa_code, full_name COLLATE NOCASE, learner_id`,
  );
  const courses = db.all<{
    device_id: string;
    learner_id: string;
    course_id: string;
    lessons: number;
    completed: number;
    post: number | null;
    certificates: number;
  }>(
    sql`SELECT device_id, learner_id, course_id,
               COUNT(DISTINCT CASE WHEN verb = 'completed' AND object_kind = 'lesson' THEN object_ref END) AS lessons,
               MAX(verb = 'completed' AND object_kind = 'course') AS completed,
               MAX(CASE WHEN verb IN ('passed', 'failed') AND quiz_kind = 'post' THEN score END) AS post,
               COUNT(DISTINCT CASE WHEN verb = 'certified' THEN object_ref END) AS certificates
        FROM hub_statements
        WHERE verb IN ('completed', 'passed', 'failed', 'certified') AND learner_id IS NOT NULL
          AND course_id IS NOT NULL ${inRegion('desa_code', region)}
        GROUP BY device_id, learner_id, course_id`,
  );
  // The first submitted pretest: SQLite takes the bare column (score) from the row holding MIN(seq).
  const pretests = db.all<{ device_id: string; learner_id: string; course_id: string; score: number | null }>(
    sql`SELECT device_id, learner_id, course_id, score, MIN(seq) AS first_seq FROM hub_statements
        WHERE verb IN ('passed', 'failed') AND quiz_kind = 'pre' AND learner_id IS NOT NULL
          AND course_id IS NOT NULL ${inRegion('desa_code', region)}
        GROUP BY device_id, learner_id, course_id`,
  );
  const activity = db.all<{ device_id: string; learner_id: string; last_ms: number | null }>(
    sql`SELECT device_id, learner_id, MAX(at_ms) AS last_ms FROM hub_statements
        WHERE learner_id IS NOT NULL ${inRegion('desa_code', region)} GROUP BY device_id, learner_id`,
  );
  const key = (d: string, l: string) => `${d} ${l}`;
  const pre = new Map(pretests.map((p) => [`${key(p.device_id, p.learner_id)} ${p.course_id}`, p.score]));
  const last = new Map(activity.map((a) => [key(a.device_id, a.learner_id), a.last_ms]));
  const byLearner = new Map<string, CourseFacts[]>();
  for (const c of courses) {
    const k = key(c.device_id, c.learner_id);
    const list = byLearner.get(k) ?? [];
    list.push({
      courseId: c.course_id,
      lessonsCompleted: c.lessons,
      completed: c.completed === 1,
      preTenths: tenths(pre.get(`${k} ${c.course_id}`) ?? null),
      postTenths: tenths(c.post),
      certificates: c.certificates,
    });
    byLearner.set(k, list);
  }
  return learners.map((l) => {
    const k = key(l.device_id, l.learner_id);
    return {
      deviceId: l.device_id,
      learnerId: l.learner_id,
      desaCode: l.desa_code,
      jabatan: l.jabatan,
      personal: l.personal,
      fullName: l.full_name,
      disabled: l.disabled === 1,
      lastActivityMs: last.get(k) ?? null,
      courses: (byLearner.get(k) ?? []).sort((a, b) => a.courseId.localeCompare(b.courseId)),
    };
  });
}

export function desaFacts(db: Db, region: string): DesaFacts[] {
  // The newest bundle per desa: SQLite takes desa_name and created_at from the row holding MAX(created_ms).
  return db
    .all<{
      desa_code: string;
      desa_name: string;
      kiosks: number;
      bundles: number;
      created_at: string;
      last_ms: number | null;
    }>(
      sql`SELECT desa_code, desa_name, created_at, MAX(created_ms) AS last_ms,
                 COUNT(DISTINCT device_id) AS kiosks, COUNT(*) AS bundles
          FROM hub_bundles WHERE 1 = 1 ${inRegion('desa_code', region)} GROUP BY desa_code ORDER BY desa_code`,
    )
    .map((d) => ({
      desaCode: d.desa_code,
      desaName: d.desa_name,
      kiosks: d.kiosks,
      bundles: d.bundles,
      lastBundleAt: d.last_ms === null ? null : d.created_at,
      lastBundleMs: d.last_ms,
    }));
}
