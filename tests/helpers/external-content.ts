import { existsSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';

export const REPO_ROOT = resolve(import.meta.dirname, '..', '..');

/**
 * The external acceptance corpus (third-party SCORM, H5P, cmi5, xAPI and Common Cartridge packages), read where
 * it is: `../shared/external-content` beside the checkout (a git worktree one level further down looks one
 * level further up), or `BALAI_EXTERNAL_CONTENT`. Never copied into the project. Missing, tests that read it fail.
 */
export const EXTERNAL_CONTENT =
  process.env.BALAI_EXTERNAL_CONTENT ??
  [resolve(REPO_ROOT, '..'), resolve(REPO_ROOT, '..', '..')]
    .map((dir) => join(dir, 'shared', 'external-content'))
    .find((dir) => existsSync(dir)) ??
  resolve(REPO_ROOT, '..', 'shared', 'external-content');

/** The zips of one corpus folder, sorted by name. */
export function externalPackages(folder: 'scorm12' | 'scorm2004' | 'cmi5' | 'tincan'): string[] {
  const dir = join(EXTERNAL_CONTENT, folder);
  if (!existsSync(dir))
    throw new Error(`external content corpus not found at ${dir} (set BALAI_EXTERNAL_CONTENT)`);
  return readdirSync(dir)
    .filter((n) => n.endsWith('.zip'))
    .sort()
    .map((n) => join(dir, n));
}
