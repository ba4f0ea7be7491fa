import { mkdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { HubSigner } from '../../main/core/bundles/receipt';
import { courseManifestSchema } from '../../main/core/courses/manifest';
import { Db } from '../../main/core/db/database';
import type { InstalledCourse } from '../../main/core/courses/store';
import { Regions } from '../../main/core/regions/regions';
import { RESOURCES } from './core';
import { realizeVillage, type TruthVillage } from './hub-gen-kiosk';
import { planKabupaten, rng } from './hub-gen-plan';

/**
 * A seeded generator of a realistic kabupaten for the hub's tests: `villages` real desa of `kabupaten` (codes
 * from resources/regions) each get a kiosk with its own device key, officials with jabatan, and a plan of
 * learning in the starter courses (lessons, pretests and posttests with scores, practice quizzes,
 * certificates); each kiosk records it with the kiosk's Recorder and exports it with the kiosk's own
 * `exportBundle` into `outDir` (`BalaiBelajar/<desa>/…`, as sticks carry them). Some villages export twice,
 * the second time after a receipt of `hub`, so their roster is sealed to it. Returns the generator's own
 * record of what it did: the ground truth the hub's reports are checked against.
 */

export interface GeneratorOptions {
  seed: number;
  kabupaten: string;
  villages: number;
  nowMs: number;
  outDir: string;
  workDir: string;
  hub: HubSigner & { encryptionKey: string };
  secondBundleShare?: number;
  /** Every n-th village exports with the kiosk's own exportBundle (default 25); the others with its builder. */
  kioskExportEvery?: number;
}

export interface GeneratedKabupaten {
  kabupaten: string;
  regions: Regions;
  villages: TruthVillage[];
  nowMs: number;
  outDir: string;
  totals: { bundles: number; statements: number; learners: number; ms: number; exportMs: number };
}

const CONTENT = resolve(import.meta.dirname, '..', '..', 'content', 'courses');
const STARTER = ['perencanaan-pembangunan-desa', 'pengelolaan-keuangan-desa', 'mengenal-apbdes'];

/** The starter courses as installed (their manifests from content/courses, the sources of the packages). */
export function starterCourses(): Map<string, InstalledCourse> {
  return new Map(
    STARTER.map((id) => {
      const manifest = courseManifestSchema.parse(
        JSON.parse(readFileSync(join(CONTENT, id, 'course.json'), 'utf8')),
      );
      const course: InstalledCourse = {
        id: manifest.id,
        version: manifest.version,
        title: manifest.title,
        publisher: manifest.publisher,
        dir: join(CONTENT, id),
        sizeBytes: 0,
        installedAt: '2026-01-01T00:00:00.000+07:00',
        manifest,
      };
      return [id, course];
    }),
  );
}

/** Every desa (not kelurahan) of a region, straight from the region tree. */
export function desaCodes(regions: Regions, code: string): string[] {
  return regions
    .childrenOf(code)
    .flatMap((child) => (child.level === 'desa' ? [child.code] : desaCodes(regions, child.code)));
}

export async function generateKabupaten(options: GeneratorOptions): Promise<GeneratedKabupaten> {
  const started = performance.now();
  const regions = new Regions(join(RESOURCES, 'regions'));
  const courses = starterCourses();
  const plans = planKabupaten({
    seed: options.seed,
    desa: desaCodes(regions, options.kabupaten),
    villages: options.villages,
    nowMs: options.nowMs,
    courses: [...courses.values()].map((c) => c.manifest),
    secondBundleShare: options.secondBundleShare ?? 0.2,
  });
  mkdirSync(options.outDir, { recursive: true });
  const r = rng(options.seed ^ 0x5eed);
  mkdirSync(options.workDir, { recursive: true });
  const template = join(options.workDir, 'template.sqlite');
  Db.open(template).close();
  const ctx = {
    regions,
    courses,
    outDir: options.outDir,
    workDir: options.workDir,
    hub: options.hub,
    template,
  };
  const villages: TruthVillage[] = [];
  const every = options.kioskExportEvery ?? 25;
  for (const [i, plan] of plans.entries())
    villages.push(await realizeVillage(plan, ctx, r, i % every === 0 ? 'kiosk' : 'builder'));
  return {
    kabupaten: options.kabupaten,
    regions,
    villages,
    nowMs: options.nowMs,
    outDir: options.outDir,
    totals: {
      bundles: villages.reduce((n, v) => n + v.bundles.length, 0),
      statements: villages.reduce((n, v) => n + v.statements, 0),
      learners: villages.reduce((n, v) => n + v.learners.length, 0),
      ms: Math.round(performance.now() - started),
      exportMs: Math.round(villages.reduce((n, v) => n + v.exportMs, 0)),
    },
  };
}
