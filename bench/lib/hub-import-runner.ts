// Child process for the hub-import bench: opens a hub's data folder, imports every bundle below a folder with
// the core's `importBundles` (as `balai hub import` does) and writes {ms, maxRssMiB, counts} to a JSON file
// (stdout is the bench's own). With `-` as the folder it opens the hub, loads its keys and closes (the memory
// baseline).
import { writeFileSync } from 'node:fs';
import { createCore } from '../../main/core/app';
import { loadHub } from '../../main/core/hub/identity';
import { importBundles, type ImportSummary } from '../../main/core/hub/import';
import { silentLogger } from '../../main/core/log';
import { RESOURCES_DIR } from './balai';

const [dataDir, source, out] = process.argv.slice(2);
if (!dataDir || !source || !out)
  throw new Error('usage: hub-import-runner <hub data dir> <folder|-> <out.json>');
const core = createCore({
  dataDir,
  resourcesDir: RESOURCES_DIR,
  appVersion: 'bench',
  shell: 'browser',
  log: silentLogger,
});
const t0 = performance.now();
let counts: ImportSummary['counts'] | null = null;
if (source === '-') {
  const keys = loadHub(core.services);
  if (!keys.ok) throw new Error(`not a hub: ${keys.error.message}`);
} else {
  const result = await importBundles(core.services, { mountpoint: source });
  if (!result.ok) throw new Error(`import failed: ${result.error.code} ${result.error.message}`);
  counts = result.value.counts;
  const bad = result.value.bundles.find((b) => b.outcome !== 'imported');
  if (bad) throw new Error(`${bad.path}: ${bad.outcome} ${bad.reason}: ${bad.message}`);
}
const ms = performance.now() - t0;
core.close();
writeFileSync(out, JSON.stringify({ ms, counts, maxRssMiB: process.resourceUsage().maxRSS / 1024 }));
