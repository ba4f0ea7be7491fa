import { renameSync } from 'node:fs';

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
