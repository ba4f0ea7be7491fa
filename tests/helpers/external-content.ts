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
export function externalPackages(folder: 'scorm12' | 'scorm2004'): string[] {
  const dir = join(EXTERNAL_CONTENT, folder);
  if (!existsSync(dir))
    throw new Error(`external content corpus not found at ${dir} (set BALAI_EXTERNAL_CONTENT)`);
  return readdirSync(dir)
    .filter((n) => n.endsWith('.zip'))
    .sort()
    .map((n) => join(dir, n));
}

/** One named package of the corpus (`h5p/H5P.QuestionSet.h5p`…); a missing corpus or file fails the test. */
export function externalPackage(folder: 'h5p' | 'cmi5' | 'tincan' | 'cc', name: string): string {
  const file = join(EXTERNAL_CONTENT, folder, name);
  if (!existsSync(file))
    throw new Error(`external content ${folder}/${name} not found in ${EXTERNAL_CONTENT}`);
  return file;
}

/** Every package of one corpus folder with the given ending (`.h5p`), sorted by name. */
export function externalFiles(folder: 'h5p' | 'cmi5' | 'tincan' | 'cc', ending: string): string[] {
  const dir = join(EXTERNAL_CONTENT, folder);
  if (!existsSync(dir))
    throw new Error(`external content corpus not found at ${dir} (set BALAI_EXTERNAL_CONTENT)`);
  return readdirSync(dir)
    .filter((n) => n.endsWith(ending))
    .sort()
    .map((n) => join(dir, n));
}
