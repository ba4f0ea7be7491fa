import type {
  Average,
  HubReport,
  LearnerRow,
  Metrics,
  RegionRow,
  ReportLevel,
  ScopeLevel,
} from '../../api/hub';
import type { RegionLevel } from '../../api/regions';
import { err, ok, type Result } from '../../api/result';
import { isoWithOffset } from '../clock';
import type { Regions } from '../regions/regions';
import { inRegion, requireHub, type HubServices } from './identity';
import { NATION_NAME } from './init';
import {
  activeCounts,
  learnerFacts,
  regionRolls,
  rosterCount,
  reportingDesa,
  type LearnerFacts,
  type RegionRoll,
} from './reports-data';

/**
 * The hub's reports, drilling down provinsi → kabupaten/kota → kecamatan → desa → learner over the region the
 * hub serves (or a part of it). Every number is that of the stored statements and rosters, read from their
 * rollups (rollups.ts), which the import keeps up to date in its own transaction:
 * - learners: every learner on the desa's rosters (disabled and erased ones too: their learning counts); a
 *   learner's numbers are those of all their statements, counted in the desa of their roster;
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

function levelOfCode(code: string): ScopeLevel | null {
  switch (code.length) {
    case 0:
      return 'nasional';
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

/** The desa of a region from the list, and how many each unit of a level holds (units in code order). */
interface ListedDesa {
  names: Map<string, string>;
  units(length: number): Map<string, number>;
}

/** The region list is fixed for a process: its desa per region are worked out once (the nation has 80,000). */
const listedCache = new WeakMap<Regions, Map<string, ListedDesa>>();

function listedDesa(regions: Regions, code: string): ListedDesa {
  let byCode = listedCache.get(regions);
  if (!byCode) {
    byCode = new Map();
    listedCache.set(regions, byCode);
  }
  const known = byCode.get(code);
  if (known) return known;
  const names = new Map(desaOf(regions, code).map((d) => [d.code, d.name]));
  const byLength = new Map<number, Map<string, number>>();
  const listed: ListedDesa = {
    names,
    units(length) {
      let units = byLength.get(length);
      if (!units) {
        units = new Map();
        // Codes of one level have their dots in the same places: plain order is code order.
        for (const c of [...names.keys()].sort())
          units.set(c.slice(0, length), (units.get(c.slice(0, length)) ?? 0) + 1);
        byLength.set(length, units);
      }
      return units;
    },
  };
  byCode.set(code, listed);
  return listed;
}

/** One learner's sums over their courses: averages kept as sums of tenths and counts. */
class LearnerTotals {
  active = 0;
  lessons = 0;
  courses = 0;
  pre = { sum: 0, n: 0 };
  post = { sum: 0, n: 0 };
  gain = { sum: 0, n: 0 };
  certificates = 0;

  constructor(l: LearnerFacts, activeSince: number) {
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
  /** The learner level: its rows from `offset` (default 0), at most `limit` of them (default: all). */
  offset?: number;
  limit?: number;
}

/** A region's metrics from its rollup (none: a region without data), its desa count and active learners. */
function rollMetrics(
  roll: RegionRoll | undefined,
  desaTotal: number,
  active: number,
  nowMs: number,
): Metrics {
  const lastMs = roll?.last_bundle_ms ?? null;
  const reporting = roll?.desa_reporting ?? 0;
  return {
    desaTotal,
    desaReporting: reporting,
    desaNoData: desaTotal - reporting,
    kiosks: roll?.kiosks ?? 0,
    learners: roll?.learners ?? 0,
    active30d: active,
    lessonsCompleted: roll?.lessons ?? 0,
    coursesCompleted: roll?.courses ?? 0,
    pretest: average({ sum: roll?.pre_sum ?? 0, n: roll?.pre_n ?? 0 }),
    posttest: average({ sum: roll?.post_sum ?? 0, n: roll?.post_n ?? 0 }),
    gain: average({ sum: roll?.gain_sum ?? 0, n: roll?.gain_n ?? 0 }),
    certificates: roll?.certificates ?? 0,
    lastBundleAt: lastMs === null ? null : (roll?.last_bundle_at ?? null),
    daysSinceLastBundle: lastMs === null ? null : Math.max(0, Math.floor((nowMs - lastMs) / DAY_MS)),
  };
}

/**
 * The report at one level over the hub's region or a part of it (see the top of this file for each number),
 * read from the rollups: rows in proportion to the rows shown (and, for active learners, to the days counted),
 * whatever the number of statements behind them.
 */
export function hubReport(services: HubServices, options: ReportOptions): Result<HubReport> {
  const row = requireHub(services.db);
  if (!row.ok) return row;
  const hub = row.value;
  const { db, regions, clock } = services;
  const scopeCode = options.regionCode ?? hub.region_code;
  if (scopeCode !== hub.region_code && !inRegion(scopeCode, hub.region_code))
    return err('NOT_FOUND', `${scopeCode} is not within ${hub.region_name} (${hub.region_code})`);
  const scopeLevel = levelOfCode(scopeCode);
  const scopeRegion = scopeCode === '' ? { name: NATION_NAME } : regions.get(scopeCode);
  if (!scopeLevel || !scopeRegion) return err('NOT_FOUND', `no region with code ${scopeCode}`);

  const now = clock.now();
  const nowMs = now.getTime();
  const activeSince = nowMs - ACTIVE_DAYS * DAY_MS;
  // Every desa of the region from the list, and any desa with data no longer in it (a newer region
  // dataset): still reported, under its own name.
  const listed = listedDesa(regions, scopeCode);
  const unlisted = new Map<string, string>();
  for (const d of reportingDesa(db, scopeCode)) if (!listed.names.has(d.code)) unlisted.set(d.code, d.name);
  const desaName = { get: (code: string) => listed.names.get(code) ?? unlisted.get(code) };

  const scopeLength = scopeCode.length;
  const total = rollMetrics(
    regionRolls(db, scopeLength, scopeCode).get(scopeCode),
    listed.names.size + unlisted.size,
    activeCounts(db, scopeLength, scopeCode, activeSince).get(scopeCode) ?? 0,
    nowMs,
  );
  const base: Omit<HubReport, 'level' | 'rows'> = {
    hub: { name: hub.name, regionCode: hub.region_code },
    scope: { code: scopeCode, name: scopeRegion.name, level: scopeLevel },
    generatedAt: isoWithOffset(now),
    total: { code: scopeCode, name: scopeRegion.name, level: scopeLevel, ...total },
  };

  const level = options.level;
  if (level === 'learner') {
    const page = { offset: options.offset ?? 0, limit: options.limit ?? null };
    const learners = learnerFacts(db, scopeCode, page);
    return ok({
      ...base,
      level,
      rows: learners.map((l) => learnerRow(l, desaName, activeSince)),
      page: { offset: page.offset, total: rosterCount(db, scopeCode) },
    });
  }

  const length = CODE_LENGTH[level];
  let units = listed.units(length);
  if (unlisted.size > 0) {
    const all = new Map(units);
    for (const code of unlisted.keys())
      all.set(code.slice(0, length), (all.get(code.slice(0, length)) ?? 0) + 1);
    units = new Map([...all.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
  }
  const nameOf = (code: string) => regions.get(code)?.name ?? desaName.get(code) ?? code;
  // A level at or above the region's own (its provinsi seen from a kabupaten): one row, the region's numbers.
  if (length <= scopeLength)
    return ok({
      ...base,
      level,
      rows: [...units.keys()].map((code) => ({ code, name: nameOf(code), level, ...total })),
    });
  const rolls = regionRolls(db, length, scopeCode);
  const active = activeCounts(db, length, scopeCode, activeSince);
  const rows: RegionRow[] = [...units.entries()].map(([code, desaTotal]) => ({
    code,
    name: nameOf(code),
    level,
    ...rollMetrics(rolls.get(code), desaTotal, active.get(code) ?? 0, nowMs),
  }));
  return ok({ ...base, level, rows });
}

/** A learner's row of the learner level, from their facts. */
export function learnerRow(
  l: LearnerFacts,
  desaName: { get(code: string): string | undefined },
  activeSince: number,
): LearnerRow {
  const t = new LearnerTotals(l, activeSince);
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
