import { randomBytes } from 'node:crypto';
import { closeSync, fsyncSync, openSync, renameSync, rmSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';

const RETRYABLE = new Set(['EPERM', 'EBUSY', 'EACCES']);

/**
 * rename(2) with retries: on Windows an antivirus or the indexer often holds a freshly written file for
 * a moment and the rename fails with EPERM/EBUSY (npm/write-file-atomic#28). Waits 10, 20, 40… ms.
 */
export function renameWithRetry(from: string, to: string, attempts = 8): void {
  for (let i = 0; ; i++) {
    try {
      renameSync(from, to);
      return;
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code ?? '';
      if (i >= attempts - 1 || !RETRYABLE.has(code)) throw error;
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 10 * 2 ** i);
    }
  }
}

/** fsync of a folder after a rename in it; Windows answers EPERM for folders (nodejs/node#3879), so best effort. */
export function fsyncFolder(dir: string): void {
  try {
    const fd = openSync(dir, 'r');
    try {
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
  } catch {
    // not supported here: the file itself was fsynced before the rename
  }
}

/**
 * Temp file in the same folder → fsync → rename (with retries): a stick pulled mid-write leaves the old file
 * or none, never half of one under the final name. The temp file is removed when anything fails.
 */
export function writeFileDurably(file: string, bytes: Uint8Array): void {
  const temp = `${file}.${randomBytes(4).toString('hex')}.tmp`;
  try {
    const fd = openSync(temp, 'wx');
    try {
      for (let at = 0; at < bytes.length;) at += writeSync(fd, bytes, at, bytes.length - at);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameWithRetry(temp, file);
  } catch (error) {
    rmSync(temp, { force: true });
    throw error;
  }
  fsyncFolder(dirname(file));
}
