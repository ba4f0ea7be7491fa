import { cpSync, readFileSync, rmSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { createCore, type Core } from '../main/core/app';
import type { HubSigner } from '../main/core/bundles/receipt';
import { ManualClock } from '../main/core/clock';
import { loadHub } from '../main/core/hub/identity';
import { initHub } from '../main/core/hub/init';
import { hubReport, type ReportLevel } from '../main/core/hub/reports';
import { silentLogger } from '../main/core/log';
import { REPO_ROOT, RESOURCES_DIR } from './lib/balai';
import type { Bench } from './lib/context';
import { figure, round } from './lib/figure';
import { filesystemOf } from './lib/fs-type';
import { generateVillages, type GeneratedVillages } from './lib/hub-villages';
import { runToEnd } from './lib/process';
import { percentile, since } from './lib/stats';

/** Villages (one kiosk each, one or two bundles); `BENCH_HUB_VILLAGES` sets another size. */
const VILLAGES = Number(process.env.BENCH_HUB_VILLAGES ?? 500);
/** Each village has at least this many learners (the tests' plans merged: about 20 on average). */
const MIN_LEARNERS = 18;
/** Kebumen (449 desa) and Banyumas: the villages are drawn from both, under the provinsi hub of Jawa Tengah. */
const KABUPATEN = ['33.05', '33.02'] as const;
const PROVINSI = '33';
const NOW = new Date('2026-12-01T10:00:00+07:00');
const SEED = 20261201;
/** Timed runs of each report (after one untimed run), unless one report's runs pass REPORT_BUDGET_MS. */
const REPORT_RUNS = 50;
const REPORT_MIN_RUNS = 10;
const REPORT_BUDGET_MS = 30_000;
const CHILD_TIMEOUT_MS = 20 * 60_000;
const LEVELS: readonly ReportLevel[] = ['provinsi', 'kabupaten', 'kecamatan', 'desa', 'learner'];
/** The hub's report screen shows learners a page of 200 at a time (renderer/src/hub/HubReport.tsx). */
export const LEARNER_PAGE = { offset: 0, limit: 200 };

export const loadNow = () =>
  loadavg()
    .map((l) => l.toFixed(2))
    .join(' ');

export function openHubCore(dataDir: string, clock?: ManualClock): Core {
  return createCore({
    dataDir,
    resourcesDir: RESOURCES_DIR,
    appVersion: 'bench',
    shell: 'browser',
    log: silentLogger,
    ...(clock ? { clock } : {}),
    config: { scrypt: { N: 2 ** 10, r: 8, p: 1 } },
  });
}

/** Sets a hub up in a data folder (then closed) and answers its signer, for the villages' receipts. */
export function setUpHub(
  dataDir: string,
  regionCode: string,
  now: Date,
): HubSigner & { encryptionKey: string } {
  const setup = openHubCore(dataDir, new ManualClock(now));
  try {
    const done = initHub(setup.services, { regionCode, admin: { fullName: 'Admin Kantor', pin: '246810' } });
    if (!done.ok) throw new Error(`hub init: ${done.error.message}`);
    const keys = loadHub(setup.services);
    if (!keys.ok) throw new Error(`hub keys: ${keys.error.message}`);
    return { ...keys.value.signer, encryptionKey: keys.value.encryption.publicKey };
  } finally {
    setup.close();
  }
}

/** A child process (tsx) running one of lib/hub-*-runner.ts; its JSON answer. */
export async function inChild<T>(runner: string, args: string[], out: string): Promise<T> {
  await runToEnd(
    process.execPath,
    ['node_modules/tsx/dist/cli.mjs', join('bench', 'lib', runner), ...args, out],
    {
      cwd: REPO_ROOT,
      timeoutMs: CHILD_TIMEOUT_MS,
    },
  );
  return JSON.parse(readFileSync(out, 'utf8')) as T;
}

export interface ImportRun {
  ms: number;
  maxRssMiB: number;
  counts: {
    imported: number;
    duplicate: number;
    held: number;
    refused: number;
    newStatements: number;
  } | null;
}

export interface BareRun {
  ms: number;
  statements: number;
  bundles: number;
  maxRssMiB: number;
}

/** The most frequent prefixes of a length among the villages' desa codes (the busiest kecamatan, say). */
function busiest(desa: readonly string[], length: number, count: number): string[] {
  const n = new Map<string, number>();
  for (const d of desa) n.set(d.slice(0, length), (n.get(d.slice(0, length)) ?? 0) + 1);
  return [...n.entries()]
    .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
    .slice(0, count)
    .map(([code]) => code);
}

/**
 * What the reports are timed on, as the drill-down asks for them: each level over the region the admin
 * looks at (the provinsi, a kabupaten, a kecamatan, a desa).
 */
function reportScopes(made: GeneratedVillages): Record<ReportLevel, string[]> {
  const kecamatan = busiest(made.desa, 8, 2);
  const desa = [made.desa[0]!, made.desa[Math.floor(made.desa.length / 2)]!];
  return {
    provinsi: [PROVINSI],
    kabupaten: [PROVINSI],
    kecamatan: [PROVINSI, ...KABUPATEN],
    desa: [KABUPATEN[0], ...kecamatan],
    learner: [KABUPATEN[0], kecamatan[0]!, ...desa],
  };
}

/**
 * Importing the bundles of 500 villages (about 20 learners each, full histories) into a fresh provinsi hub
 * with the core's `importBundles`, in a child process (wall time, statements/s, peak RSS), against a bare
 * script bulk-inserting the same statement rows into a fresh SQLite file; then the latency of the hub's
 * reports at each level over what was imported.
 */
export const hubImportBench: Bench = {
  id: 'hub-import',
  figures: [
    { name: 'hub.import.wall', unit: 's' },
    { name: 'hub.import.throughput', unit: 'statements/s' },
    { name: 'hub.import.peakRss', unit: 'MiB' },
    ...LEVELS.flatMap((level) => [
      { name: `hub.report.${level}.p50`, unit: 'ms' },
      { name: `hub.report.${level}.p95`, unit: 'ms' },
    ]),
  ],
  async run(ctx) {
    const dir = ctx.scope.tmpDir('hub-import');
    const loadStart = loadNow();

    // The hub is set up first: the villages that export twice applied its receipt in between, so their
    // second roster is sealed to its key (the import opens them). Kept closed as a template.
    const template = join(dir, 'hub-template');
    const signer = setUpHub(template, PROVINSI, NOW);

    const sticks = join(dir, 'sticks');
    let t = performance.now();
    const made = await generateVillages({
      seed: SEED,
      kabupaten: KABUPATEN,
      villages: VILLAGES,
      minLearners: MIN_LEARNERS,
      nowMs: NOW.getTime(),
      outDir: sticks,
      workDir: join(dir, 'kiosks'),
      hub: signer,
      onVillage: (done, total) => {
        if (done % 50 === 0 || done === total)
          console.error(`bench: hub-import: ${done}/${total} villages (${(since(t) / 1000).toFixed(0)} s)`);
      },
    });
    const generateS = since(t) / 1000;
    rmSync(join(dir, 'kiosks'), { recursive: true, force: true });
    const sizeNote =
      `${VILLAGES} villages of ${KABUPATEN.join(' + ')} (real desa codes) into a provinsi hub (${PROVINSI}): ` +
      `${made.bundles} bundles (${round(made.bytes / 1e6, 1)} MB), ${made.learners} learners ` +
      `(${round(made.learners / VILLAGES, 1)} per village), ${made.statements} statements, ${made.certificates} certificates`;
    console.error(`bench: hub-import: ${sizeNote}; generated in ${generateS.toFixed(1)} s (not counted)`);

    // Bare, import, bare: the baseline is the mean of the two bare runs around the import, so a change in
    // the machine's load during the import shows in both.
    const bare: BareRun[] = [];
    const bareRun = async () => {
      const i = bare.length;
      const run = await inChild<BareRun>(
        'hub-bare-runner.ts',
        [sticks, join(dir, `bare-${i}.sqlite`)],
        join(dir, `bare-${i}.json`),
      );
      rmSync(join(dir, `bare-${i}.sqlite`), { force: true });
      if (run.statements !== made.statements || run.bundles !== made.bundles)
        throw new Error(`bare script: ${run.statements} statements from ${run.bundles} bundles`);
      console.error(`bench: hub-import: bare bulk insert ${(run.ms / 1000).toFixed(1)} s`);
      bare.push(run);
    };
    const hubDir = join(dir, 'hub');
    const openDir = join(dir, 'hub-open');
    cpSync(template, hubDir, { recursive: true });
    cpSync(template, openDir, { recursive: true });
    const openOnly = await inChild<ImportRun>('hub-import-runner.ts', [openDir, '-'], join(dir, 'open.json'));
    await bareRun();
    t = performance.now();
    const imported = await inChild<ImportRun>(
      'hub-import-runner.ts',
      [hubDir, sticks],
      join(dir, 'import.json'),
    );
    console.error(
      `bench: hub-import: importBundles ${(imported.ms / 1000).toFixed(1)} s (child ${(since(t) / 1000).toFixed(1)} s)`,
    );
    await bareRun();
    const c = imported.counts!;
    if (c.imported !== made.bundles || c.newStatements !== made.statements)
      throw new Error(`import: ${c.imported} bundles, ${c.newStatements} statements`);
    const loadAfterImport = loadNow();

    const bareMs = (bare[0]!.ms + bare[1]!.ms) / 2;
    const rate = (ms: number) => made.statements / (ms / 1000);
    const importNote =
      `${sizeNote}; importBundles in a tsx child (find, hash, copy in, verify signature and hashes, region and key, ` +
      `report fields, one transaction per bundle with the statements, roster (sealed ones opened) and certificates, ` +
      `file kept; WAL, synchronous=FULL) ${round(imported.ms / 1000, 1)} s; bare = yauzl unzip + JSON.parse of manifest ` +
      `and each statement + INSERT of (device, id, seq, desa, bundle hash, statement) with one prepared statement in ` +
      `one transaction, same pragmas, no checks: ${bare.map((b) => round(b.ms / 1000, 1)).join(' s and ')} s before and ` +
      `after the import (mean); generation ${round(generateS, 0)} s not counted; temp dir on ${filesystemOf(dir)}; ` +
      `load average ${loadStart} at start, ${loadAfterImport} after (${cpus().length} CPUs)`;
    ctx.emit(
      figure(
        { name: 'hub.import.wall', value: round(imported.ms / 1000, 1), unit: 's' },
        {
          name: 'bare unzip + parse + bulk INSERT of the same rows, one transaction',
          value: round(bareMs / 1000, 1),
          unit: 's',
        },
        importNote,
      ),
    );
    ctx.emit(
      figure(
        { name: 'hub.import.throughput', value: round(rate(imported.ms), 0), unit: 'statements/s' },
        { name: 'bare unzip + parse + bulk INSERT', value: round(rate(bareMs), 0), unit: 'statements/s' },
        `${made.statements} statements in ${made.bundles} bundles; see hub.import.wall`,
      ),
    );
    ctx.emit(
      figure(
        { name: 'hub.import.peakRss', value: round(imported.maxRssMiB, 1), unit: 'MiB' },
        {
          name: 'same process, hub opened and its keys loaded only',
          value: round(openOnly.maxRssMiB, 1),
          unit: 'MiB',
        },
        `max RSS of the tsx child that imports the ${made.bundles} bundles; the bare script's child peaked at ` +
          `${bare.map((b) => round(b.maxRssMiB, 0)).join(' and ')} MiB`,
      ),
    );

    // Reports: the hub as imported, opened here with the clock at the generator's "now".
    const hub = openHubCore(hubDir, new ManualClock(NOW));
    ctx.scope.defer(() => hub.close());
    const scopes = reportScopes(made);
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
          const ms = since(start);
          if (!report.ok) throw new Error(`report ${level} ${regionCode}: ${report.error.message}`);
          return { ms, rows: report.value.rows.length };
        };
        const { rows } = once();
        const samples: number[] = [];
        const started = performance.now();
        while (
          samples.length < REPORT_RUNS &&
          (samples.length < REPORT_MIN_RUNS || since(started) < REPORT_BUDGET_MS)
        )
          samples.push(once().ms);
        all.push(...samples);
        parts.push(
          `${regionCode} (${rows} rows) p50 ${round(percentile(samples, 50), 1)} p95 ${round(percentile(samples, 95), 1)} ms × ${samples.length}`,
        );
      }
      const note =
        `hubReport at level ${level} over ${parts.join('; ')}; ${made.statements} statements, ${made.learners} learners; ` +
        `each after 1 untimed run, in this process; load average ${loadNow()}`;
      console.error(`bench: hub-import: ${note}`);
      ctx.emit(
        figure(
          { name: `hub.report.${level}.p50`, value: round(percentile(all, 50), 1), unit: 'ms' },
          null,
          note,
        ),
      );
      ctx.emit(
        figure(
          { name: `hub.report.${level}.p95`, value: round(percentile(all, 95), 1), unit: 'ms' },
          null,
          note,
        ),
      );
    }
  },
};
