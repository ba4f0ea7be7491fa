import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * What a bench (or the whole run) must undo: processes to stop, browsers to close, temp folders to
 * remove. `close()` runs every clean-up, last in first out, even when some of them fail.
 */
export class Scope {
  private readonly cleanups: (() => unknown)[] = [];

  defer(cleanup: () => unknown): void {
    this.cleanups.push(cleanup);
  }

  /** A fresh temp folder, removed when the scope closes. */
  tmpDir(prefix: string): string {
    const dir = mkdtempSync(join(process.env.BENCH_TMP ?? tmpdir(), `balai-bench-${prefix}-`));
    this.defer(() => rmSync(dir, { recursive: true, force: true, maxRetries: 3 }));
    return dir;
  }

  async close(): Promise<void> {
    while (this.cleanups.length > 0) {
      const cleanup = this.cleanups.pop()!;
      try {
        await cleanup();
      } catch (error) {
        console.error(`bench: clean-up failed: ${String(error)}`);
      }
    }
  }
}
