/**
 * Builds the `balai` command (main/cli/index.ts and everything its imports reach, commands loaded lazily
 * become chunks) into out/cli as plain JavaScript, so `balai serve` and the CLI start without compiling
 * TypeScript. The small packages (zod, markdown-it, yauzl, …) are bundled in: loading them file by file from
 * node_modules cost more than half of the start (0.37 → 0.16 s of CPU to load `balai serve`). Native ones
 * stay external (better-sqlite3, drivelist), and so do the two big ones that load only when used (exceljs,
 * pdf-lib).
 *
 *   tsx scripts/build-cli.ts        (also part of `npm run build`; vitest's global set-up runs it too)
 *
 * Only files whose bytes changed are written (each through a temp file and a rename), and files of an earlier
 * build are removed afterwards: a build over unchanged sources writes nothing, so building again while a test
 * or a host runs the CLI never pulls a file from under it.
 */
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { build } from 'esbuild';

const ROOT = resolve(import.meta.dirname, '..');
export const CLI_OUT_DIR = join(ROOT, 'out', 'cli');
export const CLI_ENTRY = join(CLI_OUT_DIR, 'index.js');

/**
 * Loaded from node_modules at run time; everything else the CLI imports is in the bundle. The xAPI validator
 * requires its own files by computed relative paths, which a bundle cannot follow.
 */
const EXTERNAL = [
  'better-sqlite3',
  'drivelist',
  'exceljs',
  'pdf-lib',
  'electron',
  '@learninglocker/xapi-validation',
];

/** Builds out/cli; returns the names of the files it wrote (none when nothing changed). */
export async function buildCli(): Promise<string[]> {
  const result = await build({
    absWorkingDir: ROOT,
    entryPoints: ['main/cli/index.ts'],
    outdir: CLI_OUT_DIR,
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: 'node22',
    external: EXTERNAL,
    // Bundled CommonJS packages call require() for Node's own modules.
    banner: {
      js: "import { createRequire as __balaiCreateRequire } from 'node:module'; const require = __balaiCreateRequire(import.meta.url);",
    },
    // Chunks sit beside index.js: main/cli/paths.ts finds the project root two folders up from its own file.
    chunkNames: '[name]-[hash]',
    write: false,
    logLevel: 'warning',
  });
  mkdirSync(CLI_OUT_DIR, { recursive: true });
  const written: string[] = [];
  const keep = new Set<string>();
  for (const file of result.outputFiles) {
    const name = basename(file.path);
    keep.add(name);
    let old: Buffer | null = null;
    try {
      old = readFileSync(file.path);
    } catch {
      // not built before
    }
    if (old?.equals(file.contents)) continue;
    const temp = `${file.path}.${process.pid}.tmp`;
    writeFileSync(temp, file.contents);
    renameSync(temp, file.path);
    written.push(name);
  }
  for (const name of readdirSync(CLI_OUT_DIR)) {
    if (!keep.has(name) && !name.endsWith('.tmp')) rmSync(join(CLI_OUT_DIR, name), { force: true });
  }
  return written;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const written = await buildCli();
  if (written.length > 0) console.error(`build-cli: out/cli (${written.join(', ')})`);
}
