import { copyFileSync, mkdirSync, readFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { systemClock } from '../main/core/clock';
import { Db } from '../main/core/db/database';
import { sql } from '../main/core/db/sql';
import { silentLogger } from '../main/core/log';
import { plainSecretBox } from '../main/core/lrs/secret-box';
import { readLrsConnection, saveLrsSettings } from '../main/core/lrs/settings';
import type { FetchFn } from '../main/core/lrs/client';
import { MAX_BATCH, Uploader } from '../main/core/lrs/uploader';
import { recordLearning } from '../tests/helpers/lrs';
import { REPO_ROOT } from './lib/balai';
import type { Bench } from './lib/context';
import { figure, round } from './lib/figure';
import { filesystemOf } from './lib/fs-type';
import { BENCH_LRS_KEY, BENCH_LRS_SECRET, startBenchLrs, type BenchLrs } from './lib/lrs';
import { runToEnd } from './lib/process';
import type { Scope } from './lib/scope';
import { median, since } from './lib/stats';

const STATEMENTS = 10_000;
/** One paired run on a small outbox first (JIT, sockets, SQLite statements), not counted. */
const WARM_UP_STATEMENTS = 1_000;
/** Paired runs, each with two LRSs started empty; median of these. */
const ROUNDS = 3;

const loadNow = () =>
  loadavg()
    .map((l) => l.toFixed(2))
    .join(' ');

interface Outbox {
  /** A closed kiosk database whose outbox holds the statements, none delivered; copied for each run. */
  file: string;
  count: number;
  /** Bytes of the statements' JSON. */
  bytes: number;
}

/** A kiosk database filled through the real Recorder (tests/helpers/lrs.ts `recordLearning`), then closed. */
function fillOutbox(file: string, count: number): Outbox {
  const db = Db.open(file);
  try {
    recordLearning(db, count);
    const row = db.get<{ n: number; bytes: number }>(
      sql`SELECT COUNT(*) AS n, SUM(LENGTH(CAST(statement AS BLOB))) AS bytes FROM outbox`,
    )!;
    if (row.n !== count) throw new Error(`the outbox holds ${row.n} statements, not ${count}`);
    return { file, count, bytes: row.bytes };
  } finally {
    db.close();
  }
}

/** Every statement is in the LRS once (read back page by page), outside the timed part. */
async function checkStored(lrs: BenchLrs, count: number, who: string): Promise<void> {
  const held = await lrs.countStatements();
  if (held.count !== count || held.distinct !== count)
    throw new Error(`${who}: the LRS holds ${held.count} statements (${held.distinct} ids), not ${count}`);
}

/**
 * One paired run. The core's Uploader, as `balai upload` and the operator's "send now" run it (system clock,
 * the stored LRS settings, default config: batches of 100, resetBackoff, a progress callback), uploads a
 * fresh copy of the kiosk database to LRS A; its fetch is wrapped so that just before each of its POSTs the
 * bare script posts the very same body with fetch to LRS B (both started empty for this run, so both ingest
 * the same new statements, and their in-memory stores grow alike). Bare = the sum of its POSTs (answer read,
 * ids counted); uploader = `uploader.run()` (GET about, POSTs, ids checked, each batch marked delivered in
 * one transaction, progress counts) minus the bare POSTs made inside it. Batch by batch, so both see the same
 * load on the machine.
 */
async function pairedRun(
  scope: Scope,
  dir: string,
  outbox: Outbox,
  check: boolean,
): Promise<{ uploaderMs: number; bareMs: number }> {
  mkdirSync(dir);
  const file = join(dir, 'balai.sqlite');
  copyFileSync(outbox.file, file);
  const lrsA = await startBenchLrs(scope);
  const lrsB = await startBenchLrs(scope);
  const db = Db.open(file);
  try {
    const saved = saveLrsSettings(db, plainSecretBox, systemClock, {
      endpoint: lrsA.endpoint,
      key: BENCH_LRS_KEY,
      secret: BENCH_LRS_SECRET,
    });
    if (!saved.ok) throw new Error(saved.error.message);

    const uploaderPosts = `${lrsA.endpoint}statements`;
    const barePosts = `${lrsB.endpoint}statements`;
    const bareHeaders = {
      'X-Experience-API-Version': '1.0.3',
      Authorization: `Basic ${Buffer.from(`${BENCH_LRS_KEY}:${BENCH_LRS_SECRET}`).toString('base64')}`,
      Accept: 'application/json',
      'Content-Type': 'application/json; charset=utf-8',
    };
    let bareMs = 0;
    let bareStored = 0;
    const bare = async (body: string) => {
      const t = performance.now();
      const res = await fetch(barePosts, { method: 'POST', headers: bareHeaders, body });
      const ids = (await res.json()) as unknown;
      bareMs += since(t);
      if (res.status !== 200 || !Array.isArray(ids))
        throw new Error(`bare script: HTTP ${res.status}: ${JSON.stringify(ids).slice(0, 200)}`);
      bareStored += ids.length;
    };
    const pacedFetch: FetchFn = async (url, init) => {
      if (url === uploaderPosts && init.method === 'POST') {
        if (typeof init.body !== 'string') throw new Error('the uploader posted a body that is not a string');
        await bare(init.body);
      }
      return fetch(url, init);
    };
    const uploader = new Uploader({
      db,
      clock: systemClock,
      log: silentLogger,
      connection: () => readLrsConnection(db, plainSecretBox),
      fetch: pacedFetch,
    });
    let progressed = 0;
    const t0 = performance.now();
    const result = await uploader.run({ resetBackoff: true, onProgress: (done) => (progressed = done) });
    const uploaderMs = since(t0) - bareMs;
    if (!result.ok) throw new Error(`uploader: ${result.error.message}`);
    const r = result.value;
    if (r.end !== 'empty' || r.sent !== outbox.count || r.failures !== 0 || progressed !== outbox.count)
      throw new Error(
        `uploader: ended ${r.end}, sent ${r.sent}, ${r.failures} failures: ${r.error?.message}`,
      );
    const delivered = db.get<{ n: number }>(
      sql`SELECT COUNT(DISTINCT seq) AS n FROM deliveries WHERE via = 'lrs'`,
    )!.n;
    if (delivered !== outbox.count) throw new Error(`uploader: ${delivered} statements marked delivered`);
    if (bareStored !== outbox.count) throw new Error(`bare script: the LRS stored ${bareStored} statements`);
    if (check) {
      await checkStored(lrsA, outbox.count, 'uploader');
      await checkStored(lrsB, outbox.count, 'bare script');
    }
    return { uploaderMs, bareMs };
  } finally {
    db.close();
    await lrsA.stop();
    await lrsB.stop();
  }
}

/**
 * Uploading a kiosk's outbox (10,000 statements recorded through the real Recorder) to a real LRS
 * (Learning Locker's xapi-statements on loopback) with the core's Uploader, against a bare script posting
 * the same batches of 100 with fetch to a second LRS: the LRS's own ingest rate. Both LRSs start empty in
 * every run and the two clients alternate batch by batch (`pairedRun`). Then the uploader's peak memory in
 * a process of its own.
 */
export const lrsUploadBench: Bench = {
  id: 'lrs-upload',
  figures: [
    { name: 'lrs.upload.throughput', unit: 'statements/s' },
    { name: 'lrs.upload.peakRss', unit: 'MiB' },
  ],
  async run(ctx) {
    const dir = ctx.scope.tmpDir('lrs-upload');
    const load = loadNow();
    let t = performance.now();
    const outbox = fillOutbox(join(dir, 'outbox.sqlite'), STATEMENTS);
    const warm = fillOutbox(join(dir, 'warm.sqlite'), WARM_UP_STATEMENTS);
    const fillS = since(t) / 1000;
    console.error(
      `bench: lrs-upload: ${STATEMENTS} + ${WARM_UP_STATEMENTS} statements recorded in ${fillS.toFixed(1)} s`,
    );

    let runs = 0;
    const nextDir = () => join(dir, `kiosk-${runs++}`);
    await pairedRun(ctx.scope, nextDir(), warm, false);

    const uploaded: number[] = [];
    const bare: number[] = [];
    t = performance.now();
    for (let i = 0; i < ROUNDS; i++) {
      const run = await pairedRun(ctx.scope, nextDir(), outbox, i === 0);
      uploaded.push(run.uploaderMs);
      bare.push(run.bareMs);
    }
    const rate = (ms: number) => STATEMENTS / (ms / 1000);
    const ratios = uploaded.map((ms, i) => round(bare[i]! / ms, 2));
    const span = (xs: number[]) =>
      `${Math.round(Math.min(...xs.map(rate)))}–${Math.round(Math.max(...xs.map(rate)))}/s`;
    console.error(
      `bench: lrs-upload: uploader ${span(uploaded)}, bare script ${span(bare)}, ratios ${ratios.join(', ')} (${ROUNDS} runs in ${(since(t) / 1000).toFixed(1)} s)`,
    );

    const note =
      `${STATEMENTS} statements (${round(outbox.bytes / 1e6, 1)} MB of JSON) in batches of ${MAX_BATCH}, one request at a time, ` +
      `to Learning Locker xapi-statements (in-memory models) on loopback; each run: two LRSs started empty, the uploader's ` +
      `batches and the bare script's alternating batch by batch; median of ${ROUNDS} runs after a ${WARM_UP_STATEMENTS}-statement ` +
      `warm-up; uploader ${uploaded.map((ms) => Math.round(ms)).join(', ')} ms, bare ${bare.map((ms) => Math.round(ms)).join(', ')} ms, ` +
      `ratio by run ${ratios.join(', ')}; uploader = GET about, POST, check the ids answered, mark delivered (one transaction ` +
      `per batch, WAL, synchronous=FULL, temp dir on ${filesystemOf(dir)}), progress count; ` +
      `load average ${load} at start, ${loadNow()} at the end (${cpus().length} CPUs)`;
    ctx.emit(
      figure(
        { name: 'lrs.upload.throughput', value: round(median(uploaded.map(rate)), 0), unit: 'statements/s' },
        {
          name: 'bare fetch script, same POST bodies (the LRS ingest rate)',
          value: round(median(bare.map(rate)), 0),
          unit: 'statements/s',
        },
        note,
      ),
    );

    // Peak memory: one more upload in a process of its own (the database opened, the outbox uploaded to a
    // fresh LRS, closed); the baseline is the same process opening the database and reading the settings only.
    const inChild = async (endpoint: string): Promise<{ ms: number; sent: number; maxRssMiB: number }> => {
      const runDir = nextDir();
      mkdirSync(runDir);
      copyFileSync(outbox.file, join(runDir, 'balai.sqlite'));
      const out = join(runDir, 'rss.json');
      await runToEnd(
        process.execPath,
        [
          'node_modules/tsx/dist/cli.mjs',
          join('bench', 'lib', 'upload-runner.ts'),
          join(runDir, 'balai.sqlite'),
          endpoint,
          out,
        ],
        { cwd: REPO_ROOT, timeoutMs: 90_000 },
      );
      return JSON.parse(readFileSync(out, 'utf8')) as { ms: number; sent: number; maxRssMiB: number };
    };
    const openOnly = await inChild('-');
    const lrs = await startBenchLrs(ctx.scope);
    let withUpload;
    try {
      withUpload = await inChild(lrs.endpoint);
    } finally {
      await lrs.stop();
    }
    if (withUpload.sent !== STATEMENTS)
      throw new Error(`the upload child sent ${withUpload.sent} statements`);
    ctx.emit(
      figure(
        { name: 'lrs.upload.peakRss', value: round(withUpload.maxRssMiB, 1), unit: 'MiB' },
        {
          name: 'same process, database opened and LRS settings read only',
          value: round(openOnly.maxRssMiB, 1),
          unit: 'MiB',
        },
        `max RSS of a tsx process that opens the kiosk database, uploads its ${STATEMENTS} statements with the Uploader ` +
          `(${round(withUpload.ms, 0)} ms there, ${round(rate(withUpload.ms), 0)}/s) and closes`,
      ),
    );
  },
};
