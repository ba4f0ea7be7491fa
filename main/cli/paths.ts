import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';

/** The project root (where package.json is), from this file's place in main/cli. */
export const PROJECT_ROOT = resolve(import.meta.dirname, '..', '..');
export const RESOURCES_DIR = resolve(PROJECT_ROOT, 'resources');
export const RENDERER_DIR = resolve(PROJECT_ROOT, 'out', 'renderer');

export const APP_VERSION = (
  JSON.parse(readFileSync(resolve(PROJECT_ROOT, 'package.json'), 'utf8')) as { version: string }
).version;

/**
 * `npm run balai -- …` runs this in the project folder, with the folder the command was typed in as INIT_CWD.
 * Relative paths on the command line (`--data`, `--out`, `--to`, files) are the caller's, and files written
 * without `--out` belong beside the caller, never in the checkout: so work from the caller's folder. Only
 * under npm's `balai` script (npm_lifecycle_event); `npm run serve` keeps its `.data` in the project.
 */
export function enterCallerFolder(env: NodeJS.ProcessEnv = process.env): string | null {
  const caller = env.INIT_CWD;
  if (env.npm_lifecycle_event !== 'balai' || !caller) return null;
  if (resolve(caller) === process.cwd()) return null;
  process.chdir(caller);
  return caller;
}
