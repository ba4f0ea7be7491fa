import type { TaskView } from '../../main/api/tasks';
import type { TestKiosk } from './core';

/** Polls `tasks.get` as the UI does until the task ends (at most ~30 s). */
export async function finished(k: TestKiosk, token: string, taskId: string): Promise<TaskView> {
  for (let i = 0; i < 1500; i++) {
    const { task } = await k.must(token, 'tasks.get', { taskId });
    if (task.state !== 'running') return task;
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error('task did not finish');
}
