import { describe, expect, it } from 'vitest';
import { ManualClock } from '../../../main/core/clock';
import { silentLogger } from '../../../main/core/log';
import type { FetchFn } from '../../../main/core/lrs/client';
import { UploadScheduler, type Timers } from '../../../main/core/lrs/scheduler';
import { readUploaderState } from '../../../main/core/lrs/store';
import { useTempDirs } from '../../helpers/core';
import { recordLearning } from '../../helpers/lrs';
import { uploaderFor } from './lrs-kit';

/** Timers on a ManualClock: `advance` moves the clock and fires what is due, in order, letting passes settle. */
class FakeTimers implements Timers {
  private queue: { at: number; fn: () => void; id: number }[] = [];
  private ids = 0;
  constructor(private readonly clock: ManualClock) {}
  set(fn: () => void, ms: number): unknown {
    const id = ++this.ids;
    this.queue.push({ at: this.clock.now().getTime() + ms, fn, id });
    return id;
  }
  clear(handle: unknown): void {
    this.queue = this.queue.filter((t) => t.id !== handle);
  }
  get pending(): number {
    return this.queue.length;
  }
  async advance(ms: number): Promise<void> {
    const end = this.clock.now().getTime() + ms;
    for (;;) {
      await settle();
      const due = this.queue.filter((t) => t.at <= end).sort((a, b) => a.at - b.at)[0];
      if (!due) break;
      this.queue = this.queue.filter((t) => t !== due);
      this.clock.set(new Date(Math.max(due.at, this.clock.now().getTime())));
      due.fn();
    }
    this.clock.set(new Date(end));
    await settle();
  }
}

/** Lets promise chains (a pass and what follows it) run to their end. */
const settle = async () => {
  for (let i = 0; i < 20; i++) await new Promise((r) => setImmediate(r));
};

describe('the upload schedule (fake clock)', () => {
  const tempDir = useTempDirs('balai-lrs-test-');

  it('passes every interval while all is well, as the back-off says after a failure, and at once when asked', async () => {
    const clock = new ManualClock(new Date('2026-11-02T08:00:00+07:00'));
    const timers = new FakeTimers(clock);
    const passes: number[] = [];
    let nextAttemptAt: string | null = null;
    const start = clock.now().getTime();
    const scheduler = new UploadScheduler({
      clock,
      log: silentLogger,
      timers,
      intervalMs: 60_000,
      initialDelayMs: 5_000,
      nextAttemptAt: () => nextAttemptAt,
      pass: () => {
        passes.push((clock.now().getTime() - start) / 1000);
        return Promise.resolve();
      },
    });
    scheduler.start();
    await timers.advance(4_000);
    expect(passes).toEqual([]);
    await timers.advance(1_000);
    expect(passes).toEqual([5]);
    await timers.advance(60_000);
    expect(passes).toEqual([5, 65]);

    // A pass failed and the uploader asks for its next attempt 7 minutes later: the schedule waits for it.
    nextAttemptAt = new Date(clock.now().getTime() + 7 * 60_000).toISOString();
    await timers.advance(60_000);
    expect(passes).toEqual([5, 65]);
    await timers.advance(6 * 60_000);
    expect(passes).toEqual([5, 65, 485]);
    // That time is past now: the interval again.
    await timers.advance(60_000);
    expect(passes).toEqual([5, 65, 485, 545]);
    // The operator asks while a back-off is pending: a pass now.
    nextAttemptAt = new Date(clock.now().getTime() + 10 * 60_000).toISOString();
    await timers.advance(60_000);
    expect(passes).toEqual([5, 65, 485, 545]);
    scheduler.runNow();
    await timers.advance(0);
    expect(passes).toEqual([5, 65, 485, 545, 605]);
    // That pass did not clear the back-off (it failed too): the schedule goes back to waiting for it.
    await timers.advance(60_000);
    expect(passes).toHaveLength(5);
    await timers.advance(480_000);
    expect(passes).toEqual([5, 65, 485, 545, 605, 1145]);

    await scheduler.stop();
    expect(timers.pending).toBe(0);
    await timers.advance(600_000);
    expect(passes).toHaveLength(6);
  });

  it('after a restart it keeps the back-off written in the database; stop cancels a running pass', async () => {
    const clock = new ManualClock(new Date('2026-11-02T08:00:00+07:00'));
    const timers = new FakeTimers(clock);
    const signals: AbortSignal[] = [];
    let passes = 0;
    const scheduler = new UploadScheduler({
      clock,
      log: silentLogger,
      timers,
      intervalMs: 60_000,
      nextAttemptAt: () => new Date(Date.parse('2026-11-02T08:10:00+07:00')).toISOString(),
      pass: (signal) => {
        passes++;
        signals.push(signal);
        return new Promise((resolve) => signal.addEventListener('abort', () => resolve()));
      },
    });
    scheduler.start();
    await timers.advance(9 * 60_000);
    expect(passes).toBe(0);
    await timers.advance(60_000);
    expect(passes).toBe(1);
    expect(scheduler.passRunning).toBe(true);
    scheduler.runNow(); // a pass is running: nothing more
    await timers.advance(0);
    expect(passes).toBe(1);
    await scheduler.stop();
    expect(signals[0]!.aborted).toBe(true);
    expect(scheduler.passRunning).toBe(false);
  });

  it('with the real uploader: a failing LRS is tried again after growing waits, then everything goes', async () => {
    let down = true;
    let posts = 0;
    const fetch: FetchFn = (url, init) => {
      if (down) return Promise.reject(new TypeError('fetch failed'));
      if (url.endsWith('/about')) return Promise.resolve(Response.json({ version: ['1.0.3'] }));
      posts++;
      const ids = (JSON.parse(init.body as string) as { id: string }[]).map((s) => s.id);
      return Promise.resolve(Response.json(ids));
    };
    const { db, clock, uploader } = uploaderFor(tempDir(), 'https://lrs.example.id/xAPI/', {
      fetch,
      random: () => 0.5,
      config: { backoff: { baseMs: 10_000, maxMs: 120_000, maxRetryAfterMs: 600_000 } },
    });
    recordLearning(db, 250);
    const timers = new FakeTimers(clock);
    const passTimes: number[] = [];
    const t0 = clock.now().getTime();
    const scheduler = new UploadScheduler({
      clock,
      log: silentLogger,
      timers,
      intervalMs: 300_000,
      nextAttemptAt: () => readUploaderState(db).nextAttemptAt,
      pass: async (signal) => {
        passTimes.push((clock.now().getTime() - t0) / 1000);
        await uploader.run({ signal, maxFailures: 1 });
      },
    });
    scheduler.start();
    await timers.advance(60_000);
    // Waits of 7.5 s, 15 s, 30 s (the middle of each step's jitter) between passes, not the 5-minute interval.
    expect(passTimes).toEqual([0, 7.5, 22.5, 52.5]);
    expect(readUploaderState(db)).toMatchObject({ backoffStep: 4, lastErrorCode: 'unreachable' });
    down = false;
    await timers.advance(60_000);
    expect(passTimes).toEqual([0, 7.5, 22.5, 52.5, 112.5]);
    expect(posts).toBe(3);
    expect(readUploaderState(db)).toMatchObject({ backoffStep: 0, nextAttemptAt: null });
    // All sent: the next pass comes after the interval (at 412.5 s; the clock is at 120 s).
    await timers.advance(292_000);
    expect(passTimes).toHaveLength(5);
    await timers.advance(1_000);
    expect(passTimes).toHaveLength(6);
    await scheduler.stop();
    db.close();
  });
});
