import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { TaskView } from '../../../main/api/tasks';
import { call } from '../api/client';
import { navigate } from '../router/hash';
import { ErrorBox } from '../shared/ErrorBox';
import { formatBytes } from './format';
import { refusalKind } from './refusal';
import { taskPercent, useTask } from './useTask';

/** What a finished course install answers (see `courses.installFromDrive` in the core). */
interface Installed {
  title: string;
  version: string;
  replaced: string | null;
}

function installed(result: unknown): Installed | null {
  if (typeof result !== 'object' || result === null) return null;
  const r = result as Record<string, unknown>;
  if (typeof r.title !== 'string' || typeof r.version !== 'string') return null;
  return { title: r.title, version: r.version, replaced: typeof r.replaced === 'string' ? r.replaced : null };
}

/** A running install: a real progress bar and "Batal"; then success, refusal (why, plainly) or cancelled. */
export function InstallTask({
  taskId,
  fileName,
  onAnother,
}: {
  taskId: string;
  fileName: string | null;
  onAnother: () => void;
}) {
  const { t } = useTranslation();
  const { task, error } = useTask(taskId);
  const [cancelling, setCancelling] = useState(false);

  const cancel = async () => {
    setCancelling(true);
    await call('tasks.cancel', { taskId });
  };

  if (!task) {
    return error ? (
      <ErrorBox error={error} />
    ) : (
      <p role="status" className="loading">
        {t('common.loading')}
      </p>
    );
  }
  const ended = task.state !== 'running';
  return (
    <div className="task" data-task-state={task.state}>
      <h2 className="step-title">
        {!fileName
          ? t('op.install.installingOther')
          : ended
            ? t('op.install.package', { file: fileName })
            : t('op.install.installing', { file: fileName })}
      </h2>
      {(task.state === 'running' || task.state === 'done') && <TaskBar task={task} />}
      {task.state === 'running' && (
        <div className="actions">
          <button
            type="button"
            className="btn btn-secondary"
            disabled={cancelling}
            onClick={() => void cancel()}
          >
            {cancelling ? t('op.install.cancelling') : t('common.cancel')}
          </button>
        </div>
      )}
      {ended && <TaskEnd task={task} />}
      <ErrorBox error={error} />
      {ended && (
        <div className="actions">
          <button type="button" className="btn btn-primary" onClick={() => navigate('/operator/courses')}>
            {t('op.install.toCourses')}
          </button>
          <button type="button" className="btn btn-secondary" onClick={onAnother}>
            {t('op.install.another')}
          </button>
        </div>
      )}
    </div>
  );
}

function TaskBar({ task }: { task: TaskView }) {
  const { t } = useTranslation();
  const percent = taskPercent(task);
  return (
    <div className="progress task-progress">
      <p className="progress-text" aria-hidden="true">
        {t('op.install.percent', { percent })}
        {task.total > 0 && (
          <span className="muted">
            {' · '}
            {t('op.install.bytes', { done: formatBytes(task.done), total: formatBytes(task.total) })}
          </span>
        )}
      </p>
      <div
        className="progress-bar progress-bar-big"
        role="progressbar"
        aria-label={t('op.install.progressLabel')}
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

/** How the install ended, in one plain sentence (and the technical reason in small print when it helps). */
function TaskEnd({ task }: { task: TaskView }) {
  const { t } = useTranslation();
  if (task.state === 'done') {
    const course = installed(task.result);
    return (
      <div className="notice notice-ok end-state" role="status">
        <p className="end-title">
          {course
            ? t('op.install.done', { title: course.title, version: course.version })
            : t('op.install.doneUnknown')}
        </p>
        {course?.replaced && <p>{t('op.install.replaced', { version: course.replaced })}</p>}
        <p>{t('op.install.doneHint')}</p>
      </div>
    );
  }
  if (task.state === 'cancelled') {
    return (
      <div className="notice end-state" role="status">
        <p className="end-title">{t('op.install.cancelled')}</p>
      </div>
    );
  }
  const reason = typeof task.error?.details?.reason === 'string' ? task.error.details.reason : null;
  if (task.error?.code === 'INVALID_CONTENT' && reason) {
    const kind = refusalKind(reason);
    return (
      <div className="error-box end-state" role="alert" data-refusal={kind}>
        <p className="end-title">{t('op.install.refused')}</p>
        <p>{t(`op.refusal.${kind}`)}</p>
        <p className="error-detail tech-detail">
          {t('op.install.technical')} <span lang="en">{reason}</span>
        </p>
        <p className="error-detail">{t('op.install.nothingChanged')}</p>
      </div>
    );
  }
  return task.error ? <ErrorBox error={task.error} /> : null;
}
