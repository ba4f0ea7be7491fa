import { randomUUID } from 'node:crypto';
import type { TaskView } from '../../api/tasks';
import type { Result } from '../../api/result';
import { isoWithOffset, type Clock } from '../clock';
import type { Logger } from '../log';

export interface TaskControl {
  readonly signal: AbortSignal;
  progress(done: number, total: number, message?: string): void;
}

interface TaskRecord {
  view: TaskView;
  abort: AbortController;
}

/**
 * Long work (course install, export, import, upload) runs as a task: an id the UI polls for progress,
 * a cancel that aborts through an AbortSignal, and a clear end state. Finished tasks are kept for a while
 * so the UI can read how they ended.
 */
export class Tasks {
  private readonly tasks = new Map<string, TaskRecord>();

  constructor(
    private readonly clock: Clock,
    private readonly log: Logger,
    private readonly keepFinished = 20,
  ) {}

  /** Starts `work` now; returns the task id. At most one task of a kind runs at a time. */
  start(
    kind: string,
    work: (control: TaskControl) => Promise<Result<unknown>>,
  ): { ok: true; id: string } | { ok: false; runningId: string } {
    const running = [...this.tasks.values()].find((t) => t.view.kind === kind && t.view.state === 'running');
    if (running) return { ok: false, runningId: running.view.id };
    const id = randomUUID();
    const abort = new AbortController();
    const view: TaskView = {
      id,
      kind,
      state: 'running',
      done: 0,
      total: 0,
      message: null,
      error: null,
      result: null,
      startedAt: isoWithOffset(this.clock.now()),
      endedAt: null,
    };
    this.tasks.set(id, { view, abort });
    const control: TaskControl = {
      signal: abort.signal,
      progress: (done, total, message) => {
        view.done = done;
        view.total = total;
        if (message !== undefined) view.message = message;
      },
    };
    void (async () => {
      try {
        const result = await work(control);
        // Work that finished although cancel was pressed (too late to stop) is done: an export already
        // written must not be shown as cancelled.
        if (result.ok) {
          view.state = 'done';
          view.result = result.value;
        } else if (abort.signal.aborted) view.state = 'cancelled';
        else {
          view.state = 'failed';
          view.error = result.error;
        }
      } catch (error) {
        this.log.error('task failed', {
          kind,
          error: error instanceof Error ? (error.stack ?? error.message) : String(error),
        });
        view.state = abort.signal.aborted ? 'cancelled' : 'failed';
        view.error = { code: 'INTERNAL', message: 'task failed; see the log' };
      } finally {
        view.endedAt = isoWithOffset(this.clock.now());
        this.prune();
      }
    })();
    return { ok: true, id };
  }

  get(id: string): TaskView | undefined {
    const t = this.tasks.get(id);
    return t ? { ...t.view } : undefined;
  }

  cancel(id: string): boolean {
    const t = this.tasks.get(id);
    if (!t || t.view.state !== 'running') return false;
    t.abort.abort();
    return true;
  }

  /** Waits until a task ends (tests and the CLI). */
  async settle(id: string, pollMs = 20): Promise<TaskView | undefined> {
    for (;;) {
      const t = this.get(id);
      if (!t || t.state !== 'running') return t;
      await new Promise((r) => setTimeout(r, pollMs));
    }
  }

  private prune(): void {
    const finished = [...this.tasks.values()].filter((t) => t.view.state !== 'running');
    for (const t of finished.slice(0, Math.max(0, finished.length - this.keepFinished)))
      this.tasks.delete(t.view.id);
  }
}
