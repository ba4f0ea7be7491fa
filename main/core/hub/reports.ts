import type { Average, HubReport, LearnerRow, Metrics, RegionRow, ReportLevel } from '../../api/hub';
import type { RegionLevel } from '../../api/regions';
import { err, ok, type Result } from '../../api/result';
import { isoWithOffset } from '../clock';
import type { Regions } from '../regions/regions';
import { requireHub, type HubServices } from './identity';
import { desaFacts, learnerFacts, type DesaFacts, type LearnerFacts } from './reports-data';

/**
 * The hub's reports, drilling down provinsi → kabupaten/kota → kecamatan → desa → learner over the region the
 * hub serves (or a part of it). Every number is computed from the stored statements and rosters:
 * - learners: every learner on the desa's rosters (disabled and erased ones too: their learning counts);
 * - active in the last 30 days: learners with a statement whose kiosk time is within 30 days before now;
 * - lessons completed: distinct lessons `completed`, summed over learners and courses;
 * - courses completed: learner-course pairs with the course `completed`;
 * - pretest: each learner-course pair's first submitted pretest; posttest: its best; gain: post − pre where
 *   both exist; each averaged over the pairs that have it (`count` says how many), one decimal;
 * - certificates: `certificate-issued` statements (distinct numbers);
 * - last bundle: the newest bundle by the kiosk's clock, and whole days since then;
 * - desa: every desa of the region from the Kemendagri list (kelurahan are not served), those that sent a
 *   bundle, and those with no data at all.
 */

export type { Average, HubReport, LearnerRow, Metrics, RegionRow, ReportLevel };
export const REPORT_LEVELS: readonly ReportLevel[] = [
  'provinsi',
  'kabupaten',
  'kecamatan',
  'desa',
  'learner',
];

const CODE_LENGTH: Record<RegionLevel, number> = { provinsi: 2, kabupaten: 5, kecamatan: 8, desa: 13 };
const DAY_MS = 86_400_000;
const ACTIVE_DAYS = 30;

function levelOfCode(code: string): RegionLevel | null {
  switch (code.length) {
    case 2:
      return 'provinsi';
    case 5:
      return 'kabupaten';
    case 8:
      return 'kecamatan';
    case 13:
      return 'desa';
    default:
      return null;
  }
}

/** Every desa (not kelurahan) of a region, from the Kemendagri list. */
export function desaOf(regions: Regions, code: string): { code: string; name: string }[] {
  if (code.length === 13) {
    const d = regions.desa(code);
    return d ? [{ code, name: d.desa.name }] : [];
  }
  return regions
    .childrenOf(code)
    .flatMap((child) =>
      child.level === 'desa' ? [{ code: child.code, name: child.name }] : desaOf(regions, child.code),
    );
}

/** Sums of one unit (a desa, or any region): averages kept as sums of tenths and counts. */
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
  lastBundleMs: number | null = null;
  lastBundleAt: string | null = null;

  addLearner(l: LearnerFacts, activeSince: number): void {
    this.learners++;
    if (l.lastActivityMs !== null && l.lastActivityMs >= activeSince) this.active++;
    for (const c of l.courses) {
      this.lessons += c.lessonsCompleted;
      if (c.completed) this.courses++;
      this.certificates += c.certificates;
      if (c.preTenths !== null) add(this.pre, c.preTenths);
      if (c.postTenths !== null) add(this.post, c.postTenths);
      if (c.preTenths !== null && c.postTenths !== null) add(this.gain, c.postTenths - c.preTenths);
    }
  }

  addDesa(d: DesaFacts | undefined): void {
    this.desaTotal++;
    if (!d) return;
    this.desaReporting++;
    this.kiosks += d.kiosks;
    this.noteBundle(d.lastBundleMs, d.lastBundleAt);
  }

  merge(o: Totals): void {
    this.desaTotal += o.desaTotal;
    this.desaReporting += o.desaReporting;
    this.kiosks += o.kiosks;
    this.learners += o.learners;
    this.active += o.active;
    this.lessons += o.lessons;
    this.courses += o.courses;
    for (const k of ['pre', 'post', 'gain'] as const) {
      this[k].sum += o[k].sum;
      this[k].n += o[k].n;
    }
    this.certificates += o.certificates;
    this.noteBundle(o.lastBundleMs, o.lastBundleAt);
  }

  private noteBundle(ms: number | null, at: string | null): void {
    if (ms !== null && (this.lastBundleMs === null || ms > this.lastBundleMs)) {
      this.lastBundleMs = ms;
      this.lastBundleAt = at;
    }
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
      lastBundleAt: this.lastBundleAt,
      daysSinceLastBundle:
        this.lastBundleMs === null ? null : Math.max(0, Math.floor((nowMs - this.lastBundleMs) / DAY_MS)),
    };
  }
}

function add(acc: { sum: number; n: number }, tenths: number): void {
  acc.sum += tenths;
  acc.n++;
}

/** The average of values kept in tenths, to one decimal. */
export function average(acc: { sum: number; n: number }): Average {
  // `|| 0`: a loss rounding to nothing is 0, not -0.
  return { average: acc.n === 0 ? null : Math.round(acc.sum / acc.n) / 10 || 0, count: acc.n };
}

export interface ReportOptions {
  level: ReportLevel;
  /** A region within the hub's (default: the hub's own). */
  regionCode?: string;
}

/** The report at one level over the hub's region or a part of it (see the top of this file for each number). */
export function hubReport(services: HubServices, options: ReportOptions): Result<HubReport> {
  const row = requireHub(services.db);
  if (!row.ok) return row;
  const hub = row.value;
  const { db, regions, clock } = services;
  const scopeCode = options.regionCode ?? hub.region_code;
  if (scopeCode !== hub.region_code && !scopeCode.startsWith(`${hub.region_code}.`))
    return err('NOT_FOUND', `${scopeCode} is not within ${hub.region_name} (${hub.region_code})`);
  const scopeLevel = levelOfCode(scopeCode);
  const scopeRegion = regions.get(scopeCode);
  if (!scopeLevel || !scopeRegion) return err('NOT_FOUND', `no region with code ${scopeCode}`);

  const now = clock.now();
  const nowMs = now.getTime();
  const activeSince = nowMs - ACTIVE_DAYS * DAY_MS;
  const desaList = desaOf(regions, scopeCode);
  const bundles = new Map(desaFacts(db, scopeCode).map((d) => [d.desaCode, d]));
  const learners = learnerFacts(db, scopeCode);
  const perDesa = new Map<string, Totals>();
  const desaName = new Map<string, string>();
  for (const d of desaList) desaName.set(d.code, d.name);
  // A desa with data but no longer in the list (a newer region dataset): still reported, under its own name.
  for (const d of bundles.values()) if (!desaName.has(d.desaCode)) desaName.set(d.desaCode, d.desaName);
  for (const code of desaName.keys()) {
    const t = new Totals();
    t.addDesa(bundles.get(code));
    perDesa.set(code, t);
  }
  for (const l of learners) perDesa.get(l.desaCode)?.addLearner(l, activeSince);

  const total = new Totals();
  for (const t of perDesa.values()) total.merge(t);
  const base: Omit<HubReport, 'level' | 'rows'> = {
    hub: { name: hub.name, regionCode: hub.region_code },
    scope: { code: scopeCode, name: scopeRegion.name, level: scopeLevel },
    generatedAt: isoWithOffset(now),
    total: { code: scopeCode, name: scopeRegion.name, level: scopeLevel, ...total.metrics(nowMs) },
  };

  const level = options.level;
  if (level === 'learner')
    return ok({ ...base, level, rows: learners.map((l) => learnerRow(l, desaName, activeSince)) });

  const length = CODE_LENGTH[level];
  const units = new Map<string, Totals>();
  for (const [code, t] of [...perDesa.entries()].sort(([a], [b]) => a.localeCompare(b))) {
    const unit = code.slice(0, length);
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

function learnerRow(l: LearnerFacts, desaName: Map<string, string>, activeSince: number): LearnerRow {
  const t = new Totals();
  t.addLearner(l, activeSince);
  return {
    learnerId: l.learnerId,
    deviceId: l.deviceId,
    desaCode: l.desaCode,
    desaName: desaName.get(l.desaCode) ?? l.desaCode,
    fullName: l.fullName,
    personal: l.personal,
    jabatan: l.jabatan,
    disabled: l.disabled,
    active30d: t.active === 1,
    lastActivityAt: l.lastActivityMs === null ? null : isoWithOffset(new Date(l.lastActivityMs)),
    lessonsCompleted: t.lessons,
    coursesCompleted: t.courses,
    pretest: average(t.pre),
    posttest: average(t.post),
    gain: average(t.gain),
    certificates: t.certificates,
    courses: l.courses.map(({ preTenths, postTenths, ...c }) => ({
      ...c,
      pretest: preTenths === null ? null : preTenths / 10,
      posttest: postTenths === null ? null : postTenths / 10,
    })),
  };
}
