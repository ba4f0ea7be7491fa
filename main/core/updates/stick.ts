import { randomBytes } from 'node:crypto';
import { closeSync, existsSync, fsyncSync, mkdirSync, openSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { volumeSpace, type Drive } from '../drives/drive';
import { resolveOnDrive } from '../drives/paths';
import { fsyncFolder, renameWithRetry } from '../files/fsutil';
import type { StickWriteReason } from '../backup/stick-write';
import { verifyUpdateFolder, type UpdateWant } from './folder';
import { copyAndDigest, lstatOrUndefined } from './hashing';
import { UPDATE_SIGNATURE_FILE } from './update-format';

/** Where an update folder sits on a stick: this folder at the stick's root. */
export const STICK_UPDATE_FOLDER = 'balai-update';

/** The update folder on a plugged-in stick, or null when it has none (no folder, or no signature.json in it). */
export function findStickUpdate(drive: Pick<Drive, 'mountpoint'>): string | null {
  const at = resolveOnDrive(drive, STICK_UPDATE_FOLDER);
  if (!at.ok || !lstatOrUndefined(at.path)?.isDirectory()) return null;
  return existsSync(join(at.path, UPDATE_SIGNATURE_FILE)) ? at.path : null;
}

export type StickUpdateWrite =
  | { ok: true; path: string; version: string; bytes: number }
  | { ok: false; reason: StickWriteReason | 'refused'; message: string };

/**
 * A hub puts its current update folder on a village's stick: checked first (signature, hashes; any version,
 * since the kiosk decides what is newer for it), copied file by file into a hidden folder on the stick with
 * fsync, read back and checked again there, and only then renamed to `balai-update/` (an older one is
 * replaced). signature.json is written last, so a pulled stick leaves no folder a kiosk would take for whole.
 * `want.platform` is the kiosks' platform (usually win32), not necessarily the hub's.
 */
export async function writeUpdateToStick(
  source: string,
  stickRoot: string,
  want: Pick<UpdateWant, 'trust' | 'platform'>,
  onProgress?: (done: number, total: number) => void,
): Promise<StickUpdateWrite> {
  // Any channel, any version: each kiosk decides what it takes.
  const anyRelease: UpdateWant = { ...want, channel: 'alpha' };
  const checked = await verifyUpdateFolder(source, anyRelease);
  if (!checked.ok) return { ok: false, reason: 'refused', message: checked.message };
  const { update } = checked;
  const total = update.signed.files.reduce((sum, f) => sum + f.size, 0);
  if (!existsSync(stickRoot))
    return { ok: false, reason: 'stick_removed', message: 'the stick is not there' };
  const free = volumeSpace(stickRoot).freeBytes;
  if (free !== null && free < total + 1024 * 1024)
    return {
      ok: false,
      reason: 'stick_full',
      message: `not enough room on the stick (${free} bytes free, ${total} needed)`,
    };
  const tag = randomBytes(4).toString('hex');
  const temp = join(stickRoot, `.${STICK_UPDATE_FOLDER}-${tag}.tmp`);
  const old = join(stickRoot, `.${STICK_UPDATE_FOLDER}-${tag}.old`);
  const final = join(stickRoot, STICK_UPDATE_FOLDER);
  try {
    mkdirSync(temp);
    let done = 0;
    // signature.json last: a folder without it is not an update folder.
    for (const name of [...update.signed.files.map((f) => f.path), UPDATE_SIGNATURE_FILE]) {
      const copied = await copyAndDigest(join(update.dir, name), join(temp, name), Number.MAX_SAFE_INTEGER);
      fsyncFile(join(temp, name));
      done += name === UPDATE_SIGNATURE_FILE ? 0 : copied.size;
      onProgress?.(done, total);
    }
    fsyncFolder(temp);
    const readBack = await verifyUpdateFolder(temp, anyRelease);
    if (!readBack.ok)
      return cleanup(temp, {
        ok: false,
        reason: 'verify_failed',
        message: `read-back check failed: ${readBack.message}`,
      });
    if (existsSync(final)) renameWithRetry(final, old);
    renameWithRetry(temp, final);
    fsyncFolder(stickRoot);
    rmQuietly(old);
    return { ok: true, path: final, version: update.release.version, bytes: total };
  } catch (error) {
    // The old folder goes back if the new one did not take its place.
    if (existsSync(old) && !existsSync(final)) {
      try {
        renameWithRetry(old, final);
      } catch {
        // the stick is gone
      }
    }
    return cleanup(temp, { ok: false, ...reasonOf(error) });
  }
}

function fsyncFile(path: string): void {
  const fd = openSync(path, 'r+');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

function cleanup<T>(temp: string, outcome: T): T {
  rmQuietly(temp);
  return outcome;
}

function rmQuietly(path: string): void {
  try {
    rmSync(path, { recursive: true, force: true });
  } catch {
    // the stick is gone: nothing to clean
  }
}

function reasonOf(error: unknown): { reason: StickWriteReason; message: string } {
  const code = (error as NodeJS.ErrnoException).code ?? '';
  const detail = error instanceof Error ? error.message : String(error);
  if (code === 'ENOENT' || code === 'ENODEV' || code === 'ENXIO' || code === 'EIO')
    return { reason: 'stick_removed', message: `the stick was removed or cannot be reached (${detail})` };
  if (code === 'ENOSPC' || code === 'EFBIG' || code === 'EDQUOT')
    return { reason: 'stick_full', message: `not enough room on the stick (${detail})` };
  if (code === 'EROFS' || code === 'EACCES' || code === 'EPERM')
    return { reason: 'stick_read_only', message: `the stick cannot be written to (${detail})` };
  return { reason: 'write_failed', message: `could not write the update (${detail})` };
}
