import { existsSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { listEntries, openEntry, openZip } from '../../main/core/packages/unzip';

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

/** Each `imsmanifest.xml` of the ADL CTS manifests zip (189 conformance cases), with its path in the zip. */
export async function* ctsManifests(): AsyncGenerator<{ name: string; xml: string }> {
  const [file] = externalPackages('scorm2004').filter((f) => f.includes('ADL-CTS'));
  if (!file) throw new Error('no ADL CTS manifests in the corpus');
  const zip = await openZip(file);
  try {
    const entries = await listEntries(zip, 10_000);
    if (typeof entries === 'string') throw new Error(entries);
    for (const entry of entries) {
      const name = (entry.fileName as unknown as Buffer).toString('utf8');
      if (!name.endsWith('/imsmanifest.xml')) continue;
      const chunks: Buffer[] = [];
      for await (const c of (await openEntry(zip, entry)) as AsyncIterable<Buffer>) chunks.push(c);
      yield { name, xml: Buffer.concat(chunks).toString('utf8') };
    }
  } finally {
    zip.close();
  }
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
