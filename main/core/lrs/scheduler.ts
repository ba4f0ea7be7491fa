import type { Clock } from '../clock';
import type { Logger } from '../log';

/** Timers, injectable so the schedule can be tested with a fake clock. */
export interface Timers {
  set(fn: () => void, ms: number): unknown;
  clear(handle: unknown): void;
}

export const realTimers: Timers = {
  set: (fn, ms) => {
    const t = setTimeout(fn, ms);
    t.unref(); // the schedule never keeps a process alive on its own
    return t;
  },
  clear: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};

export interface SchedulerOptions {
  clock: Clock;
  log: Logger;
  timers?: Timers;
  /** Between passes while all is well (nothing failed). */
  intervalMs: number;
  /** The first pass, after start-up work has settled. */
  initialDelayMs?: number;
  /** One pass: look for the LRS and send what is pending (the uploader with maxFailures 1). Must not throw. */
  pass: (signal: AbortSignal) => Promise<void>;
  /** When the uploader's back-off allows the next try (ISO time), or null: no wait. Read after each pass. */
  nextAttemptAt: () => string | null;
}

/**
 * Runs upload passes while the app runs: every `intervalMs`, or sooner or later as the uploader's back-off
 * says (its next attempt time is in the database, so after a restart the wait goes on). `runNow` is the
 * operator's "send now": it does not wait for the back-off. The uploader's logic stays in the uploader.
 */
export class UploadScheduler {
  private readonly timers: Timers;
  private handle: unknown = null;
  private current: { abort: AbortController; done: Promise<void> } | null = null;
  private started = false;

  constructor(private readonly options: SchedulerOptions) {
    this.timers = options.timers ?? realTimers;
  }

  start(): void {
    if (this.started) return;
    this.started = true;
    this.wake(this.options.initialDelayMs ?? 0, false);
  }

  /** Stops the schedule and cancels a pass that is running; resolves when it has ended. */
  async stop(): Promise<void> {
    this.started = false;
    this.clearTimer();
    if (this.current) {
      this.current.abort.abort();
      await this.current.done;
    }
  }

  /** A pass as soon as possible, not waiting for the back-off (a running pass is left to finish). */
  runNow(): void {
    if (!this.started || this.current) return;
    this.wake(0, true);
  }

  get passRunning(): boolean {
    return this.current !== null;
  }

  private clearTimer(): void {
    if (this.handle !== null) this.timers.clear(this.handle);
    this.handle = null;
  }

  private wake(ms: number, force: boolean): void {
    this.clearTimer();
    this.handle = this.timers.set(() => {
      this.handle = null;
      void this.fire(force);
    }, ms);
  }

  private async fire(force: boolean): Promise<void> {
    if (!this.started || this.current) return;
    const waitMs = this.backoffLeft();
    if (!force && waitMs > 0) return this.wake(waitMs, false);
    const abort = new AbortController();
    const done = this.options.pass(abort.signal).catch((error: unknown) => {
      this.options.log.error('upload pass failed', { error: String(error) });
    });
    this.current = { abort, done };
    await done;
    this.current = null;
    if (!this.started) return;
    const left = this.backoffLeft();
    this.wake(left > 0 ? left : this.options.intervalMs, false);
  }

  /** How long the uploader's back-off still asks to wait (0: none). */
  private backoffLeft(): number {
    const next = this.options.nextAttemptAt();
    const at = next === null ? NaN : Date.parse(next);
    return Number.isNaN(at) ? 0 : Math.max(0, at - this.options.clock.now().getTime());
  }
}
