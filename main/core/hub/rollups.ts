import type { Db } from '../db/database';
import { sql } from '../db/sql';
import type { StatementFacts } from './facts';

/**
 * The hub's rollups (migration 0013): what the reports read instead of the statements. `rollUpBundle` keeps
 * them up to date inside an import's transaction, from the statements that bundle added and the roster it
 * stored; `rebuildRollups` makes them anew from the statements, rosters and bundles (the migration, and the
 * tests that prove both agree). A learner's numbers are those of all their statements, counted in the desa of
 * their roster (every learner on a roster counts, disabled and erased ones too).
 */

const DAY_MS = 86_400_000;
/** The region levels rolled up, by code length: the nation, provinsi, kabupaten/kota, kecamatan, desa. */
export const ROLLUP_LENGTHS = [0, 2, 5, 8, 13] as const;

export const dayOf = (ms: number) => Math.floor(ms / DAY_MS);

/** A statement the import added, with the facts the reports read. */
export interface AddedStatement {
  seq: number;
  facts: StatementFacts;
}

/** The bundle an import stored, as the rollups count it. */
export interface RolledBundle {
  deviceId: string;
  desaCode: string;
  desaName: string;
  createdAt: string;
  createdMs: number | null;
}

/** A learner's course as `hub_roll_courses` holds it. */
export interface CourseRoll {
  course_id: string;
  lessons: number;
  completed: number;
  pre_seq: number | null;
  pre_score: number | null;
  post_score: number | null;
  certificates: number;
}

interface LearnerRoll {
  desa: string | null;
  lastMs: number | null;
  courses: CourseRoll[];
}

export const tenths = (score: number | null) => (score === null ? null : Math.round(score * 10));

/** One region's changes: sums to add, and a bundle that may be its newest. */
interface RegionDelta {
  desaReporting: number;
  kiosks: number;
  bundles: number;
  learners: number;
  lessons: number;
  courses: number;
  certificates: number;
  preSum: number;
  preN: number;
  postSum: number;
  postN: number;
  gainSum: number;
  gainN: number;
  lastMs: number | null;
  lastAt: string | null;
  desaName: string | null;
}

const emptyDelta = (): RegionDelta => ({
  desaReporting: 0,
  kiosks: 0,
  bundles: 0,
  learners: 0,
  lessons: 0,
  courses: 0,
  certificates: 0,
  preSum: 0,
  preN: 0,
  postSum: 0,
  postN: 0,
  gainSum: 0,
  gainN: 0,
  lastMs: null,
  lastAt: null,
  desaName: null,
});

/** Whether a bundle made at (ms, at) is newer than the newest so far (greatest ms, then greatest text). */
const newer = (ms: number | null, at: string, lastMs: number | null, lastAt: string | null) =>
  ms !== null && (lastMs === null || ms > lastMs || (ms === lastMs && at > (lastAt ?? '')));

/** Changes to the region and activity rollups, gathered in memory and written once. */
class Deltas {
  readonly regions = new Map<string, RegionDelta>();
  readonly active = new Map<string, number>();

  private region(len: number, code: string): RegionDelta {
    const key = `${len}|${code}`;
    let d = this.regions.get(key);
    if (!d) {
      d = emptyDelta();
      this.regions.set(key, d);
    }
    return d;
  }

  /** Adds (sign 1) or takes away (-1) a roster learner's part in every region of their desa. */
  learner(l: LearnerRoll, sign: 1 | -1): void {
    if (l.desa === null) return;
    const s = emptyDelta();
    s.learners = 1;
    for (const c of l.courses) {
      s.lessons += c.lessons;
      s.courses += c.completed;
      s.certificates += c.certificates;
      const pre = tenths(c.pre_seq === null ? null : c.pre_score);
      const post = tenths(c.post_score);
      if (pre !== null) {
        s.preSum += pre;
        s.preN++;
      }
      if (post !== null) {
        s.postSum += post;
        s.postN++;
      }
      if (pre !== null && post !== null) {
        s.gainSum += post - pre;
        s.gainN++;
      }
    }
    for (const len of ROLLUP_LENGTHS) {
      const code = l.desa.slice(0, len);
      const d = this.region(len, code);
      for (const k of SUM_KEYS) d[k] += sign * s[k];
      if (l.lastMs !== null) {
        const key = `${len}|${dayOf(l.lastMs)}|${code}`;
        this.active.set(key, (this.active.get(key) ?? 0) + sign);
      }
    }
  }

  /** A bundle stored for a desa: the first of its kiosk there, the first of the desa, and perhaps the newest. */
  bundle(b: RolledBundle, firstOfDevice: boolean, firstOfDesa: boolean): void {
    for (const len of ROLLUP_LENGTHS) {
      const d = this.region(len, b.desaCode.slice(0, len));
      d.bundles++;
      if (firstOfDevice) d.kiosks++;
      if (firstOfDesa) d.desaReporting++;
      const name = len === 13 ? b.desaName : null;
      if (newer(b.createdMs, b.createdAt, d.lastMs, d.lastAt)) {
        d.lastMs = b.createdMs;
        d.lastAt = b.createdAt;
        d.desaName = name;
      } else d.desaName ??= name;
    }
  }

  write(db: Db): void {
    for (const [key, d] of this.regions) {
      const [lenText, code = ''] = key.split('|');
      const len = Number(lenText);
      db.run(sql`INSERT INTO hub_roll_regions (len, code, desa_reporting, kiosks, bundles, learners, lessons, courses,
                   certificates, pre_sum, pre_n, post_sum, post_n, gain_sum, gain_n, last_bundle_ms, last_bundle_at,
                   desa_name)
                 VALUES (${len}, ${code}, ${d.desaReporting}, ${d.kiosks}, ${d.bundles}, ${d.learners}, ${d.lessons},
                   ${d.courses}, ${d.certificates}, ${d.preSum}, ${d.preN}, ${d.postSum}, ${d.postN}, ${d.gainSum},
                   ${d.gainN}, ${d.lastMs}, ${d.lastAt}, ${d.desaName})
                 ON CONFLICT (len, code) DO UPDATE SET
                   desa_reporting = desa_reporting + excluded.desa_reporting, kiosks = kiosks + excluded.kiosks,
                   bundles = bundles + excluded.bundles, learners = learners + excluded.learners,
                   lessons = lessons + excluded.lessons, courses = courses + excluded.courses,
                   certificates = certificates + excluded.certificates, pre_sum = pre_sum + excluded.pre_sum,
                   pre_n = pre_n + excluded.pre_n, post_sum = post_sum + excluded.post_sum,
                   post_n = post_n + excluded.post_n, gain_sum = gain_sum + excluded.gain_sum,
                   gain_n = gain_n + excluded.gain_n,
                   desa_name = CASE WHEN ${NEWER} THEN excluded.desa_name ELSE COALESCE(desa_name, excluded.desa_name) END,
                   last_bundle_at = CASE WHEN ${NEWER} THEN excluded.last_bundle_at ELSE last_bundle_at END,
                   last_bundle_ms = CASE WHEN ${NEWER} THEN excluded.last_bundle_ms ELSE last_bundle_ms END`);
      if (d.learners < 0)
        db.run(sql`DELETE FROM hub_roll_regions
                   WHERE len = ${len} AND code = ${code} AND bundles = 0 AND learners = 0`);
    }
    for (const [key, n] of this.active) {
      if (n === 0) continue;
      const [len, day, code = ''] = key.split('|');
      db.run(sql`INSERT INTO hub_roll_active (len, day, code, learners) VALUES (${Number(len)}, ${Number(day)}, ${code}, ${n})
                 ON CONFLICT (len, day, code) DO UPDATE SET learners = learners + excluded.learners`);
      if (n < 0)
        db.run(sql`DELETE FROM hub_roll_active
                   WHERE len = ${Number(len)} AND day = ${Number(day)} AND code = ${code} AND learners = 0`);
    }
  }
}

const SUM_KEYS = [
  'learners',
  'lessons',
  'courses',
  'certificates',
  'preSum',
  'preN',
  'postSum',
  'postN',
  'gainSum',
  'gainN',
] as const;

/** The SQL of `newer` inside the upsert: `excluded` is the delta, the bare columns the stored row. */
const NEWER = sql`(excluded.last_bundle_ms IS NOT NULL AND (last_bundle_ms IS NULL
  OR excluded.last_bundle_ms > last_bundle_ms
  OR (excluded.last_bundle_ms = last_bundle_ms AND excluded.last_bundle_at > last_bundle_at)))`;

function readLearner(db: Db, deviceId: string, learnerId: string): LearnerRoll {
  const row = db.get<{ desa_code: string | null; last_ms: number | null }>(
    sql`SELECT desa_code, last_ms FROM hub_roll_learners WHERE device_id = ${deviceId} AND learner_id = ${learnerId}`,
  );
  const courses = db.all<CourseRoll>(
    sql`SELECT course_id, lessons, completed, pre_seq, pre_score, post_score, certificates FROM hub_roll_courses
        WHERE device_id = ${deviceId} AND learner_id = ${learnerId}`,
  );
  return { desa: row?.desa_code ?? null, lastMs: row?.last_ms ?? null, courses };
}

const COURSE_VERBS = new Set(['completed', 'passed', 'failed', 'certified']);

/** Adds one new statement to a learner's rollup (`courses` by id, changed in place). */
function addStatement(
  db: Db,
  deviceId: string,
  learnerId: string,
  s: AddedStatement,
  courses: Map<string, CourseRoll>,
): void {
  const f = s.facts;
  if (f.courseId === null || f.verb === null || !COURSE_VERBS.has(f.verb)) return;
  let c = courses.get(f.courseId);
  if (!c) {
    c = {
      course_id: f.courseId,
      lessons: 0,
      completed: 0,
      pre_seq: null,
      pre_score: null,
      post_score: null,
      certificates: 0,
    };
    courses.set(f.courseId, c);
  }
  const ref = (kind: 'lesson' | 'certificate', value: string) =>
    db.run(sql`INSERT OR IGNORE INTO hub_roll_refs (device_id, learner_id, course_id, kind, ref)
               VALUES (${deviceId}, ${learnerId}, ${f.courseId}, ${kind}, ${value})`).changes;
  if (f.verb === 'completed') {
    if (f.objectKind === 'lesson' && f.objectRef !== null) c.lessons += ref('lesson', f.objectRef);
    if (f.objectKind === 'course') c.completed = 1;
  } else if (f.verb === 'certified') {
    if (f.objectRef !== null) c.certificates += ref('certificate', f.objectRef);
  } else if (f.quizKind === 'pre') {
    if (c.pre_seq === null || s.seq < c.pre_seq) {
      c.pre_seq = s.seq;
      c.pre_score = f.score;
    }
  } else if (f.quizKind === 'post' && f.score !== null) {
    c.post_score = c.post_score === null ? f.score : Math.max(c.post_score, f.score);
  }
}

/**
 * The learners' part of a rollup: the statements added and the learners named (a roster's) change those
 * learners' rollups; their regions' changes go into `deltas`. Reads and writes rows in proportion to them.
 */
function rollUpLearners(
  db: Db,
  deviceId: string,
  added: readonly AddedStatement[],
  learnerIds: readonly string[],
  deltas: Deltas,
): void {
  const byLearner = new Map<string, AddedStatement[]>();
  for (const id of learnerIds) byLearner.set(id, []);
  for (const s of added)
    if (s.facts.learnerId !== null) {
      const list = byLearner.get(s.facts.learnerId) ?? [];
      list.push(s);
      byLearner.set(s.facts.learnerId, list);
    }
  for (const [learnerId, statements] of byLearner) {
    const before = readLearner(db, deviceId, learnerId);
    deltas.learner(before, -1);
    const courses = new Map(before.courses.map((c) => [c.course_id, { ...c }]));
    let lastMs = before.lastMs;
    for (const s of statements) {
      if (s.facts.atMs !== null && (lastMs === null || s.facts.atMs > lastMs)) lastMs = s.facts.atMs;
      addStatement(db, deviceId, learnerId, s, courses);
    }
    const desa =
      db.get<{ desa_code: string }>(
        sql`SELECT desa_code FROM hub_learners WHERE device_id = ${deviceId} AND learner_id = ${learnerId}`,
      )?.desa_code ?? null;
    for (const c of courses.values())
      db.run(sql`INSERT INTO hub_roll_courses (device_id, learner_id, course_id, lessons, completed, pre_seq,
                   pre_score, post_score, certificates)
                 VALUES (${deviceId}, ${learnerId}, ${c.course_id}, ${c.lessons}, ${c.completed}, ${c.pre_seq},
                   ${c.pre_score}, ${c.post_score}, ${c.certificates})
                 ON CONFLICT (device_id, learner_id, course_id) DO UPDATE SET lessons = excluded.lessons,
                   completed = excluded.completed, pre_seq = excluded.pre_seq, pre_score = excluded.pre_score,
                   post_score = excluded.post_score, certificates = excluded.certificates`);
    db.run(sql`INSERT INTO hub_roll_learners (device_id, learner_id, desa_code, last_ms)
               VALUES (${deviceId}, ${learnerId}, ${desa}, ${lastMs})
               ON CONFLICT (device_id, learner_id) DO UPDATE SET desa_code = excluded.desa_code,
                 last_ms = excluded.last_ms`);
    deltas.learner({ desa, lastMs, courses: [...courses.values()] }, 1);
  }
}

/**
 * Inside an import's transaction, after the bundle row, its statements and its roster are written: the
 * statements it added and the learners of its roster change their learners' rollups, and the bundle counts
 * for its desa. Reads and writes rows in proportion to the bundle, never to the statements held before.
 */
export function rollUpBundle(
  db: Db,
  bundle: RolledBundle,
  added: readonly AddedStatement[],
  rosterLearnerIds: readonly string[],
): void {
  const { deviceId } = bundle;
  const deltas = new Deltas();
  rollUpLearners(db, deviceId, added, rosterLearnerIds, deltas);
  const desaRow = db.get<{ bundles: number }>(
    sql`SELECT bundles FROM hub_roll_regions WHERE len = 13 AND code = ${bundle.desaCode}`,
  );
  const ofDevice = db.get<{ n: number }>(
    sql`SELECT COUNT(*) AS n FROM hub_bundles WHERE device_id = ${deviceId} AND desa_code = ${bundle.desaCode}`,
  )!.n;
  deltas.bundle(bundle, ofDevice === 1, (desaRow?.bundles ?? 0) === 0);
  deltas.write(db);
}

/**
 * Inside a pull's transaction (pull-lrs.ts), after one kiosk's pulled statements and any roster rows they
 * needed are written: the statements change their learners' rollups. No bundle came, so none is counted.
 */
export function rollUpPulled(db: Db, deviceId: string, added: readonly AddedStatement[]): void {
  const deltas = new Deltas();
  rollUpLearners(db, deviceId, added, [], deltas);
  deltas.write(db);
}

/** Empties the rollups and makes them anew from the statements, rosters and bundles the hub holds. */
export function rebuildRollups(db: Db): void {
  db.raw.exec(`
    DELETE FROM hub_roll_refs;
    DELETE FROM hub_roll_courses;
    DELETE FROM hub_roll_learners;
    DELETE FROM hub_roll_regions;
    DELETE FROM hub_roll_active;

    INSERT OR IGNORE INTO hub_roll_refs (device_id, learner_id, course_id, kind, ref)
      SELECT device_id, learner_id, course_id, CASE verb WHEN 'completed' THEN 'lesson' ELSE 'certificate' END,
             object_ref
      FROM hub_statements
      WHERE learner_id IS NOT NULL AND course_id IS NOT NULL AND object_ref IS NOT NULL
        AND ((verb = 'completed' AND object_kind = 'lesson') OR verb = 'certified');

    INSERT INTO hub_roll_courses (device_id, learner_id, course_id, lessons, completed, pre_seq, pre_score,
                                  post_score, certificates)
      SELECT device_id, learner_id, course_id,
             COUNT(DISTINCT CASE WHEN verb = 'completed' AND object_kind = 'lesson' THEN object_ref END),
             COALESCE(MAX(verb = 'completed' AND object_kind = 'course'), 0), NULL, NULL,
             MAX(CASE WHEN verb IN ('passed', 'failed') AND quiz_kind = 'post' THEN score END),
             COUNT(DISTINCT CASE WHEN verb = 'certified' THEN object_ref END)
      FROM hub_statements
      WHERE verb IN ('completed', 'passed', 'failed', 'certified') AND learner_id IS NOT NULL
        AND course_id IS NOT NULL
      GROUP BY device_id, learner_id, course_id;

    -- The first submitted pretest: SQLite takes the bare column (score) from the row holding MIN(seq).
    UPDATE hub_roll_courses SET pre_seq = p.first_seq, pre_score = p.score
      FROM (SELECT device_id, learner_id, course_id, score, MIN(seq) AS first_seq FROM hub_statements
            WHERE verb IN ('passed', 'failed') AND quiz_kind = 'pre' AND learner_id IS NOT NULL
              AND course_id IS NOT NULL
            GROUP BY device_id, learner_id, course_id) AS p
      WHERE hub_roll_courses.device_id = p.device_id AND hub_roll_courses.learner_id = p.learner_id
        AND hub_roll_courses.course_id = p.course_id;

    INSERT INTO hub_roll_learners (device_id, learner_id, desa_code, last_ms)
      SELECT device_id, learner_id, NULL, MAX(at_ms) FROM hub_statements WHERE learner_id IS NOT NULL
      GROUP BY device_id, learner_id;
    INSERT INTO hub_roll_learners (device_id, learner_id, desa_code, last_ms)
      SELECT device_id, learner_id, desa_code, NULL FROM hub_learners WHERE true
      ON CONFLICT (device_id, learner_id) DO UPDATE SET desa_code = excluded.desa_code;
  `);

  const deltas = new Deltas();
  const learners = db.all<{
    device_id: string;
    learner_id: string;
    desa_code: string;
    last_ms: number | null;
  }>(
    sql`SELECT device_id, learner_id, desa_code, last_ms FROM hub_roll_learners WHERE desa_code IS NOT NULL
        ORDER BY device_id, learner_id`,
  );
  const courses = db.all<CourseRoll & { device_id: string; learner_id: string }>(
    sql`SELECT c.* FROM hub_roll_courses c JOIN hub_roll_learners l USING (device_id, learner_id)
        WHERE l.desa_code IS NOT NULL ORDER BY c.device_id, c.learner_id`,
  );
  let at = 0;
  for (const l of learners) {
    const own: CourseRoll[] = [];
    while (
      at < courses.length &&
      courses[at]!.device_id === l.device_id &&
      courses[at]!.learner_id === l.learner_id
    )
      own.push(courses[at++]!);
    deltas.learner({ desa: l.desa_code, lastMs: l.last_ms, courses: own }, 1);
  }
  const devices = new Set<string>();
  const desa = new Set<string>();
  for (const b of db.all<{
    device_id: string;
    desa_code: string;
    desa_name: string;
    created_at: string;
    created_ms: number | null;
  }>(sql`SELECT device_id, desa_code, desa_name, created_at, created_ms FROM hub_bundles ORDER BY rowid`)) {
    const device = `${b.device_id} ${b.desa_code}`;
    deltas.bundle(
      {
        deviceId: b.device_id,
        desaCode: b.desa_code,
        desaName: b.desa_name,
        createdAt: b.created_at,
        createdMs: b.created_ms,
      },
      !devices.has(device),
      !desa.has(b.desa_code),
    );
    devices.add(device);
    desa.add(b.desa_code);
  }
  deltas.write(db);
}
