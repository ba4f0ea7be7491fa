// Child process for the course-install bench: installs one package into a data folder and writes
// {ms, maxRssMiB, ok, reason} to a JSON file (stdout is the bench's own).
import { writeFileSync } from 'node:fs';
import { createCore } from '../../main/core/app';
import { silentLogger } from '../../main/core/log';
import { RESOURCES_DIR } from './balai';

const [pkg, dataDir, out] = process.argv.slice(2);
if (!pkg || !dataDir || !out) throw new Error('usage: install-runner <package> <data dir> <out.json>');
const core = createCore({
  dataDir,
  resourcesDir: RESOURCES_DIR,
  appVersion: 'bench',
  shell: 'browser',
  log: silentLogger,
});
const t0 = performance.now();
const outcome = await core.services.courses.installVerified(pkg);
const ms = performance.now() - t0;
core.close();
writeFileSync(
  out,
  JSON.stringify({
    ms,
    maxRssMiB: process.resourceUsage().maxRSS / 1024,
    ok: outcome.ok,
    reason: outcome.ok ? null : outcome.reason,
  }),
);
