#!/usr/bin/env node
// The `balai` command: runs the CLI built into out/cli (`npm run build`, or `tsx scripts/build-cli.ts`);
// needs Node 22 or newer (better-sqlite3 13).
import { existsSync } from 'node:fs';
import module from 'node:module';
import { fileURLToPath } from 'node:url';

const major = Number(process.versions.node.split('.')[0]);
if (major < 22) {
  console.error(
    `balai needs Node.js 22 or newer (this is ${process.version}). Use "npm run balai -- ..." from the project, ` +
      'which puts the Node 22 from node_modules first on PATH.\n' +
      `balai memerlukan Node.js 22 atau lebih baru (ini ${process.version}).`,
  );
  process.exit(2);
}
const entry = new URL('../out/cli/index.js', import.meta.url);
if (!existsSync(entry)) {
  console.error(
    'balai is not built (out/cli/index.js is missing): run "npm run build" first, or use "npm run balai -- ...".\n' +
      'balai belum dibangun: jalankan "npm run build" dulu.',
  );
  process.exit(2);
}
// V8's compiled code for out/cli is kept on disk (node_modules/.cache/balai-cli, checked against each file's
// hash by Node), so later starts skip compiling the bundle. A long-running `balai serve` writes it soon after
// start instead of only at exit.
module.enableCompileCache?.(fileURLToPath(new URL('../node_modules/.cache/balai-cli', import.meta.url)));
setTimeout(() => module.flushCompileCache?.(), 3_000).unref();
await import(entry.href);
