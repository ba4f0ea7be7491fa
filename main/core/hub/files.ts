import { createHash, randomBytes } from 'node:crypto';
import {
  closeSync,
  copyFileSync,
  createReadStream,
  fsyncSync,
  mkdirSync,
  openSync,
  readdirSync,
  rmSync,
  statSync,
} from 'node:fs';
import { open } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { desaFolder } from '../bundles/names';
import { fsyncFolder, renameWithRetry } from '../files/fsutil';

/**
 * The hub's files in its data folder: `hub/bundles/<desa>/…` the original bundles it imported (what it passes
 * up the chain), `hub/held/…` bundles held for the admin, `hub/courses/…` course packages it hands out, and
 * `hub/incoming/` where a bundle is copied and checked before it counts.
 */
export const HUB_FOLDER = 'hub';

export const hubPath = (dataDir: string, rel: string) => join(dataDir, HUB_FOLDER, ...rel.split('/'));

/** Where an imported bundle is kept, relative to `<data>/hub`: per desa, named after the kiosk's file. */
export function keptBundleName(desaCode: string, baseName: string, sha256: string): string {
  return `bundles/${desaFolder(desaCode).replace(/^BalaiBelajar\//, '')}/${baseName}-${sha256.slice(0, 8)}.balaibundle`;
}

export const heldBundleName = (sha256: string) => `held/${sha256}.balaibundle`;

export const COURSE_SHELF = 'courses';

/** A copy in `hub/incoming`, with the SHA-256 and size of exactly the bytes copied. */
export interface StagedFile {
  temp: string;
  sha256: string;
  sizeBytes: number;
}

/**
 * Copies `source` (on a stick) into `<data>/hub/incoming`, hashing as it goes, so the checks and the import
 * read our own copy: a stick pulled or a file changed after the check cannot slip in. Not fsynced here: only a
 * copy that is kept is (`placeStaged`).
 */
export async function stageCopy(source: string, dataDir: string, signal?: AbortSignal): Promise<StagedFile> {
  const folder = hubPath(dataDir, 'incoming');
  mkdirSync(folder, { recursive: true });
  const temp = join(folder, `${randomBytes(8).toString('hex')}.tmp`);
  const hash = createHash('sha256');
  let sizeBytes = 0;
  const handle = await open(temp, 'wx', 0o600);
  try {
    for await (const chunk of createReadStream(source, { signal }) as AsyncIterable<Buffer>) {
      hash.update(chunk);
      sizeBytes += chunk.length;
      for (let at = 0; at < chunk.length;)
        at += (await handle.write(chunk, at, chunk.length - at)).bytesWritten;
    }
  } catch (error) {
    await handle.close();
    rmSync(temp, { force: true });
    throw error;
  }
  await handle.close();
  return { temp, sha256: hash.digest('hex'), sizeBytes };
}

/** Moves a staged copy to its place under `<data>/hub` (rename in the same file system, then the folder fsync). */
export function placeStaged(staged: StagedFile, dataDir: string, rel: string): string {
  const target = hubPath(dataDir, rel);
  mkdirSync(dirname(target), { recursive: true });
  fsyncFile(staged.temp);
  renameWithRetry(staged.temp, target);
  fsyncFolder(dirname(target));
  return target;
}

/** Copies left in `hub/incoming` by a crash or a power cut: never imported, only clutter. */
export function removeStaleIncoming(dataDir: string): void {
  const folder = hubPath(dataDir, 'incoming');
  try {
    for (const name of readdirSync(folder))
      if (Date.now() - statSync(join(folder, name)).mtimeMs > 60 * 60 * 1000)
        rmSync(join(folder, name), { force: true });
  } catch {
    // no folder yet
  }
}

/** SHA-256 of a file as it is now. */
export async function fileSha256(file: string, signal?: AbortSignal): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(file, { signal }) as AsyncIterable<Buffer>) hash.update(chunk);
  return hash.digest('hex');
}

function fsyncFile(file: string): void {
  const fd = openSync(file, 'r+');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

/** Copies a file (a course package may be large: never read whole) via a temp file, fsync and rename. */
export function copyFileDurably(source: string, target: string): void {
  const temp = `${target}.${randomBytes(4).toString('hex')}.tmp`;
  try {
    mkdirSync(dirname(target), { recursive: true });
    copyFileSync(source, temp);
    fsyncFile(temp);
    renameWithRetry(temp, target);
  } catch (error) {
    rmSync(temp, { force: true });
    throw error;
  }
  fsyncFolder(dirname(target));
}
