import type { RegionLevel } from '../../main/api/regions';
import type { Regions } from '../../main/core/regions/regions';
import type { GeneratedKabupaten } from './hub-generator';
import type { TruthLearner } from './hub-gen-kiosk';

/**
 * What the hub's reports must say about a generated kabupaten, computed from the generator's own record of
 * what every learner did (hub-gen-kiosk.ts), never from the hub's tables: per desa, then summed up to the
 * kecamatan, the kabupaten and the provinsi. Averages pool learner-course pairs, in tenths of a point.
 */

export interface ExpectedMetrics {
  desaTotal: number;
  desaReporting: number;
  desaNoData: number;
  kiosks: number;
  learners: number;
  active30d: number;
  lessonsCompleted: number;
  coursesCompleted: number;
  pretest: { average: number | null; count: number };
  posttest: { average: number | null; count: number };
  gain: { average: number | null; count: number };
  certificates: number;
  lastBundleAt: string | null;
  daysSinceLastBundle: number | null;
}

export interface ExpectedRow extends ExpectedMetrics {
  code: string;
  name: string;
  level: RegionLevel;
}

interface Sums {
  desaTotal: number;
  desaReporting: number;
  kiosks: number;
  learners: number;
  active: number;
  lessons: number;
  courses: number;
  pre: [number, number];
  post: [number, number];
  gain: [number, number];
  certificates: number;
  last: { ms: number; at: string } | null;
}

const DAY = 86_400_000;
const LENGTH: Record<RegionLevel, number> = { provinsi: 2, kabupaten: 5, kecamatan: 8, desa: 13 };

const empty = (): Sums => ({
  desaTotal: 0,
  desaReporting: 0,
  kiosks: 0,
  learners: 0,
  active: 0,
  lessons: 0,
  courses: 0,
  pre: [0, 0],
  post: [0, 0],
  gain: [0, 0],
  certificates: 0,
  last: null,
});

function addLearner(s: Sums, l: TruthLearner, nowMs: number): void {
  s.learners++;
  if (l.lastActivityMs !== null && l.lastActivityMs >= nowMs - 30 * DAY) s.active++;
  for (const c of l.courses.values()) {
    s.lessons += c.lessons.size;
    if (c.completed) s.courses++;
    s.certificates += c.certificates;
    if (c.preTenths !== null) s.pre = [s.pre[0] + c.preTenths, s.pre[1] + 1];
    if (c.postTenths !== null) s.post = [s.post[0] + c.postTenths, s.post[1] + 1];
    if (c.preTenths !== null && c.postTenths !== null)
      s.gain = [s.gain[0] + c.postTenths - c.preTenths, s.gain[1] + 1];
  }
}

function merge(a: Sums, b: Sums): void {
  a.desaTotal += b.desaTotal;
  a.desaReporting += b.desaReporting;
  a.kiosks += b.kiosks;
  a.learners += b.learners;
  a.active += b.active;
  a.lessons += b.lessons;
  a.courses += b.courses;
  a.certificates += b.certificates;
  for (const k of ['pre', 'post', 'gain'] as const) a[k] = [a[k][0] + b[k][0], a[k][1] + b[k][1]];
  if (b.last && (!a.last || b.last.ms > a.last.ms)) a.last = b.last;
}

const avg = ([sum, n]: [number, number]) => ({
  average: n === 0 ? null : Math.round(sum / n) / 10 || 0,
  count: n,
});

function metrics(s: Sums, nowMs: number): ExpectedMetrics {
  return {
    desaTotal: s.desaTotal,
    desaReporting: s.desaReporting,
    desaNoData: s.desaTotal - s.desaReporting,
    kiosks: s.kiosks,
    learners: s.learners,
    active30d: s.active,
    lessonsCompleted: s.lessons,
    coursesCompleted: s.courses,
    pretest: avg(s.pre),
    posttest: avg(s.post),
    gain: avg(s.gain),
    certificates: s.certificates,
    lastBundleAt: s.last?.at ?? null,
    daysSinceLastBundle: s.last ? Math.floor((nowMs - s.last.ms) / DAY) : null,
  };
}

/** Every desa of a region in the Kemendagri list, kelurahan left out. */
function allDesa(regions: Regions, code: string): { code: string; name: string }[] {
  return regions
    .childrenOf(code)
    .flatMap((c) => (c.level === 'desa' ? [{ code: c.code, name: c.name }] : allDesa(regions, c.code)));
}

/** The expected rows of a region level over `scope` (default: the generated kabupaten). */
export function expectedRows(
  world: GeneratedKabupaten,
  level: RegionLevel,
  nowMs: number,
  scope = world.kabupaten,
): ExpectedRow[] {
  const perDesa = new Map<string, Sums>();
  for (const d of allDesa(world.regions, scope)) perDesa.set(d.code, { ...empty(), desaTotal: 1 });
  for (const v of world.villages) {
    const s = perDesa.get(v.desaCode);
    if (!s) continue;
    s.desaReporting = 1;
    s.kiosks = 1;
    for (const b of v.bundles)
      if (!s.last || b.createdMs > s.last.ms) s.last = { ms: b.createdMs, at: b.createdAt };
    for (const l of v.learners) addLearner(s, l, nowMs);
  }
  const units = new Map<string, Sums>();
  for (const code of [...perDesa.keys()].sort()) {
    const unit = code.slice(0, LENGTH[level]);
    const acc = units.get(unit) ?? empty();
    merge(acc, perDesa.get(code)!);
    units.set(unit, acc);
  }
  return [...units.entries()].map(([code, s]) => ({
    code,
    name: world.regions.get(code)!.name,
    level,
    ...metrics(s, nowMs),
  }));
}

/** What the learner level must say of each learner (by learner id). */
export function expectedLearners(world: GeneratedKabupaten, nowMs: number) {
  return new Map(
    world.villages.flatMap((v) =>
      v.learners.map((l) => {
        const s = empty();
        addLearner(s, l, nowMs);
        return [
          l.id,
          {
            desaCode: v.desaCode,
            fullName: l.fullName,
            jabatan: l.jabatan,
            personal: l.personal,
            active30d: s.active === 1,
            lessonsCompleted: s.lessons,
            coursesCompleted: s.courses,
            pretest: avg(s.pre),
            posttest: avg(s.post),
            gain: avg(s.gain),
            certificates: s.certificates,
          },
        ] as const;
      }),
    ),
  );
}
