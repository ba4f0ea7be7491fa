import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { useTempDirs } from '../helpers/core';

const ROOT = resolve(import.meta.dirname, '..', '..');
const BALAI = join(ROOT, 'bin', 'balai.js');

/** A module hook (node --import) that writes every file a process loads, by import or require, to LOAD_LOG. */
const TRACE_HOOK = `
import { appendFileSync } from 'node:fs';
import { registerHooks } from 'node:module';
registerHooks({
  load(url, context, nextLoad) {
    if (url.startsWith('file:')) appendFileSync(process.env.LOAD_LOG, url + '\\n');
    return nextLoad(url, context);
  },
});
`;

describe('how the balai command starts', () => {
  const tempDir = useTempDirs();

  /** Runs bin/balai.js with the trace hook; the files it loaded, as paths relative to the project. */
  const traced = (...args: string[]) => {
    const dir = tempDir();
    const hook = join(dir, 'trace.mjs');
    writeFileSync(hook, TRACE_HOOK);
    const log = join(dir, 'loads.txt');
    writeFileSync(log, '');
    const run = spawnSync(process.execPath, ['--import', hook, BALAI, ...args], {
      encoding: 'utf8',
      timeout: 60_000,
      env: { ...process.env, LOAD_LOG: log },
    });
    const files = readFileSync(log, 'utf8')
      .split('\n')
      .filter((url) => url && !url.endsWith('/trace.mjs'))
      .map((url) => fileURLToPath(url).slice(ROOT.length + 1));
    return { run, files };
  };

  it('--help loads no command module, no package and none of the core: only the small entry of out/cli', () => {
    for (const args of [['--help'], ['serve', '--help'], ['--version']]) {
      const { run, files } = traced(...args);
      expect(run.status, run.stderr).toBe(0);
      expect(files.filter((f) => !f.startsWith('out/cli/'))).toEqual(['bin/balai.js']);
      const bytes = files.reduce((sum, f) => sum + statSync(join(ROOT, f)).size, 0);
      // The whole CLI with the core is about 2 MB; the entry with the help texts a few tens of kB.
      expect(bytes, files.join(', ')).toBeLessThan(60_000);
    }
  });

  it('runs a command from the built JavaScript: no TypeScript and no tsx at run time', () => {
    const { run, files } = traced('course', 'list', '--data', tempDir(), '--json');
    expect(run.status, run.stderr).toBe(0);
    expect(files).toContain('out/cli/index.js');
    expect(files.some((f) => f.startsWith('node_modules/better-sqlite3/'))).toBe(true);
    expect(files.filter((f) => f.endsWith('.ts') || /node_modules\/(tsx|esbuild)\//.test(f))).toEqual([]);
  });

  it('says how to build when out/cli is missing (exit 2), in English and Indonesian', () => {
    const bin = join(tempDir(), 'bin');
    mkdirSync(bin);
    copyFileSync(BALAI, join(bin, 'balai.js'));
    const run = spawnSync(process.execPath, [join(bin, 'balai.js'), '--help'], { encoding: 'utf8' });
    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(/npm run build/);
    expect(run.stderr).toMatch(/belum dibangun/);
  });
});
