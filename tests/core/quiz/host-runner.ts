/**
 * The host for power-cut.test.ts when the UI is not built (as in CI, where the unit tests run before the
 * build): exactly what `balai serve --fast-hash --port 0` does (openCore + startHost on 127.0.0.1, the same
 * start-up line) but with a one-file stand-in for out/renderer, which `balai serve` insists on.
 * Usage: node --import tsx host-runner.ts DATA_DIR
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { openCore } from '../../../main/cli/core';
import { startHost } from '../../../main/host/server';

const dataDir = process.argv[2];
if (!dataDir) throw new Error('usage: host-runner.ts DATA_DIR');
const ui = join(`${dataDir}-ui`);
mkdirSync(ui, { recursive: true });
writeFileSync(join(ui, 'index.html'), '<!doctype html><title>Balai Belajar</title>');
const core = openCore(dataDir, { fastHash: true, quiet: true, exclusive: true });
await core.prepare();
const host = await startHost({ core, rendererDir: ui, host: '127.0.0.1', port: 0 });
console.log(`Balai Belajar: ${host.url}`);
