import { existsSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';

/**
 * The third-party acceptance corpus (`../shared/external-content` beside the repo root; never copied into
 * the project). `BALAI_EXTERNAL_CONTENT` points elsewhere, e.g. from a git worktree. A missing corpus fails
 * the tests that need it rather than skipping them.
 */
export const EXTERNAL_CONTENT =
  process.env.BALAI_EXTERNAL_CONTENT ??
  resolve(import.meta.dirname, '..', '..', '..', 'shared', 'external-content');

export function externalPackages(folder: 'scorm12' | 'scorm2004'): string[] {
  const dir = join(EXTERNAL_CONTENT, folder);
  if (!existsSync(dir))
    throw new Error(`external content corpus not found at ${dir} (set BALAI_EXTERNAL_CONTENT)`);
  return readdirSync(dir)
    .filter((n) => n.endsWith('.zip'))
    .sort()
    .map((n) => join(dir, n));
}
