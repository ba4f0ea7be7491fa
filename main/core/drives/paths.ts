import { lstatSync, realpathSync } from 'node:fs';
import { basename, dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import type { Drive, DriveSource } from './drive';

/**
 * The one way to reach a file on a drive. Ids come from the UI and relative paths from the UI, from
 * `findFiles` or from our own code; both are checked here before anything is read or written.
 */

/** The plugged-in drive with this id, or undefined (pulled, or an id the UI made up). */
export async function resolveDrive(source: DriveSource, id: string): Promise<Drive | undefined> {
  return (await source.list()).find((drive) => drive.id === id);
}

export type DrivePath = { ok: true; path: string } | { ok: false; reason: string };

const MAX_PATH_CHARS = 1024;
const MAX_NAME_CHARS = 255;
// Not allowed in names on FAT32/exFAT/NTFS; `:` also names drive letters and alternate data streams.
const FORBIDDEN = /[<>:"|?*\\\u0000-\u001f\u007f]/;
const WINDOWS_DEVICE = /^(con|prn|aux|nul|com[0-9¹²³]|lpt[0-9¹²³])(\..*)?$/i;

/**
 * Why `relPath` cannot name a file on a drive, or null when it can. Relative, `/`-separated, no `.`
 * or `..` segments, no empty segments, and only names a FAT32 stick and Windows accept (no `\ : * ? " < > |`,
 * no trailing dot or space, no device names like `CON` or `nul.txt`).
 */
export function unsafeDrivePathReason(relPath: string): string | null {
  if (relPath.length === 0) return 'empty path';
  if (relPath.length > MAX_PATH_CHARS) return `path longer than ${MAX_PATH_CHARS} characters`;
  if (relPath.includes('\\')) return 'backslash in path';
  if (relPath.startsWith('/') || /^[A-Za-z]:/.test(relPath) || isAbsolute(relPath)) return 'absolute path';
  for (const name of relPath.split('/')) {
    if (name === '') return 'empty name in path';
    if (name === '.' || name === '..') return 'path escape';
    if (name.length > MAX_NAME_CHARS) return `name longer than ${MAX_NAME_CHARS} characters`;
    if (FORBIDDEN.test(name)) return 'character not allowed in a name';
    // Windows drops trailing dots and spaces (`.. ` opens `..`).
    if (/[. ]$/.test(name)) return 'name ends with a dot or a space';
    if (WINDOWS_DEVICE.test(name)) return 'reserved Windows name';
  }
  return null;
}

/**
 * The absolute path of `relPath` inside the drive, for reading or writing (the file need not exist).
 * Refuses bad names (see `unsafeDrivePathReason`) and any link that leads off the drive, including a
 * dangling link that a write would follow. Links that stay on the drive are resolved.
 * (A link swapped in between this check and the use is not caught; FAT32/exFAT sticks have no links.)
 */
export function resolveOnDrive(drive: Pick<Drive, 'mountpoint'>, relPath: string): DrivePath {
  const bad = unsafeDrivePathReason(relPath);
  if (bad) return { ok: false, reason: bad };
  let root: string;
  try {
    root = realpathSync(drive.mountpoint);
  } catch {
    return { ok: false, reason: 'drive not found' };
  }
  const candidate = resolve(root, ...relPath.split('/'));
  if (!within(root, candidate) || candidate === root) return { ok: false, reason: 'path escape' };
  // The deepest part of the path that exists decides where it really leads; the rest is created later.
  let existing = candidate;
  const missing: string[] = [];
  while (existing !== root && !exists(existing)) {
    missing.unshift(basename(existing));
    existing = dirname(existing);
  }
  let real: string;
  try {
    real = realpathSync(existing);
  } catch {
    return { ok: false, reason: 'broken link' };
  }
  if (!within(root, real)) return { ok: false, reason: 'link leaves the drive' };
  return { ok: true, path: join(real, ...missing) };
}

/** True when `path` is `root` or inside it. */
function within(root: string, path: string): boolean {
  const rel = relative(root, path);
  return rel === '' || (!isAbsolute(rel) && rel !== '..' && !rel.startsWith(`..${sep}`));
}

/** lstat: a dangling link exists (and then fails realpath, as it should). */
function exists(path: string): boolean {
  try {
    lstatSync(path);
    return true;
  } catch {
    return false;
  }
}
