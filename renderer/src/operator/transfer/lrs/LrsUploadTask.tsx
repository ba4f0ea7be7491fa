import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { UploadReport } from '../../../../../main/api/lrs';
import type { TaskView } from '../../../../../main/api/tasks';
import { call } from '../../../api/client';
import { ErrorBox } from '../../../shared/ErrorBox';
import { taskPercent, useTask } from '../../useTask';
import { StageProgress } from '../StageProgress';
import { known, UPLOAD_ENDS, UPLOAD_ERRORS, uploadEndKey, uploadErrorKey } from './reasons';

/** The task's result, when it has the shape of an upload report. */
function reportOf(task: TaskView): UploadReport | null {
  if (task.state !== 'done' || typeof task.result !== 'object' || task.result === null) return null;
  const r = task.result as Partial<UploadReport>;
  return known(r.end, UPLOAD_ENDS) && typeof r.sent === 'number' ? (r as UploadReport) : null;
}

/**
 * "Kirim sekarang" as it runs: statements settled of the total on a bar, and "Batal". Then what came of it:
 * how many the LRS took, how many went to quarantine, how many still wait, and what the end means.
 */
export function LrsUploadTask({ taskId, onClose }: { taskId: string; onClose: () => void }) {
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
  const report = reportOf(task);
  return (
    <section className="panel lrs-task" data-testid="lrs-task" data-task-state={task.state}>
      <h2 className="step-title">{t('op.lrs.task.title')}</h2>
      {task.state === 'running' && (
        <>
          <StageProgress
            percent={taskPercent(task)}
            stageText={
              task.total > 0
                ? t('op.lrs.task.progress', { done: task.done, total: task.total })
                : t('op.lrs.task.starting')
            }
            label={t('op.lrs.task.progressLabel')}
          />
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
              {cancelling ? t('op.lrs.task.cancelling') : t('common.cancel')}
            </button>
          </div>
        </>
      )}
      {report && <UploadResult report={report} />}
      {task.state !== 'running' && !report && <UploadFailed task={task} />}
      <ErrorBox error={error} />
      {task.state !== 'running' && (
        <div className="actions">
          <button type="button" className="btn btn-primary" onClick={onClose}>
            {t('common.close')}
          </button>
        </div>
      )}
    </section>
  );
}

function UploadResult({ report }: { report: UploadReport }) {
  const { t } = useTranslation();
  const ok = report.end === 'empty';
  const code = report.error ? known(report.error.code, UPLOAD_ERRORS) : null;
  return (
    <div
      className={`end-state ${ok ? 'notice notice-ok' : report.end === 'cancelled' ? 'notice' : 'notice notice-warn'}`}
      role="status"
      data-testid="lrs-result"
      data-end={report.end}
    >
      <p className="end-title">{t(uploadEndKey(report.end))}</p>
      <p data-testid="lrs-result-counts">
        {t('op.lrs.task.sent', { count: report.sent })} ·{' '}
        {t('op.lrs.task.quarantined', { count: report.quarantined })} ·{' '}
        {t('op.lrs.task.left', { count: report.pending })}
      </p>
      {report.error && (
        <p>
          {code ? t(uploadErrorKey(code)) : t('op.lrs.error.other')}
          {report.error.httpStatus !== null && (
            <span className="tech-detail lrs-http-status"> (HTTP {report.error.httpStatus})</span>
          )}
        </p>
      )}
    </div>
  );
}

/** The run could not start its work: no LRS any more, or a secret this app cannot open. */
function UploadFailed({ task }: { task: TaskView }) {
  const { t } = useTranslation();
  if (task.state === 'cancelled')
    return (
      <div className="end-state notice" role="status" data-end="cancelled">
        <p className="end-title">{t(uploadEndKey('cancelled'))}</p>
      </div>
    );
  if (task.error?.details?.reason === 'secret_unreadable')
    return (
      <div className="error-box" role="alert" data-reason="secret_unreadable">
        <p>{t('op.lrs.secretUnreadable')}</p>
      </div>
    );
  return <ErrorBox error={task.error} />;
}
