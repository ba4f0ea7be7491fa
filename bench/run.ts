// `npm run bench [-- NAME...]`: one JSON line per figure on stdout, each with its baseline measured in
// this same run. NAME picks benches by id (`recorder`) or by figure name or prefix (`serve.coldStart`).
import { buildCli } from '../scripts/build-cli';
import { bundleExportBench } from './bundle-export';
import { cliStartBench } from './cli-start';
import { courseInstallBench } from './course-install';
import { h5pBench } from './h5p';
import { hostRssBench } from './host-rss';
import { hubImportBench } from './hub-import';
import { hubNationalBench } from './hub-national';
import { initialJsBench } from './initial-js';
import { lessonBench } from './lesson';
import { lrsUploadBench } from './lrs-upload';
import { questionImportBench } from './question-import';
import type { Bench } from './lib/context';
import { sharedParts } from './lib/context';
import { printFigure, type Figure } from './lib/figure';
import { Scope } from './lib/scope';
import { recorderBench } from './recorder';
import { scormBench } from './scorm';
import { serveLogin } from './serve-login';
import { servePage } from './serve-page';

const BENCHES: readonly Bench[] = [
  servePage,
  serveLogin,
  recorderBench,
  initialJsBench,
  cliStartBench,
  hostRssBench,
  lessonBench,
  scormBench,
  h5pBench,
  courseInstallBench,
  bundleExportBench,
  lrsUploadBench,
  questionImportBench,
  hubImportBench,
  hubNationalBench,
];
/**
 * Past this, stop everything and fail. The hub import bench alone (500 villages generated, imported, bulk-inserted
 * twice, reports timed) takes 10–15 minutes on a loaded 2-core machine.
 */
const WATCHDOG_MS = 1_800_000;

function select(names: readonly string[]): Bench[] | null {
  if (names.length === 0) return BENCHES.filter((b) => !b.onlyByName);
  const picked = new Set<Bench>();
  for (const name of names) {
    const hits = BENCHES.filter((b) => b.id === name || b.figures.some((f) => f.name.startsWith(name)));
    if (hits.length === 0) return null;
    hits.forEach((b) => picked.add(b));
  }
  return BENCHES.filter((b) => picked.has(b));
}

const selected = select(process.argv.slice(2));
if (!selected) {
  console.error(
    `usage: npm run bench [-- NAME...]\n  NAME: ${BENCHES.map((b) => `${b.id} (${b.figures.map((f) => f.name).join(', ')})`).join('\n        ')}`,
  );
  process.exit(2);
}

const runScope = new Scope();
let failed = false;
let aborted = false;
const abort = (why: string, code: number) => {
  aborted = true;
  console.error(`bench: ${why}; stopping`);
  void runScope.close().finally(() => process.exit(code));
};
process.once('SIGINT', () => abort('interrupted', 130));
process.once('SIGTERM', () => abort('terminated', 143));
const watchdogMs = Math.max(WATCHDOG_MS, ...selected.map((b) => b.maxMs ?? 0));
const watchdog = setTimeout(() => abort(`still running after ${watchdogMs / 1000} s`, 1), watchdogMs);

try {
  // The benches spawn bin/balai.js, which runs out/cli: build it from the current sources.
  await buildCli();
  const shared = sharedParts(runScope);
  for (const bench of selected) {
    if (aborted) break;
    const scope = new Scope();
    const printed = new Set<string>();
    const emit = (f: Figure) => {
      printed.add(f.name);
      printFigure(f);
    };
    const t0 = performance.now();
    try {
      await bench.run({ ...shared, scope, emit });
    } catch (error) {
      failed = true;
      console.error(`bench: ${bench.id} failed:`, error);
      const reason = (error instanceof Error ? error.message : String(error)).split('\n')[0];
      for (const f of bench.figures) {
        if (!printed.has(f.name)) emit({ ...f, value: null, baseline: null, note: `failed: ${reason}` });
      }
    } finally {
      await scope.close();
      console.error(`bench: ${bench.id} took ${((performance.now() - t0) / 1000).toFixed(1)} s`);
    }
  }
} finally {
  await runScope.close();
  clearTimeout(watchdog);
}
process.exitCode = failed ? 1 : 0;
