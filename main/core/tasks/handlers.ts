import { err, ok } from '../../api/result';
import type { tasksApi } from '../../api/tasks';
import type { HandlerMap } from '../context';

export const tasksHandlers: HandlerMap<typeof tasksApi> = {
  'tasks.get': ({ taskId }, { services }) => {
    const task = services.tasks.get(taskId);
    return task ? ok({ task }) : err('NOT_FOUND', 'no such task');
  },
  'tasks.cancel': ({ taskId }, { services }) => ok({ cancelled: services.tasks.cancel(taskId) }),
};
