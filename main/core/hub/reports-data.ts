import type { Db } from '../db/database';
import { list, sql, type Sql } from '../db/sql';
import { dayOf, tenths, type CourseRoll } from './rollups';
import type { PersonalState } from './roster';

/**
 * What the hub's reports read, all from the rollups (rollups.ts) and the rosters, never from the statements:
 * a region's sums at one level, its learners active since an instant, the desa that sent bundles, and the
 * learners of a region with their results per course.
 */

/** One learner's results in one course. Scores in tenths of a point (integers). */
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

/** A region's sums (`hub_roll_regions`). */
export interface RegionRoll {
  code: string;
  desa_reporting: number;
  kiosks: number;
  learners: number;
  lessons: number;
  courses: number;
  certificates: number;
  pre_sum: number;
  pre_n: number;
  post_sum: number;
  post_n: number;
  gain_sum: number;
  gain_n: number;
  last_bundle_ms: number | null;
  last_bundle_at: string | null;
  desa_name: string | null;
}

/** Codes of a length below `region` ('' = all; a code of that length itself). */
function below(column: string, region: string, length: number): Sql {
  if (region === '') return sql``;
  if (region.length >= length) return { text: `AND ${column} = ?`, values: [region.slice(0, length)] };
  // A larger region is every code below it (`/` sorts right after `.`).
  return { text: `AND ${column} >= ? AND ${column} < ?`, values: [`${region}.`, `${region}/`] };
}

/** The rollups of every region of a code length within `region`. */
export function regionRolls(db: Db, length: number, region: string): Map<string, RegionRoll> {
  const rows = db.all<RegionRoll>(
    sql`SELECT code, desa_reporting, kiosks, learners, lessons, courses, certificates, pre_sum, pre_n, post_sum,
               post_n, gain_sum, gain_n, last_bundle_ms, last_bundle_at, desa_name
        FROM hub_roll_regions WHERE len = ${length} ${below('code', region, length)}`,
  );
  return new Map(rows.map((r) => [r.code, r]));
}

/** The desa within `region` that sent a bundle, with the name of their newest. */
export function reportingDesa(db: Db, region: string): { code: string; name: string }[] {
  return db.all<{ code: string; name: string }>(
    sql`SELECT code, COALESCE(desa_name, code) AS name FROM hub_roll_regions
        WHERE len = 13 AND bundles > 0 ${below('code', region, 13)}`,
  );
}

/**
 * Roster learners per region of a code length within `region` whose latest statement is at `sinceMs` or
 * later: whole UTC days after the day of `sinceMs` from `hub_roll_active`, that day itself learner by learner.
 */
export function activeCounts(db: Db, length: number, region: string, sinceMs: number): Map<string, number> {
  const first = dayOf(sinceMs);
  const days = Array.from({ length: 40 }, (_, i) => first + 1 + i);
  const lastDay = first + days.length;
  const counts = new Map<string, number>();
  const add = (code: string, n: number) => counts.set(code, (counts.get(code) ?? 0) + n);
  // One seek per day (the IN list), and a range for anything later (a kiosk clock ahead).
  for (const r of db.all<{ code: string; n: number }>(
    sql`SELECT code, SUM(learners) AS n FROM hub_roll_active
        WHERE len = ${length} AND day IN (${list(days)})
          ${below('code', region, length)}
        GROUP BY code`,
  ))
    add(r.code, r.n);
  for (const r of db.all<{ code: string; n: number }>(
    sql`SELECT code, SUM(learners) AS n FROM hub_roll_active
        WHERE len = ${length} AND day > ${lastDay} ${below('code', region, length)} GROUP BY code`,
  ))
    add(r.code, r.n);
  for (const r of db.all<{ desa_code: string }>(
    sql`SELECT desa_code FROM hub_roll_learners
        WHERE last_ms >= ${sinceMs} AND last_ms < ${(first + 1) * 86_400_000} AND desa_code IS NOT NULL
          ${below('desa_code', region, 13)}`,
  ))
    add(r.desa_code.slice(0, length), 1);
  return counts;
}

/** Which learners of a region, in report order: from `offset`, at most `limit` (null: all). */
export interface LearnerSlice {
  offset: number;
  limit: number | null;
}

const ALL: LearnerSlice = { offset: 0, limit: null };

/**
 * The roster rows of `region` in report order, `slice` of them: walked along `hub_learners_report` (migration
 * 0020), so a page reads its own rows (and those it skips in the index), not the whole region's.
 */
const rosterSlice = (region: string, slice: LearnerSlice) =>
  sql`SELECT * FROM hub_learners l INDEXED BY hub_learners_report WHERE 1 = 1 ${below('l.desa_code', region, 13)}
      ORDER BY l.desa_code, l.full_name COLLATE NOCASE, l.learner_id
      LIMIT ${slice.limit ?? -1} OFFSET ${slice.offset}`;

/** How many learners the rosters of `region` hold. */
export function rosterCount(db: Db, region: string): number {
  return db.get<{ n: number }>(
    sql`SELECT COUNT(*) AS n FROM hub_learners l WHERE 1 = 1 ${below('l.desa_code', region, 13)}`,
  )!.n;
}

/**
 * The learners on the rosters of `region`, in report order, without their results yet; with `withLatest`,
 * their latest statement from the rollups.
 */
export function rosterLearners(
  db: Db,
  region: string,
  withLatest = false,
  slice: LearnerSlice = ALL,
): LearnerFacts[] {
  const rows = db.all<{
    device_id: string;
    learner_id: string;
    desa_code: string;
    jabatan: string | null;
    personal: PersonalState;
    full_name: string | null;
    disabled: 0 | 1;
    last_ms: number | null;
  }>(
    sql`SELECT l.device_id, l.learner_id, l.desa_code, l.jabatan, l.personal, l.full_name, l.disabled,
               ${withLatest ? sql`r.last_ms` : sql`NULL`} AS last_ms
        FROM (${rosterSlice(region, slice)}) l
        ${withLatest ? sql`LEFT JOIN hub_roll_learners r USING (device_id, learner_id)` : sql``}
        ORDER BY l.desa_code, l.full_name COLLATE NOCASE, l.learner_id`,
  );
  return rows.map((l) => ({
    deviceId: l.device_id,
    learnerId: l.learner_id,
    desaCode: l.desa_code,
    jabatan: l.jabatan,
    personal: l.personal,
    fullName: l.full_name,
    disabled: l.disabled === 1,
    lastActivityMs: l.last_ms,
    courses: [],
  }));
}

/** The learners on the rosters of `region` (`slice` of them) with their latest statement and results per course. */
export function learnerFacts(db: Db, region: string, slice: LearnerSlice = ALL): LearnerFacts[] {
  const learners = rosterLearners(db, region, true, slice);
  const key = (d: string, l: string) => `${d} ${l}`;
  const byKey = new Map(learners.map((l) => [key(l.deviceId, l.learnerId), l]));
  for (const c of db.all<CourseRoll & { device_id: string; learner_id: string }>(
    sql`SELECT c.* FROM (${rosterSlice(region, slice)}) l JOIN hub_roll_courses c USING (device_id, learner_id)`,
  ))
    byKey.get(key(c.device_id, c.learner_id))!.courses.push({
      courseId: c.course_id,
      lessonsCompleted: c.lessons,
      completed: c.completed === 1,
      preTenths: tenths(c.pre_seq === null ? null : c.pre_score),
      postTenths: tenths(c.post_score),
      certificates: c.certificates,
    });
  for (const l of learners)
    if (l.courses.length > 1) l.courses.sort((a, b) => a.courseId.localeCompare(b.courseId));
  return learners;
}
