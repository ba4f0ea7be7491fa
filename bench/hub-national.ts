import Database from 'better-sqlite3';
import { existsSync, mkdirSync, rmSync, statSync } from 'node:fs';
import { cpus } from 'node:os';
import { join } from 'node:path';
import { ManualClock } from '../main/core/clock';
import { DB_FILE } from '../main/core/db/file';
import { sql } from '../main/core/db/sql';
import { hubReport, type ReportLevel } from '../main/core/hub/reports';
import { Regions } from '../main/core/regions/regions';
import {
  inChild,
  LEARNER_PAGE,
  loadNow,
  openHubCore,
  setUpHub,
  type BareRun,
  type ImportRun,
} from './hub-import';
import { RESOURCES_DIR } from './lib/balai';
import type { Bench } from './lib/context';
import { figure, round } from './lib/figure';
import { filesystemOf } from './lib/fs-type';
import { readTemplates, writeClone, type BundleTemplate } from './lib/hub-clone';
import { desaCodesOf, generateVillages } from './lib/hub-villages';
import { percentile, since } from './lib/stats';

/**
 * `npm run bench -- national` (not in the default run): a nasional hub filled step by step to 1, 3 and 10
 * million statements (`BENCH_NATIONAL_STEPS` sets others) from villages of several provinsi, with real desa
 * codes, 400 statements each (about 25,000 villages at 10 million). The villages are clones of real kiosk
 * bundles (lib/hub-clone.ts): each signed by its own new device key, so the hub checks every one in full.
 * At each step: the step's bundles imported with `importBundles` in a child process against the bare bulk
 * insert of the same rows into a bare database that grows alike; the hub's database size per million
 * statements; and the report latency at every level. Figures print at each step, so a run cut short keeps
 * the sizes it reached.
 */
const STEPS = (process.env.BENCH_NATIONAL_STEPS ?? '1000000,3000000,10000000')
  .split(',')
  .map((s) => Number(s));
const PER_VILLAGE = Number(process.env.BENCH_NATIONAL_PER_VILLAGE ?? 400);
/** Jawa Tengah, Jawa Timur, Aceh, Jawa Barat, Sumatera Utara: about 32,000 desa. */
const PROVINSI = ['33', '35', '11', '32', '12'];
const TEMPLATE_VILLAGES = Number(process.env.BENCH_NATIONAL_TEMPLATES ?? 24);
/** The hub database's page size in bytes (`BENCH_NATIONAL_PAGE_SIZE`; unset: SQLite's default, 4,096). */
const PAGE_SIZE = process.env.BENCH_NATIONAL_PAGE_SIZE ? Number(process.env.BENCH_NATIONAL_PAGE_SIZE) : null;
const NOW = new Date('2026-12-01T10:00:00+07:00');
const SEED = 20261208;
const REPORT_RUNS = 20;
const REPORT_BUDGET_MS = 20_000;
const LEVELS: readonly ReportLevel[] = ['provinsi', 'kabupaten', 'kecamatan', 'desa', 'learner'];
const stepName = (n: number) => `${round(n / 1e6, 1)}M`;

/** Desa of the provinsi taken in turn, so that every step spreads over all of them. */
function interleavedDesa(regions: Regions): { code: string; name: string }[] {
  const lists = PROVINSI.map((p) => desaCodesOf(regions, p));
  const out: { code: string; name: string }[] = [];
  for (let i = 0; out.length < lists.reduce((n, l) => n + l.length, 0); i++)
    for (const list of lists) {
      const code = list[i];
      if (code) out.push({ code, name: regions.get(code)!.name });
    }
  return out;
}

export const hubNationalBench: Bench = {
  id: 'national',
  onlyByName: true,
  maxMs: 12 * 3_600_000,
  figures: STEPS.flatMap((n) => [
    { name: `hub.national.${stepName(n)}.import.throughput`, unit: 'statements/s' },
    { name: `hub.national.${stepName(n)}.dbSize`, unit: 'MiB per million statements' },
    ...LEVELS.map((level) => ({ name: `hub.national.${stepName(n)}.report.${level}.p95`, unit: 'ms' })),
  ]),
  async run(ctx) {
    const dir = ctx.scope.tmpDir('hub-national');
    const hubDir = join(dir, 'hub');
    if (PAGE_SIZE !== null) {
      // A page size holds only if set before the file has any page (and before WAL): an empty file first.
      mkdirSync(hubDir, { recursive: true });
      const empty = new Database(join(hubDir, DB_FILE));
      empty.pragma(`page_size = ${PAGE_SIZE}`);
      empty.exec('VACUUM');
      empty.close();
    }
    const signer = setUpHub(hubDir, '', NOW);

    let t = performance.now();
    await generateVillages({
      seed: SEED,
      kabupaten: ['33.05'],
      villages: TEMPLATE_VILLAGES,
      minLearners: 18,
      nowMs: NOW.getTime(),
      outDir: join(dir, 'templates'),
      workDir: join(dir, 'kiosks'),
      hub: signer,
    });
    rmSync(join(dir, 'kiosks'), { recursive: true, force: true });
    const templates: BundleTemplate[] = await readTemplates(join(dir, 'templates'));
    if (templates.length === 0) throw new Error('no first bundle with a clear roster among the templates');
    console.error(
      `bench: national: ${templates.length} template bundles from ${TEMPLATE_VILLAGES} kiosks in ${(since(t) / 1000).toFixed(0)} s`,
    );

    const regions = new Regions(join(RESOURCES_DIR, 'regions'));
    const desa = interleavedDesa(regions);
    const bareDb = join(dir, 'bare.sqlite');
    let villages = 0;
    let statements = 0;
    let learners = 0;
    for (const [stepIndex, target] of STEPS.entries()) {
      const sticks = join(dir, `step-${stepIndex}`);
      t = performance.now();
      let added = 0;
      while (statements + added < target) {
        if (villages >= desa.length) throw new Error(`only ${desa.length} desa in ${PROVINSI.join(', ')}`);
        const made = await writeClone(
          templates[villages % templates.length]!,
          desa[villages]!,
          PER_VILLAGE,
          sticks,
        );
        added += made.statements;
        learners += made.learners;
        villages++;
      }
      const stepVillages = villages;
      console.error(
        `bench: national: step ${stepName(target)}: ${added} statements in new bundles, ${villages} villages in all, made in ${(since(t) / 1000).toFixed(0)} s (not counted)`,
      );
      const loadStart = loadNow();
      const bare = await inChild<BareRun>(
        'hub-bare-runner.ts',
        [sticks, bareDb],
        join(dir, `bare-${stepIndex}.json`),
      );
      if (bare.statements !== added) throw new Error(`bare script: ${bare.statements} statements`);
      const imported = await inChild<ImportRun>(
        'hub-import-runner.ts',
        [hubDir, sticks],
        join(dir, `import-${stepIndex}.json`),
      );
      if (imported.counts?.newStatements !== added)
        throw new Error(`import: ${JSON.stringify(imported.counts)}`);
      rmSync(sticks, { recursive: true, force: true });
      statements += added;
      const loadAfter = loadNow();

      const hub = openHubCore(hubDir, new ManualClock(NOW));
      try {
        const db = hub.services.db;
        db.checkpoint();
        const pageSize = db.raw.pragma('page_size', { simple: true }) as number;
        const file = join(hubDir, DB_FILE);
        const bytes = statSync(file).size + (existsSync(`${file}-wal`) ? statSync(`${file}-wal`).size : 0);
        const held = db.get<{ n: number }>(sql`SELECT COUNT(*) AS n FROM hub_statements`)!.n;
        if (held !== statements) throw new Error(`hub holds ${held} statements, expected ${statements}`);
        const rate = (ms: number) => added / (ms / 1000);
        const sizeNote =
          `${statements} statements of ${stepVillages} villages (${PER_VILLAGE} each, real desa codes of provinsi ` +
          `${PROVINSI.join(', ')}), ${learners} learners, in a nasional hub`;
        ctx.emit(
          figure(
            {
              name: `hub.national.${stepName(target)}.import.throughput`,
              value: round(rate(imported.ms), 0),
              unit: 'statements/s',
            },
            {
              name: 'bare unzip + parse + bulk INSERT of the same rows',
              value: round(rate(bare.ms), 0),
              unit: 'statements/s',
            },
            `${sizeNote}; this step's ${added} statements: importBundles ${round(imported.ms / 1000, 1)} s (peak RSS ` +
              `${round(imported.maxRssMiB, 0)} MiB), bare ${round(bare.ms / 1000, 1)} s into a bare file grown alike; ` +
              `temp dir on ${filesystemOf(dir)}; load average ${loadStart} before, ${loadAfter} after (${cpus().length} CPUs)`,
          ),
        );
        ctx.emit(
          figure(
            {
              name: `hub.national.${stepName(target)}.dbSize`,
              value: round(bytes / 2 ** 20 / (statements / 1e6), 0),
              unit: 'MiB per million statements',
            },
            {
              name: 'bare file (statement rows and their key only)',
              value: round(statSync(bareDb).size / 2 ** 20 / (statements / 1e6), 0),
              unit: 'MiB per million statements',
            },
            `${sizeNote}; hub database ${round(bytes / 2 ** 30, 2)} GiB after a WAL checkpoint, page size ${pageSize} B`,
          ),
        );

        const kecamatan = desa[0]!.code.slice(0, 8);
        const scopes: Record<ReportLevel, string[]> = {
          provinsi: [''],
          kabupaten: ['', PROVINSI[0]!],
          kecamatan: [PROVINSI[0]!, desa[0]!.code.slice(0, 5)],
          desa: [desa[0]!.code.slice(0, 5), kecamatan],
          learner: [kecamatan, desa[0]!.code],
        };
        for (const level of LEVELS) {
          const all: number[] = [];
          const parts: string[] = [];
          for (const regionCode of scopes[level]) {
            const once = () => {
              const start = performance.now();
              // The learner level as the screen asks for it: a page (the download holds every row).
              const report = hubReport(hub.services, {
                level,
                regionCode,
                ...(level === 'learner' ? LEARNER_PAGE : {}),
              });
              if (!report.ok) throw new Error(`report ${level} ${regionCode}: ${report.error.message}`);
              return { ms: since(start), rows: report.value.rows.length };
            };
            const { rows } = once();
            const samples: number[] = [];
            const started = performance.now();
            while (samples.length < REPORT_RUNS && (samples.length < 5 || since(started) < REPORT_BUDGET_MS))
              samples.push(once().ms);
            all.push(...samples);
            parts.push(
              `${regionCode || 'nasional'} (${rows} rows) p50 ${round(percentile(samples, 50), 1)} p95 ${round(percentile(samples, 95), 1)} ms × ${samples.length}`,
            );
          }
          ctx.emit(
            figure(
              {
                name: `hub.national.${stepName(target)}.report.${level}.p95`,
                value: round(percentile(all, 95), 1),
                unit: 'ms',
              },
              null,
              `hubReport at level ${level} over ${parts.join('; ')}; ${statements} statements; after 1 untimed ` +
                `run each; load average ${loadNow()}`,
            ),
          );
        }
      } finally {
        hub.close();
      }
    }
  },
};
