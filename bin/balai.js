#!/usr/bin/env node
// The `balai` command. Runs the TypeScript sources through tsx; needs Node 22 or newer (better-sqlite3 13).
const major = Number(process.versions.node.split('.')[0]);
if (major < 22) {
  console.error(
    `balai needs Node.js 22 or newer (this is ${process.version}). Use "npm run balai -- ..." from the project, ` +
      'which puts the Node 22 from node_modules first on PATH.\n' +
      `balai memerlukan Node.js 22 atau lebih baru (ini ${process.version}).`,
  );
  process.exit(2);
}
const { register } = await import('tsx/esm/api');
register();
await import('../main/cli/index.ts');
