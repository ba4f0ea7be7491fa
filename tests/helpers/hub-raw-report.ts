import type { Metrics, RegionRow } from '../../main/api/hub';
import { err, ok, type Result } from '../../main/api/result';
import { isoWithOffset } from '../../main/core/clock';
import type { Db } from '../../main/core/db/database';
import { sql, type Sql } from '../../main/core/db/sql';
import { requireHub, type HubServices } from '../../main/core/hub/identity';
import { average, desaOf, learnerRow, type HubReport, type ReportOptions } from '../../main/core/hub/reports';
import { rosterLearners, type LearnerFacts } from '../../main/core/hub/reports-data';

/**
 * The hub's reports computed the slow way, straight from `hub_statements`, `hub_learners` and `hub_bundles`
 * (what main/core/hub/reports.ts did before the rollups): the reference the rollup-based reports must equal.
 */

const DAY_MS = 86_400_000;
const CODE_LENGTH = { provinsi: 2, kabupaten: 5, kecamatan: 8, desa: 13 } as const;
const tenths = (score: number | null) => (score === null ? null : Math.round(score * 10));

function inRegion(column: string, region: string): Sql {
  if (region === '') return sql``;
  if (region.length === 13) return { text: `AND ${column} = ?`, values: [region] };
  return { text: `AND ${column} >= ? AND ${column} < ?`, values: [`${region}.`, `${region}/`] };
}

/** The learners on the rosters of `region`, each with all of their statements. */
function rawLearnerFacts(db: Db, region: string): LearnerFacts[] {
  const learners = rosterLearners(db, region);
  const mine = sql`(device_id, learner_id) IN (SELECT device_id, learner_id FROM hub_learners
                     WHERE 1 = 1 ${inRegion('desa_code', region)})`;
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
        WHERE verb IN ('completed', 'passed', 'failed', 'certified') AND course_id IS NOT NULL AND ${mine}
        GROUP BY device_id, learner_id, course_id`,
  );
  const pretests = db.all<{ device_id: string; learner_id: string; course_id: string; score: number | null }>(
    sql`SELECT device_id, learner_id, course_id, score, MIN(seq) AS first_seq FROM hub_statements
        WHERE verb IN ('passed', 'failed') AND quiz_kind = 'pre' AND course_id IS NOT NULL AND ${mine}
        GROUP BY device_id, learner_id, course_id`,
  );
  const activity = db.all<{ device_id: string; learner_id: string; last_ms: number | null }>(
    sql`SELECT device_id, learner_id, MAX(at_ms) AS last_ms FROM hub_statements WHERE ${mine}
        GROUP BY device_id, learner_id`,
  );
  const key = (d: string, l: string) => `${d} ${l}`;
  const pre = new Map(pretests.map((p) => [`${key(p.device_id, p.learner_id)} ${p.course_id}`, p.score]));
  const last = new Map(activity.map((a) => [key(a.device_id, a.learner_id), a.last_ms]));
  const byLearner = new Map<string, LearnerFacts['courses']>();
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
  for (const l of learners) {
    const k = key(l.deviceId, l.learnerId);
    l.lastActivityMs = last.get(k) ?? null;
    l.courses = (byLearner.get(k) ?? []).sort((a, b) => a.courseId.localeCompare(b.courseId));
  }
  return learners;
}

interface DesaBundles {
  code: string;
  name: string;
  kiosks: number;
  lastMs: number | null;
  lastAt: string | null;
}

/** Each desa's bundles; the newest by the kiosk's clock (greatest ms, then greatest text). */
function rawDesaFacts(db: Db, region: string): DesaBundles[] {
  const rows = db.all<{
    desa_code: string;
    desa_name: string;
    device_id: string;
    at: string;
    ms: number | null;
  }>(
    sql`SELECT desa_code, desa_name, device_id, created_at AS at, created_ms AS ms FROM hub_bundles
        WHERE 1 = 1 ${inRegion('desa_code', region)} ORDER BY rowid`,
  );
  const byDesa = new Map<string, DesaBundles & { devices: Set<string> }>();
  for (const r of rows) {
    const d = byDesa.get(r.desa_code) ?? {
      code: r.desa_code,
      name: r.desa_name,
      kiosks: 0,
      lastMs: null,
      lastAt: null,
      devices: new Set<string>(),
    };
    d.devices.add(r.device_id);
    d.kiosks = d.devices.size;
    if (r.ms !== null && (d.lastMs === null || r.ms > d.lastMs || (r.ms === d.lastMs && r.at > d.lastAt!))) {
      d.lastMs = r.ms;
      d.lastAt = r.at;
      d.name = r.desa_name;
    }
    byDesa.set(r.desa_code, d);
  }
  return [...byDesa.values()];
}

class Totals {
  desaTotal = 0;
  desaReporting = 0;
  kiosks = 0;
  learners = 0;
  active = 0;
  lessons = 0;
  courses = 0;
  pre = { sum: 0, n: 0 };
  post = { sum: 0, n: 0 };
  gain = { sum: 0, n: 0 };
  certificates = 0;
  last: { ms: number; at: string } | null = null;

  addLearner(l: LearnerFacts, activeSince: number): void {
    this.learners++;
    if (l.lastActivityMs !== null && l.lastActivityMs >= activeSince) this.active++;
    for (const c of l.courses) {
      this.lessons += c.lessonsCompleted;
      if (c.completed) this.courses++;
      this.certificates += c.certificates;
      const add = (acc: { sum: number; n: number }, v: number) => ((acc.sum += v), acc.n++);
      if (c.preTenths !== null) add(this.pre, c.preTenths);
      if (c.postTenths !== null) add(this.post, c.postTenths);
      if (c.preTenths !== null && c.postTenths !== null) add(this.gain, c.postTenths - c.preTenths);
    }
  }

  addDesa(d: DesaBundles | undefined): void {
    this.desaTotal++;
    if (!d) return;
    this.desaReporting++;
    this.kiosks += d.kiosks;
    if (d.lastMs !== null) this.note({ ms: d.lastMs, at: d.lastAt! });
  }

  merge(o: Totals): void {
    for (const k of ['desaTotal', 'desaReporting', 'kiosks', 'learners', 'active', 'lessons'] as const)
      this[k] += o[k];
    this.courses += o.courses;
    this.certificates += o.certificates;
    for (const k of ['pre', 'post', 'gain'] as const) {
      this[k].sum += o[k].sum;
      this[k].n += o[k].n;
    }
    if (o.last) this.note(o.last);
  }

  private note(b: { ms: number; at: string }): void {
    if (!this.last || b.ms > this.last.ms || (b.ms === this.last.ms && b.at > this.last.at)) this.last = b;
  }

  metrics(nowMs: number): Metrics {
    return {
      desaTotal: this.desaTotal,
      desaReporting: this.desaReporting,
      desaNoData: this.desaTotal - this.desaReporting,
      kiosks: this.kiosks,
      learners: this.learners,
      active30d: this.active,
      lessonsCompleted: this.lessons,
      coursesCompleted: this.courses,
      pretest: average(this.pre),
      posttest: average(this.post),
      gain: average(this.gain),
      certificates: this.certificates,
      lastBundleAt: this.last?.at ?? null,
      daysSinceLastBundle: this.last ? Math.max(0, Math.floor((nowMs - this.last.ms) / DAY_MS)) : null,
    };
  }
}

/** The report at one level, computed from the statements, rosters and bundles. */
export function rawHubReport(services: HubServices, options: ReportOptions): Result<HubReport> {
  const row = requireHub(services.db);
  if (!row.ok) return row;
  const hub = row.value;
  const { db, regions, clock } = services;
  const scopeCode = options.regionCode ?? hub.region_code;
  const scopeRegion =
    scopeCode === '' ? { name: 'Indonesia', level: 'nasional' as const } : regions.get(scopeCode);
  if (!scopeRegion) return err('NOT_FOUND', `no region with code ${scopeCode}`);
  const now = clock.now();
  const nowMs = now.getTime();
  const activeSince = nowMs - 30 * DAY_MS;
  const bundles = new Map(rawDesaFacts(db, scopeCode).map((d) => [d.code, d]));
  const learners = rawLearnerFacts(db, scopeCode);
  const desaName = new Map<string, string>();
  for (const d of desaOf(regions, scopeCode)) desaName.set(d.code, d.name);
  for (const d of bundles.values()) if (!desaName.has(d.code)) desaName.set(d.code, d.name);
  const perDesa = new Map<string, Totals>();
  for (const code of desaName.keys()) {
    const t = new Totals();
    t.addDesa(bundles.get(code));
    perDesa.set(code, t);
  }
  for (const l of learners) perDesa.get(l.desaCode)?.addLearner(l, activeSince);
  const total = new Totals();
  for (const t of perDesa.values()) total.merge(t);
  const base = {
    hub: { name: hub.name, regionCode: hub.region_code },
    scope: { code: scopeCode, name: scopeRegion.name, level: scopeRegion.level },
    generatedAt: isoWithOffset(now),
    total: { code: scopeCode, name: scopeRegion.name, level: scopeRegion.level, ...total.metrics(nowMs) },
  };
  const level = options.level;
  if (level === 'learner') {
    // A page is the slice of the whole list, cut here from all of it.
    const offset = options.offset ?? 0;
    const page = learners.slice(offset, options.limit === undefined ? undefined : offset + options.limit);
    return ok({
      ...base,
      level,
      rows: page.map((l) => learnerRow(l, desaName, activeSince)),
      page: { offset, total: learners.length },
    });
  }
  const units = new Map<string, Totals>();
  for (const [code, t] of [...perDesa.entries()].sort(([a], [b]) => a.localeCompare(b))) {
    const unit = code.slice(0, CODE_LENGTH[level]);
    const acc = units.get(unit) ?? new Totals();
    acc.merge(t);
    units.set(unit, acc);
  }
  const rows: RegionRow[] = [...units.entries()].map(([code, t]) => ({
    code,
    name: regions.get(code)?.name ?? desaName.get(code) ?? code,
    level,
    ...t.metrics(nowMs),
  }));
  return ok({ ...base, level, rows });
}
