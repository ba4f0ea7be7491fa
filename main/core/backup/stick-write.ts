import { randomBytes } from 'node:crypto';
import {
  closeSync,
  existsSync,
  fsyncSync,
  mkdirSync,
  openSync,
  readFileSync,
  rmSync,
  statSync,
  writeSync,
} from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { volumeSpace } from '../drives/drive';
import { fsyncFolder, renameWithRetry } from '../files/fsutil';

/** Why a write to a stick failed, as the UI and the CLI explain it. */
export type StickWriteReason =
  'stick_removed' | 'stick_full' | 'stick_read_only' | 'write_failed' | 'verify_failed';

export type StickWrite =
  { ok: true; path: string } | { ok: false; reason: StickWriteReason; message: string };

const CHUNK = 1024 * 1024;

/** The first name in `dir` not taken yet: `name`, then `stem-2.ext`, `stem-3.ext`, … */
export function freeName(dir: string, name: string, extension: string): string {
  const stem = name.slice(0, name.length - extension.length);
  for (let i = 1; i < 100; i++) {
    const candidate = i === 1 ? name : `${stem}-${i}${extension}`;
    if (!existsSync(join(dir, candidate))) return candidate;
  }
  return `${stem}-${randomBytes(4).toString('hex')}${extension}`;
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
  return { reason: 'write_failed', message: `could not write the file (${detail})` };
}

/**
 * Writes `bytes` to `file` on a stick so that a file with that name exists only when it is complete and
 * checked: a hidden temp file beside it, fsync, read back and `verify`, rename (retried: Windows antivirus
 * locks), then the size checked once more. FAT32 has no journal, so the rename is not crash-atomic; the
 * read-back is what makes the final name trustworthy. On any failure nothing is left under the final name.
 * Folders below `root` (the drive) are made as needed; `root` itself never is.
 * `onWritten(done, total)` is called after each chunk.
 */
export function writeVerified(
  root: string,
  file: string,
  bytes: Buffer,
  verify: (readBack: Buffer) => string | null,
  onWritten?: (done: number, total: number) => void,
): StickWrite {
  const dir = dirname(file);
  const temp = join(dir, `.${basename(file)}.${randomBytes(4).toString('hex')}.tmp`);
  let renamed = false;
  try {
    makeFolders(root, dir);
    const free = volumeSpace(dir).freeBytes;
    if (free !== null && free < bytes.length + 64 * 1024)
      return {
        ok: false,
        reason: 'stick_full',
        message: `not enough room on the stick (${free} bytes free)`,
      };
    const fd = openSync(temp, 'wx', 0o600);
    try {
      for (let done = 0; done < bytes.length;) {
        done += writeSync(fd, bytes, done, Math.min(CHUNK, bytes.length - done));
        onWritten?.(done, bytes.length);
      }
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    const readBack = readFileSync(temp);
    const problem = readBack.equals(bytes)
      ? verify(readBack)
      : 'the file read back differs from what was written';
    if (problem) return { ok: false, reason: 'verify_failed', message: `read-back check failed: ${problem}` };
    renameWithRetry(temp, file);
    renamed = true;
    fsyncFolder(dir);
    if (statSync(file).size !== bytes.length) {
      rmSync(file, { force: true });
      return {
        ok: false,
        reason: 'verify_failed',
        message: 'the file on the stick has the wrong size after renaming',
      };
    }
    return { ok: true, path: file };
  } catch (error) {
    if (renamed) removeQuietly(file);
    return { ok: false, ...reasonOf(error) };
  } finally {
    removeQuietly(temp);
  }
}

/**
 * `mkdir -p` one level at a time: Node's recursive mkdir reports ENOENT on a read-only filesystem
 * (it walks up on the first failure), which would read as "stick removed".
 */
function makeFolders(root: string, dir: string): void {
  // The drive's own folder is never made: a pulled stick must not become a folder on the system disk.
  if (!existsSync(root)) throw Object.assign(new Error(`${root} is gone`), { code: 'ENOENT' });
  const missing: string[] = [];
  for (let at = dir; at !== root && !existsSync(at); at = dirname(at)) {
    if (dirname(at) === at) break;
    missing.unshift(at);
  }
  for (const folder of missing) {
    try {
      mkdirSync(folder);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
  }
}

function removeQuietly(file: string): void {
  try {
    rmSync(file, { force: true });
  } catch {
    // the stick is gone: nothing to clean
  }
}
