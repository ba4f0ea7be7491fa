import { z } from 'zod';
import { method } from './define';
import { uuid } from './fields';
import type { ApiError } from './result';

/** A long-running job as the UI sees it: poll `tasks.get` for progress; `tasks.cancel` to stop it. */
export interface TaskView {
  id: string;
  kind: string;
  state: 'running' | 'done' | 'failed' | 'cancelled';
  /** Progress in the task's own unit (bytes for installs); total 0 while unknown. */
  done: number;
  total: number;
  message: string | null;
  error: ApiError | null;
  result: unknown;
  startedAt: string;
  endedAt: string | null;
}

export const tasksApi = {
  'tasks.get': method<{ task: TaskView }>()('operator', z.strictObject({ taskId: uuid })),
  'tasks.cancel': method<{ cancelled: boolean }>()('operator', z.strictObject({ taskId: uuid })),
};
