import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { TaskView } from '../../../../main/api/tasks';
import type { BackupWritten } from '../../../../main/api/transfer';
import { formatDateTime } from '../../i18n/format';
import { ErrorBox } from '../../shared/ErrorBox';
import { formatBytes } from '../format';
import { useTask } from '../useTask';
import { BACKUP_FAILURES, backupFailureKey, reasonOf } from './reasons';
import { StageProgress } from './StageProgress';
import { BACKUP_STAGES, currentStage, stagedPercent } from './stages';

/** What a finished backup task answers, whichever kind: its counts are said by `BackupHolds`. */
type Written = Omit<BackupWritten, 'counts' | 'deviceId' | 'desaCode'> & { counts: Record<string, number> };
/** "What it holds" in one line, from the task's counts (a kiosk's by default). */
export type BackupHolds = (counts: Record<string, number>) => string;

function written(task: TaskView): Written | null {
  if (task.state !== 'done' || typeof task.result !== 'object' || task.result === null) return null;
  const r = task.result as Partial<Written>;
  return typeof r.path === 'string' && r.counts ? (r as Written) : null;
}

/**
 * A backup being written: the stage in words over the bar (no cancel: the backup takes seconds and the core
 * finishes it anyway), then where it went and what it holds, or why it failed and what to do.
 */
export function BackupTask({
  taskId,
  label,
  holds,
  next,
  onRetry,
  onOtherDrive,
  onClose,
}: {
  taskId: string;
  label: string;
  holds?: BackupHolds;
  next?: (passphrase: Written['passphrase']) => string;
  onRetry: () => void;
  onOtherDrive: () => void;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const { task, error } = useTask(taskId);
  if (!task) {
    return error ? (
      <ErrorBox error={error} />
    ) : (
      <p role="status" className="loading">
        {t('common.loading')}
      </p>
    );
  }
  const backup = written(task);
  const stage = currentStage(task, BACKUP_STAGES);
  const reason = reasonOf(task.error, BACKUP_FAILURES);
  return (
    <div className="task" data-task-state={task.state}>
      {!backup && (
        <h2 className="step-title">
          {task.state === 'running' ? t('op.backup.writing', { label }) : t('op.backup.writtenTo', { label })}
        </h2>
      )}
      {task.state === 'running' && (
        <>
          <StageProgress
            percent={stagedPercent(task, BACKUP_STAGES)}
            stageText={t(`op.backup.stage.${stage ?? 'start'}`)}
            label={t('op.backup.progressLabel')}
          />
          <p className="muted">{t('op.transfer.dontPull')}</p>
        </>
      )}
      {backup && (
        <BackupDone
          backup={backup}
          label={label}
          holds={holds}
          next={next}
          action={
            <button type="button" className="btn btn-primary" onClick={onClose}>
              {t('op.backup.close')}
            </button>
          }
        />
      )}
      {task.state !== 'running' && !backup && (
        <div className="error-box end-state" role="alert" data-reason={reason ?? 'unknown'}>
          <p className="end-title">{t('op.backup.failed')}</p>
          {reason ? (
            <p>{t(backupFailureKey(reason), { label })}</p>
          ) : (
            <p>{task.error ? t(`errors.${task.error.code}`) : t('errors.INTERNAL')}</p>
          )}
        </div>
      )}
      <ErrorBox error={error} />
      {task.state !== 'running' && !backup && (
        <div className="actions">
          <button type="button" className="btn btn-primary" onClick={onRetry}>
            {t('op.transfer.retry')}
          </button>
          <button type="button" className="btn btn-secondary" onClick={onOtherDrive}>
            {t('op.backup.otherDrive')}
          </button>
        </div>
      )}
    </div>
  );
}

function BackupDone({
  backup,
  label,
  holds,
  next,
  action,
}: {
  backup: Written;
  label: string;
  holds?: BackupHolds;
  next?: (passphrase: Written['passphrase']) => string;
  /** The done button: right under "Aman dicabut", on the first screen, above the details. */
  action: ReactNode;
}) {
  const { t } = useTranslation();
  const { counts } = backup;
  const at = backup.path.lastIndexOf('/');
  return (
    <section className="export-done" aria-labelledby="backup-done-title" data-testid="backup-done">
      <div className="notice notice-ok safe-banner" role="status">
        <p className="safe-title" id="backup-done-title">
          <span aria-hidden="true">✓ </span>
          {t('op.backup.done.title')}
        </p>
        <p>{t('op.backup.done.checked', { label })}</p>
      </div>
      <div className="actions done-action">{action}</div>
      <dl className="fact-rows">
        <div>
          <dt>{t('op.transfer.done.file')}</dt>
          <dd>
            <span data-testid="backup-file">{backup.path.slice(at + 1)}</span>
            <span className="fact-detail">
              {t('op.transfer.done.where', { label, folder: backup.path.slice(0, Math.max(0, at)) })} ·{' '}
              {formatBytes(backup.sizeBytes)}
            </span>
          </dd>
        </div>
        <div>
          <dt>{t('op.backup.done.made')}</dt>
          <dd>{formatDateTime(backup.createdAt)}</dd>
        </div>
        <div>
          <dt>{t('op.backup.done.opensWith')}</dt>
          <dd data-testid="backup-kind">{t(`op.backup.kind.${backup.passphrase}`)}</dd>
        </div>
        <div>
          <dt>{t('op.backup.done.holds')}</dt>
          <dd>
            {holds
              ? holds(counts)
              : t('op.backup.done.counts', {
                  learners: counts.learners,
                  statements: counts.statements,
                  certificates: counts.certificates,
                  attempts: counts.quizAttempts,
                })}
          </dd>
        </div>
      </dl>
      <p className="lead next-hint">
        {next
          ? next(backup.passphrase)
          : backup.passphrase === 'chosen'
            ? t('op.backup.done.nextChosen')
            : t('op.backup.done.nextCode')}
      </p>
    </section>
  );
}
