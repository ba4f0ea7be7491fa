import { silentLogger, type Logger } from '../log';
import type { Drive, DriveSource } from './drive';

/**
 * One difference between two polls. `changed`: same id, new label, size or read-only state. Free space
 * alone is not a change (it moves with every file written, on folder drives with the whole disk);
 * `snapshot()` still has the latest.
 */
export interface DriveChange {
  readonly type: 'added' | 'removed' | 'changed';
  /** The drive as now (`removed`: as last seen). */
  readonly drive: Drive;
}

export type DriveListener = (change: DriveChange) => void;

export interface DriveWatcherOptions {
  /** Time between polls; tests use a few milliseconds. */
  intervalMs?: number;
  log?: Logger;
}

export const DEFAULT_DRIVE_POLL_MS = 2000;

/**
 * Notices drives being plugged in and pulled by polling a `DriveSource` (the OS tools have no hotplug
 * events). The first poll reports every drive already present as `added`, so `snapshot()` is always
 * what the events so far add up to. A failed poll is logged and keeps the last snapshot: one bad
 * answer from the system must not look like every stick was pulled.
 */
export class DriveWatcher {
  readonly #source: DriveSource;
  readonly #intervalMs: number;
  readonly #log: Logger;
  readonly #listeners = new Set<DriveListener>();
  #drives = new Map<string, Drive>();
  #timer: NodeJS.Timeout | null = null;
  #inFlight: Promise<void> | null = null;
  #running = false;
  #stopped = false;
  #lastError: string | null = null;

  constructor(source: DriveSource, options: DriveWatcherOptions = {}) {
    this.#source = source;
    this.#intervalMs = options.intervalMs ?? DEFAULT_DRIVE_POLL_MS;
    this.#log = options.log ?? silentLogger;
  }

  /** Adds a listener; returns the function that removes it. */
  on(listener: DriveListener): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /** The drives seen by the last successful poll, sorted by label. */
  snapshot(): Drive[] {
    return [...this.#drives.values()].sort(
      (a, b) => a.label.localeCompare(b.label) || a.id.localeCompare(b.id),
    );
  }

  /** Polls now, then every interval until `stop()`. Resolves once the first poll is done. */
  async start(): Promise<void> {
    if (this.#running) return;
    this.#running = true;
    this.#stopped = false;
    await this.poll();
    this.#schedule();
  }

  /** Stops polling; listeners get nothing more, even from a poll already under way. */
  stop(): void {
    this.#running = false;
    this.#stopped = true;
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = null;
  }

  /** One poll now (a "scan again" button); shares a poll already under way. Never rejects. */
  poll(): Promise<void> {
    this.#inFlight ??= this.#pollOnce().finally(() => {
      this.#inFlight = null;
    });
    return this.#inFlight;
  }

  #schedule(): void {
    if (!this.#running) return;
    if (this.#timer) clearTimeout(this.#timer); // a stop() and start() while a poll ran: keep one timer
    this.#timer = setTimeout(() => {
      void this.poll().then(() => this.#schedule());
    }, this.#intervalMs);
    // A CLI or a test ends when its work ends, whether or not someone stopped the watcher.
    this.#timer.unref();
  }

  async #pollOnce(): Promise<void> {
    if (this.#stopped) return;
    let now: Drive[];
    try {
      now = await this.#source.list();
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      // Once per distinct failure, not every two seconds.
      if (message !== this.#lastError) this.#log.warn('could not list drives', { error: message });
      this.#lastError = message;
      return;
    }
    this.#lastError = null;
    if (this.#stopped) return;
    const next = new Map(now.map((d) => [d.id, d]));
    const changes: DriveChange[] = [];
    for (const [id, old] of this.#drives) if (!next.has(id)) changes.push({ type: 'removed', drive: old });
    for (const [id, drive] of next) {
      const old = this.#drives.get(id);
      if (!old) changes.push({ type: 'added', drive });
      else if (!sameDrive(old, drive)) changes.push({ type: 'changed', drive });
    }
    this.#drives = next; // the latest free space too, even when no event says so
    for (const change of changes) this.#emit(change);
  }

  #emit(change: DriveChange): void {
    for (const listener of this.#listeners) {
      try {
        listener(change);
      } catch (error) {
        this.#log.error('a drive listener failed', {
          type: change.type,
          error: error instanceof Error ? error.message : String(error),
        });
      }
    }
  }
}

function sameDrive(a: Drive, b: Drive): boolean {
  return (
    a.label === b.label &&
    a.sizeBytes === b.sizeBytes &&
    a.readOnly === b.readOnly &&
    a.mountpoint === b.mountpoint
  );
}
