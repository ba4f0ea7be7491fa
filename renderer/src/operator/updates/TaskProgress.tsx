import { useTranslation } from 'react-i18next';
import type { TaskView } from '../../../../main/api/tasks';
import { formatBytes } from '../format';
import { taskPercent } from '../useTask';

/** A running task as a bar with its percent and, once the total is known, bytes done of bytes in all. */
export function TaskProgress({ task, label }: { task: TaskView; label: string }) {
  const { t } = useTranslation();
  const percent = taskPercent(task);
  return (
    <div className="progress task-progress">
      <p className="progress-text" aria-hidden="true">
        {task.total > 0 ? t('op.install.percent', { percent }) : t('op.updates.task.starting')}
        {task.total > 0 && (
          <span className="muted">
            {' · '}
            {t('op.install.bytes', { done: formatBytes(task.done), total: formatBytes(task.total) })}
          </span>
        )}
        {task.message && <span className="muted"> · {task.message}</span>}
      </p>
      <div
        className="progress-bar progress-bar-big"
        role="progressbar"
        aria-label={label}
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={percent}
        aria-valuetext={t('op.install.percent', { percent })}
      >
        <span style={{ width: `${percent}%` }} />
      </div>
    </div>
  );
}
