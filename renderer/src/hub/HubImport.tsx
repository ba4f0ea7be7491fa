import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ImportSummary, PassUpSummary, StickAnswer } from '../../../main/api/hub';
import type { DriveView } from '../../../main/api/library';
import type { ApiError } from '../../../main/api/result';
import type { TaskView } from '../../../main/api/tasks';
import { call } from '../api/client';
import { useApp } from '../app/context';
import { formatDateTime } from '../i18n/format';
import { DrivePicker } from '../operator/DrivePicker';
import { OperatorNav } from '../operator/OperatorNav';
import { useDrives } from '../operator/useDrives';
import { taskPercent, useTask } from '../operator/useTask';
import { ErrorBox } from '../shared/ErrorBox';
import { Screen } from '../shared/Screen';
import { importReasonKey, outcomeKey } from './reasons';

type Stage = { at: 'pick' } | { at: 'import'; drive: DriveView; taskId: string };

/**
 * "Impor": pick the stick the villages brought, import every bundle on it as a task (bundles done of all and
 * the file being read, with "Batal"), then every bundle's outcome with its reason in words; then receipts
 * (and course packages) back onto the same stick, and the village bundles passed on to the next office up.
 */
export function HubImport() {
  const { t } = useTranslation();
  const { drives, error, refresh } = useDrives();
  const [stage, setStage] = useState<Stage>({ at: 'pick' });
  const [startError, setStartError] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);

  const start = async (drive: DriveView) => {
    setBusy(true);
    setStartError(null);
    const r = await call('hub.import', { driveId: drive.id });
    setBusy(false);
    if (!r.ok) return setStartError(r.error);
    setStage({ at: 'import', drive, taskId: r.value.taskId });
  };

  if (stage.at === 'import') {
    return (
      <>
        <OperatorNav />
        <ImportTask
          key={stage.taskId}
          taskId={stage.taskId}
          drive={stage.drive}
          onAgain={() => setStage({ at: 'pick' })}
        />
      </>
    );
  }
  return (
    <>
      <OperatorNav />
      <Screen name="hub-import" title={t('hub.import.title')} wide>
        <p className="lead">{t('hub.import.intro')}</p>
        <ErrorBox error={startError} />
        <DrivePicker
          drives={drives}
          error={error}
          busy={busy}
          actionLabel={t('hub.import.pickAction')}
          onPick={(d) => void start(d)}
        />
        <div className="actions">
          <button type="button" className="btn btn-secondary" onClick={refresh}>
            {t('hub.import.refresh')}
          </button>
        </div>
      </Screen>
    </>
  );
}

function summaryOf(task: TaskView): ImportSummary | null {
  const r = task.result as Partial<ImportSummary> | null;
  return r && Array.isArray(r.bundles) && r.counts ? (r as ImportSummary) : null;
}

function fileName(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1);
}

function ImportTask({ taskId, drive, onAgain }: { taskId: string; drive: DriveView; onAgain: () => void }) {
  const { t } = useTranslation();
  const { task, error } = useTask(taskId);
  const [cancelling, setCancelling] = useState(false);
  const summary = task ? summaryOf(task) : null;
  const running = !task || task.state === 'running';
  const percent = task ? taskPercent(task) : 0;
  return (
    <Screen
      name={running ? 'hub-import-task' : 'hub-import-done'}
      title={
        running
          ? t('hub.import.importing', { label: drive.label })
          : t('hub.import.doneTitle', { label: drive.label })
      }
      wide
    >
      <ErrorBox error={error} />
      {task && task.state === 'running' && (
        <>
          <div className="progress task-progress">
            <p className="progress-text stage-text">
              <span data-testid="import-count">
                {task.total > 0
                  ? t('hub.import.progress', { done: task.done, total: task.total })
                  : t('hub.import.looking')}
              </span>{' '}
              <span className="muted">{percent}%</span>
            </p>
            <div
              className="progress-bar progress-bar-big"
              role="progressbar"
              aria-label={t('hub.import.progressLabel')}
              aria-valuemin={0}
              aria-valuemax={100}
              aria-valuenow={percent}
            >
              <span style={{ width: `${percent}%` }} />
            </div>
            {task.message && (
              <p className="muted path-line" data-testid="import-path">
                {task.message}
              </p>
            )}
          </div>
          <p className="muted">{t('hub.import.dontPull')}</p>
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
              {cancelling ? t('hub.import.cancelling') : t('common.cancel')}
            </button>
          </div>
        </>
      )}
      {task && task.state !== 'running' && !summary && (
        <div className="end-state error-box" role="alert">
          <p className="end-title">
            {task.state === 'cancelled' ? t('hub.import.cancelled') : t('hub.import.failed')}
          </p>
          <p>{t('hub.import.nothingHalf')}</p>
          {task.error && <ErrorBox error={task.error} />}
        </div>
      )}
      {summary && <ImportResult summary={summary} drive={drive} />}
      {task && task.state !== 'running' && (
        <div className="actions">
          <button type="button" className="btn btn-secondary" onClick={onAgain}>
            {t('hub.import.again')}
          </button>
        </div>
      )}
    </Screen>
  );
}

function ImportResult({ summary, drive }: { summary: ImportSummary; drive: DriveView }) {
  const { t } = useTranslation();
  const { counts } = summary;
  return (
    <section aria-labelledby="import-summary-title" data-testid="import-summary">
      <h2 id="import-summary-title" className="step-title">
        {t('hub.import.summaryTitle')}
      </h2>
      {(summary.cancelled || summary.incomplete) && (
        <p className="notice" role="status">
          {summary.cancelled ? t('hub.import.cancelledPart') : t('hub.import.incomplete')}
        </p>
      )}
      <ul className="count-chips" data-testid="import-counts">
        <li data-testid="count-imported">{t('hub.import.counts.imported', { count: counts.imported })}</li>
        <li data-testid="count-duplicate">{t('hub.import.counts.duplicate', { count: counts.duplicate })}</li>
        <li data-testid="count-held">{t('hub.import.counts.held', { count: counts.held })}</li>
        <li data-testid="count-refused">{t('hub.import.counts.refused', { count: counts.refused })}</li>
        <li data-testid="count-statements">
          {t('hub.import.counts.newStatements', { count: counts.newStatements })}
        </li>
      </ul>
      {summary.bundles.length === 0 ? (
        <p className="lead">{t('hub.import.noBundles', { label: drive.label })}</p>
      ) : (
        <div className="table-scroll" role="region" aria-label={t('hub.import.tableLabel')} tabIndex={0}>
          <table className="table hub-bundles">
            <thead>
              <tr>
                <th scope="col">{t('hub.import.col.file')}</th>
                <th scope="col">{t('hub.import.col.desa')}</th>
                <th scope="col">{t('hub.import.col.outcome')}</th>
                <th scope="col" className="num">
                  {t('hub.import.col.statements')}
                </th>
                <th scope="col">{t('hub.import.col.why')}</th>
              </tr>
            </thead>
            <tbody>
              {summary.bundles.map((b) => (
                <tr key={b.path} data-outcome={b.outcome}>
                  <td className="path-cell" title={b.path}>
                    {fileName(b.path)}
                  </td>
                  <td>
                    {b.bundle ? (
                      <>
                        {b.bundle.desaName}
                        <span className="fact-detail">
                          {b.bundle.desaCode} · {formatDateTime(b.bundle.createdAt)}
                        </span>
                      </>
                    ) : (
                      '—'
                    )}
                  </td>
                  <td>
                    <span className={`outcome outcome-${b.outcome}`}>{t(outcomeKey(b.outcome))}</span>
                    {b.bundle?.enrolled && <span className="fact-detail">{t('hub.import.enrolled')}</span>}
                  </td>
                  <td className="num">
                    {b.bundle
                      ? t('hub.import.newOf', { count: b.bundle.newStatements, total: b.bundle.statements })
                      : '—'}
                  </td>
                  <td>
                    {b.reason ? t(importReasonKey(b.reason)) : t('hub.import.ok')}
                    {b.message && b.outcome !== 'imported' && (
                      <details className="fact-detail tech-detail">
                        <summary>{t('hub.import.techDetail')}</summary>
                        <span lang="en">{b.message}</span>
                      </details>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <AnswerStick summary={summary} drive={drive} />
      <PassUp drive={drive} />
    </section>
  );
}

/** "Tulis tanda terima ke flashdisk": a signed receipt for each kiosk whose bundles were on this stick. */
function AnswerStick({ summary, drive }: { summary: ImportSummary; drive: DriveView }) {
  const { t } = useTranslation();
  const [courses, setCourses] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const [answer, setAnswer] = useState<StickAnswer | null>(null);
  const write = async () => {
    setBusy(true);
    setError(null);
    const r = await call('hub.answer', { driveId: drive.id, deviceIds: summary.deviceIds, courses });
    setBusy(false);
    if (r.ok) setAnswer(r.value);
    else setError(r.error);
  };
  if (summary.deviceIds.length === 0) return null;
  return (
    <section className="hub-step" aria-labelledby="answer-title">
      <h3 id="answer-title">{t('hub.answer.title')}</h3>
      <p>{t('hub.answer.text', { count: summary.deviceIds.length, label: drive.label })}</p>
      <label className="check-big">
        <input type="checkbox" checked={courses} onChange={(e) => setCourses(e.target.checked)} />
        <span>{t('hub.answer.courses')}</span>
      </label>
      <ErrorBox error={error} />
      <div className="actions">
        <button type="button" className="btn btn-primary" disabled={busy} onClick={() => void write()}>
          {busy ? t('hub.answer.writing') : t('hub.answer.write')}
        </button>
      </div>
      {answer && (
        <div className="notice notice-ok" role="status" data-testid="answer-done">
          <p>{t('hub.answer.done', { count: answer.receipts.length, label: drive.label })}</p>
          <ul>
            {answer.receipts.map((r) => (
              <li key={r.receiptId}>
                {t('hub.answer.receipt', { desa: r.desaName, code: r.desaCode, count: r.statements })}
              </li>
            ))}
          </ul>
          {answer.courses && (
            <p>
              {t('hub.answer.coursesDone', {
                count: answer.courses.courses.filter((c) => !c.alreadyThere).length,
                there: answer.courses.courses.filter((c) => c.alreadyThere).length,
              })}
              {answer.courses.missing.length > 0 &&
                ` ${t('hub.answer.coursesMissing', { list: answer.courses.missing.join(', ') })}`}
            </p>
          )}
        </div>
      )}
    </section>
  );
}

/** "Teruskan ke kabupaten": the original village bundles onto the stick for the next office up (a task). */
function PassUp({ drive }: { drive: DriveView }) {
  const { t } = useTranslation();
  const { info } = useApp();
  const [taskId, setTaskId] = useState<string | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  if (info.hub?.regionLevel === 'provinsi' || info.hub?.regionLevel === 'nasional') return null;
  const up = info.hub?.regionLevel === 'kecamatan' ? 'kabupaten' : 'provinsi';
  const start = async () => {
    setError(null);
    const r = await call('hub.passUp', { driveId: drive.id, all: false });
    if (r.ok) setTaskId(r.value.taskId);
    else setError(r.error);
  };
  return (
    <section className="hub-step" aria-labelledby="passup-title">
      <h3 id="passup-title">{t(`hub.passUp.title_${up}`)}</h3>
      <p>{t('hub.passUp.text', { label: drive.label })}</p>
      <ErrorBox error={error} />
      {taskId ? (
        <PassUpTask key={taskId} taskId={taskId} />
      ) : (
        <div className="actions">
          <button type="button" className="btn btn-secondary" onClick={() => void start()}>
            {t(`hub.passUp.start_${up}`)}
          </button>
        </div>
      )}
    </section>
  );
}

function PassUpTask({ taskId }: { taskId: string }) {
  const { t } = useTranslation();
  const { task, error } = useTask(taskId);
  if (!task) return <ErrorBox error={error} />;
  if (task.state === 'running') {
    const percent = taskPercent(task);
    return (
      <div className="progress task-progress">
        <p className="progress-text">
          {t('hub.passUp.progress', { done: task.done, total: task.total })}{' '}
          <span className="muted">{percent}%</span>
        </p>
        <div
          className="progress-bar"
          role="progressbar"
          aria-label={t('hub.passUp.progressLabel')}
          aria-valuemin={0}
          aria-valuemax={100}
          aria-valuenow={percent}
        >
          <span style={{ width: `${percent}%` }} />
        </div>
      </div>
    );
  }
  const r = task.result as PassUpSummary | null;
  if (!r || !Array.isArray(r.written)) {
    return (
      <div className="error-box" role="alert">
        <p>{task.state === 'cancelled' ? t('hub.import.cancelled') : t('hub.passUp.failed')}</p>
        {task.error && <ErrorBox error={task.error} />}
      </div>
    );
  }
  return (
    <p className="notice notice-ok" role="status" data-testid="passup-done">
      {t('hub.passUp.done', { count: r.written.length, there: r.alreadyThere })}
      {r.damaged.length > 0 && ` ${t('hub.passUp.damaged', { count: r.damaged.length })}`}
    </p>
  );
}
