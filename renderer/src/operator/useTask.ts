import { useEffect, useState } from 'react';
import type { ApiError } from '../../../main/api/result';
import type { TaskView } from '../../../main/api/tasks';
import { call } from '../api/client';

/** How often a running task is asked for its progress. */
export const TASK_POLL_MS = 300;

/** Follows a task until it ends: the latest view, or the error of asking (the host restarted, say). */
export function useTask(taskId: string): { task: TaskView | null; error: ApiError | null } {
  const [state, setState] = useState<{ task: TaskView | null; error: ApiError | null }>({
    task: null,
    error: null,
  });
  useEffect(() => {
    let stopped = false;
    let timer: number | undefined;
    const poll = async () => {
      const r = await call('tasks.get', { taskId });
      if (stopped) return;
      if (!r.ok) return setState((s) => ({ task: s.task, error: r.error }));
      setState({ task: r.value.task, error: null });
      if (r.value.task.state === 'running') timer = window.setTimeout(() => void poll(), TASK_POLL_MS);
    };
    void poll();
    return () => {
      stopped = true;
      window.clearTimeout(timer);
    };
  }, [taskId]);
  return state;
}

/** Whole percent of a task's progress; 0 while the total is unknown. */
export function taskPercent(task: TaskView): number {
  if (task.state === 'done') return 100;
  if (task.total <= 0) return 0;
  return Math.min(100, Math.max(0, Math.floor((task.done / task.total) * 100)));
}
