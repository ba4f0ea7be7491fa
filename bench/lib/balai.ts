import { cpSync, existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { runToEnd, spawnUntilUrl, type SpawnedServer } from './process';
import type { Scope } from './scope';

export const REPO_ROOT = resolve(import.meta.dirname, '..', '..');
export const BALAI_BIN = join(REPO_ROOT, 'bin', 'balai.js');
export const RENDERER_DIR = join(REPO_ROOT, 'out', 'renderer');
export const RESOURCES_DIR = join(REPO_ROOT, 'resources');

/** The demo learner `balai demo` creates first, with its PIN. */
export const DEMO_LEARNER = { fullName: 'Budi Santoso (demo)', pin: '100001' };

/** `node bin/balai.js serve --data DIR --port 0 --fast-hash`, resolved once it prints its URL. */
export function spawnServe(scope: Scope, dataDir: string): Promise<SpawnedServer> {
  return spawnUntilUrl(
    scope,
    process.execPath,
    [BALAI_BIN, 'serve', '--data', dataDir, '--port', '0', '--fast-hash'],
    { cwd: REPO_ROOT },
  );
}

/** A demo village (`balai demo --fast-hash --learners 6`) in a new temp folder of `scope`. */
export async function prepareDemo(scope: Scope): Promise<string> {
  const dir = scope.tmpDir('demo');
  await runToEnd(
    process.execPath,
    [BALAI_BIN, 'demo', '--data', dir, '--fast-hash', '--learners', '6', '--json'],
    { cwd: REPO_ROOT, timeoutMs: 60_000 },
  );
  return dir;
}

/** A copy of a prepared data folder (no process may have it open), so one bench's writes stay its own. */
export function copyDataDir(scope: Scope, from: string): string {
  const dir = scope.tmpDir('data');
  cpSync(from, dir, { recursive: true });
  return dir;
}

/** Builds the app (`electron-vite build`) when out/renderer is missing; `balai serve` needs it. */
export async function ensureRendererBuilt(): Promise<void> {
  if (existsSync(join(RENDERER_DIR, 'index.html'))) return;
  console.error('bench: out/renderer is missing; running electron-vite build');
  await runToEnd(join(REPO_ROOT, 'node_modules', '.bin', 'electron-vite'), ['build'], {
    cwd: REPO_ROOT,
    timeoutMs: 150_000,
  });
}
