// Child process for the bundle-export bench: opens a kiosk's data folder, exports its result bundle into a
// folder once and writes {ms, maxRssMiB} to a JSON file (stdout is the bench's own). With `-` as the target
// folder it opens and closes the core without exporting (the memory baseline).
import { writeFileSync } from 'node:fs';
import { createCore } from '../../main/core/app';
import { exportBundle, folderTarget } from '../../main/core/bundles/export';
import { silentLogger } from '../../main/core/log';
import { RESOURCES_DIR } from './balai';

const [dataDir, target, out] = process.argv.slice(2);
if (!dataDir || !target || !out)
  throw new Error('usage: export-runner <data dir> <target folder> <out.json>');
const core = createCore({
  dataDir,
  resourcesDir: RESOURCES_DIR,
  appVersion: 'bench',
  shell: 'browser',
  log: silentLogger,
});
const t0 = performance.now();
const result = target === '-' ? null : await exportBundle(core.services, folderTarget(target), {});
const ms = performance.now() - t0;
core.close();
if (result && !result.ok) throw new Error(`export failed: ${result.error.message}`);
writeFileSync(out, JSON.stringify({ ms, maxRssMiB: process.resourceUsage().maxRSS / 1024 }));
