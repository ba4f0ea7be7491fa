import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { DriveView } from '../../../../main/api/library';
import type { ApiError } from '../../../../main/api/result';
import { call } from '../../api/client';
import { ErrorBox } from '../../shared/ErrorBox';
import { DrivePicker } from '../DrivePicker';
import { useDrives } from '../useDrives';
import { useTask } from '../useTask';
import { TaskProgress } from './TaskProgress';
import { updateProblem, updateProblemKey } from './reasons';

/**
 * "Pasang dari flashdisk": the operator touches a stick, the app copies its `balai-update` folder off and
 * checks it (task `update.stick`), then says what became of it: downloaded and waiting for a quiet moment,
 * or refused and why.
 */
export function StickUpdate({
  quietMinutes,
  onEnded,
  onClose,
}: {
  quietMinutes: number;
  /** The status changed (an update is pending now, or an error was recorded); a stable function. */
  onEnded: () => void;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const { drives, error: drivesError } = useDrives();
  const [taskId, setTaskId] = useState<string | null>(null);
  const [drive, setDrive] = useState<DriveView | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [starting, setStarting] = useState(false);

  const pick = async (d: DriveView) => {
    setStarting(true);
    setError(null);
    setDrive(d);
    const r = await call('updates.fromStick', { driveId: d.id });
    setStarting(false);
    if (!r.ok) return setError(r.error);
    setTaskId(r.value.taskId);
  };

  return (
    <section
      className="action-block update-stick"
      aria-labelledby="update-stick-heading"
      data-testid="update-stick"
    >
      <h2 id="update-stick-heading">{t('op.updates.stick.title')}</h2>
      {taskId && drive ? (
        <StickTask taskId={taskId} label={drive.label} quietMinutes={quietMinutes} onEnded={onEnded} />
      ) : (
        <>
          <p className="hint">{t('op.updates.stick.hint')}</p>
          <DrivePicker
            drives={drives}
            error={drivesError}
            busy={starting}
            onPick={(d) => void pick(d)}
            actionLabel={t('op.updates.stick.pick')}
          />
          {error && <Refusal error={error} />}
        </>
      )}
      <div className="actions">
        <button type="button" className="btn btn-secondary" onClick={onClose}>
          {t('common.close')}
        </button>
      </div>
    </section>
  );
}

function StickTask({
  taskId,
  label,
  quietMinutes,
  onEnded,
}: {
  taskId: string;
  label: string;
  quietMinutes: number;
  onEnded: () => void;
}) {
  const { t } = useTranslation();
  const { task, error } = useTask(taskId);
  const ended = task !== null && task.state !== 'running';
  useEffect(() => {
    if (ended) onEnded();
  }, [ended, onEnded]);
  if (!task) return error ? <ErrorBox error={error} /> : <p className="loading">{t('common.loading')}</p>;
  const version =
    typeof task.result === 'object' && task.result !== null && 'version' in task.result
      ? String(task.result.version)
      : '';
  return (
    <div className="task" data-task-state={task.state}>
      {task.state === 'running' && (
        <>
          <p className="lead" role="status">
            {t('op.updates.stick.checking', { label })}
          </p>
          <TaskProgress task={task} label={t('op.updates.stick.progressLabel')} />
        </>
      )}
      {task.state === 'done' && (
        <div className="notice notice-ok" role="status">
          <p>{t('op.updates.stick.taken', { version })}</p>
          <p>{t('op.updates.pending.when', { count: quietMinutes })}</p>
        </div>
      )}
      {task.state === 'cancelled' && <p role="status">{t('op.updates.task.cancelled')}</p>}
      {task.state === 'failed' && task.error && <Refusal error={task.error} />}
      <ErrorBox error={error} />
    </div>
  );
}

/** A refusal with a known reason in its own sentence (and the core's message below); else the error box. */
function Refusal({ error }: { error: ApiError }) {
  const { t } = useTranslation();
  const reason = updateProblem(error.details?.reason);
  if (!reason) return <ErrorBox error={error} />;
  return (
    <div className="error-box" role="alert" data-reason={reason}>
      <p>{t(updateProblemKey(reason))}</p>
      <p className="error-detail">{error.message}</p>
    </div>
  );
}
