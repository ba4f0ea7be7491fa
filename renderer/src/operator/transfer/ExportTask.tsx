import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { TaskView } from '../../../../main/api/tasks';
import type { ExportedBundle } from '../../../../main/api/transfer';
import { call } from '../../api/client';
import { ErrorBox } from '../../shared/ErrorBox';
import { useTask } from '../useTask';
import { ExportDone } from './ExportDone';
import { EXPORT_FAILURES, exportFailureKey, reasonOf } from './reasons';
import { StageProgress } from './StageProgress';
import { currentStage, EXPORT_STAGES, stagedPercent } from './stages';

/** The task's result, only when it is a bundle written, read back and verified (`safeToRemove: true`). */
function verifiedBundle(task: TaskView): ExportedBundle | null {
  if (task.state !== 'done' || typeof task.result !== 'object' || task.result === null) return null;
  const r = task.result as Partial<ExportedBundle>;
  return r.safeToRemove === true && typeof r.fileName === 'string' ? (r as ExportedBundle) : null;
}

/**
 * A running export: the stage in words over a bar that only moves forward, and "Batal" until the bundle is
 * recorded (the summary stage). Then "Aman dicabut" with what went onto the stick, or why it failed and a
 * way to try again.
 */
export function ExportTask({
  taskId,
  label,
  onRetry,
  onOtherDrive,
  onClose,
}: {
  taskId: string;
  /** The stick's label; null when following an export started elsewhere. */
  label: string | null;
  onRetry: (() => void) | null;
  onOtherDrive: () => void;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const { task, error } = useTask(taskId);
  const [cancelling, setCancelling] = useState(false);

  if (!task) {
    return error ? (
      <ErrorBox error={error} />
    ) : (
      <p role="status" className="loading">
        {t('common.loading')}
      </p>
    );
  }
  const stage = currentStage(task, EXPORT_STAGES);
  const bundle = verifiedBundle(task);
  const stick = label ?? t('op.transfer.thisStick');
  return (
    <div className="task" data-task-state={task.state}>
      {/* Once done, the "Aman dicabut" banner says where it went. */}
      {!bundle && (
        <h2 className="step-title">
          {task.state === 'running'
            ? t('op.transfer.exporting', { label: stick })
            : t('op.transfer.exportTo', { label: stick })}
        </h2>
      )}
      {task.state === 'running' && (
        <>
          <StageProgress
            percent={stagedPercent(task, EXPORT_STAGES)}
            stageText={t(`op.transfer.stage.${stage ?? 'start'}`)}
            label={t('op.transfer.progressLabel')}
          />
          <p className="muted">{t('op.transfer.dontPull')}</p>
          {/* Once the summary is written the bundle is already recorded: a cancel then would mislead. */}
          {stage !== 'summary' && (
            <div className="actions">
              <button
                type="button"
                className="btn btn-secondary"
                disabled={cancelling}
                onClick={() => {
                  setCancelling(true);
                  void call('tasks.cancel', { taskId });
                }}
              >
                {cancelling ? t('op.transfer.cancelling') : t('common.cancel')}
              </button>
            </div>
          )}
        </>
      )}
      {bundle && (
        <ExportDone
          bundle={bundle}
          label={stick}
          action={
            <button type="button" className="btn btn-primary" onClick={onClose}>
              {t('op.transfer.backToStatus')}
            </button>
          }
        />
      )}
      {task.state !== 'running' && !bundle && <ExportFailed task={task} label={stick} />}
      <ErrorBox error={error} />
      {task.state !== 'running' && !bundle && (
        <div className="actions">
          {onRetry && (
            <button type="button" className="btn btn-primary" onClick={onRetry}>
              {t('op.transfer.retry')}
            </button>
          )}
          <button type="button" className="btn btn-secondary" onClick={onClose}>
            {t('op.transfer.backToStatus')}
          </button>
          <button type="button" className="btn btn-secondary" onClick={onOtherDrive}>
            {t('op.transfer.otherDrive')}
          </button>
        </div>
      )}
    </div>
  );
}

/** Why the export did not finish, in one sentence saying what to do; nothing pending was lost. */
function ExportFailed({ task, label }: { task: TaskView; label: string }) {
  const { t } = useTranslation();
  const reason = task.state === 'cancelled' ? 'cancelled' : reasonOf(task.error, EXPORT_FAILURES);
  if (!reason && task.error) return <ErrorBox error={task.error} />;
  return (
    <div
      className={`end-state ${reason === 'cancelled' ? 'notice' : 'error-box'}`}
      role={reason === 'cancelled' ? 'status' : 'alert'}
      data-reason={reason ?? 'unknown'}
    >
      <p className="end-title">
        {reason === 'cancelled' ? t('op.transfer.cancelled') : t('op.transfer.failed')}
      </p>
      <p>{t(exportFailureKey(reason ?? 'internal'), { label })}</p>
      <p className="error-detail">{t('op.transfer.nothingLost')}</p>
    </div>
  );
}
