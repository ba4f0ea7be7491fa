import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { CourseManifest } from '../../courses/manifest';
import { H5P_ROOT } from './package';

/** The kiosk's one copy of each H5P library, `<data>/h5p/libraries/<machineName-major.minor>/`. */
export const libraryStore = (dataDir: string) => join(dataDir, 'h5p', 'libraries');

/** The patch version of a stored library, or -1 when it is not there (or unreadable). */
function storedPatch(dir: string): number {
  try {
    const json = JSON.parse(readFileSync(join(dir, 'library.json'), 'utf8')) as { patchVersion?: unknown };
    return Number(json.patchVersion ?? -1);
  } catch {
    return -1;
  }
}

/**
 * Moves a staged course's libraries into the shared store: a library not there yet, or there with a lower
 * patch version (H5P's rule: patches of one major.minor are compatible, the newest serves all), is renamed
 * in through a temporary name; the staged copy is dropped either way. The course folder keeps no library.
 */
export function adoptLibraries(staging: string, manifest: CourseManifest, dataDir: string): void {
  if (manifest.content?.type !== 'h5p') return;
  const store = libraryStore(dataDir);
  mkdirSync(store, { recursive: true });
  const staged = join(staging, H5P_ROOT, 'libraries');
  for (const { name, patch } of manifest.content.libraries) {
    const target = join(store, name);
    if (patch > storedPatch(target)) {
      const temp = join(store, `.in-${name}-${process.pid}-${Date.now()}`);
      renameSync(join(staged, name), temp);
      rmSync(target, { recursive: true, force: true });
      renameSync(temp, target);
    }
  }
  rmSync(staged, { recursive: true, force: true });
}

/** Removes stored libraries that no installed H5P course names (and leftovers of an interrupted adopt). */
export function releaseLibraries(installed: () => readonly CourseManifest[], dataDir: string): void {
  const store = libraryStore(dataDir);
  if (!existsSync(store)) return;
  const used = new Set(
    installed().flatMap((m) => (m.content?.type === 'h5p' ? m.content.libraries.map((l) => l.name) : [])),
  );
  for (const name of readdirSync(store))
    if (!used.has(name)) rmSync(join(store, name), { recursive: true, force: true });
}
