import { describe, expect, it } from 'vitest';
import { err, ok } from '../../../main/api/result';
import { ManualClock } from '../../../main/core/clock';
import { memoryLogger } from '../../../main/core/log';
import { Tasks } from '../../../main/core/tasks/tasks';

const tick = () => new Promise((r) => setTimeout(r, 5));

describe('tasks', () => {
  it('report progress, then their result', async () => {
    const tasks = new Tasks(new ManualClock(), memoryLogger());
    let step: () => void = () => {};
    const started = tasks.start('install', async (t) => {
      t.progress(1, 4, 'satu');
      await new Promise<void>((r) => (step = r));
      t.progress(4, 4);
      return ok({ installed: 'x' });
    });
    expect(started.ok).toBe(true);
    if (!started.ok) return;
    await tick();
    expect(tasks.get(started.id)).toMatchObject({ state: 'running', done: 1, total: 4, message: 'satu' });
    expect(tasks.start('install', () => Promise.resolve(ok(null)))).toEqual({
      ok: false,
      runningId: started.id,
    });
    step();
    expect(await tasks.settle(started.id)).toMatchObject({
      state: 'done',
      done: 4,
      result: { installed: 'x' },
    });
    expect(tasks.get(started.id)?.endedAt).not.toBeNull();
  });

  it('cancel through the signal, and failures keep their error', async () => {
    const tasks = new Tasks(new ManualClock(), memoryLogger());
    const started = tasks.start('export', async (t) => {
      while (!t.signal.aborted) await tick();
      return err('INTERNAL', 'stopped');
    });
    if (!started.ok) throw new Error('not started');
    expect(tasks.cancel(started.id)).toBe(true);
    expect(await tasks.settle(started.id)).toMatchObject({ state: 'cancelled' });
    expect(tasks.cancel(started.id)).toBe(false);

    const failing = tasks.start('export', () => Promise.resolve(err('INVALID_CONTENT', 'bad package')));
    if (!failing.ok) throw new Error('not started');
    expect(await tasks.settle(failing.id)).toMatchObject({
      state: 'failed',
      error: { code: 'INVALID_CONTENT' },
    });

    // Cancel pressed too late to stop the work: it finished, so it is done with its result, not cancelled.
    let finish!: () => void;
    const late = tasks.start('export', async () => {
      await new Promise<void>((r) => (finish = r));
      return ok({ written: true });
    });
    if (!late.ok) throw new Error('not started');
    expect(tasks.cancel(late.id)).toBe(true);
    finish();
    expect(await tasks.settle(late.id)).toMatchObject({ state: 'done', result: { written: true } });

    const log = memoryLogger();
    const throwing = new Tasks(new ManualClock(), log).start('x', () => Promise.reject(new Error('boom')));
    expect(throwing.ok).toBe(true);
  });
});
