import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ApiError } from '../../../../main/api/result';
import type { AcceptedCatalogueView, CatalogueSyncResult } from '../../../../main/api/updates';
import { call } from '../../api/client';
import { formatDateTime } from '../../i18n/format';
import { navigate } from '../../router/hash';
import { ErrorBox } from '../../shared/ErrorBox';
import { useTask } from '../useTask';
import { TaskProgress } from './TaskProgress';
import { catalogueRefusal, catalogueRefusalKey } from './reasons';

/**
 * The signed course catalogue: its address, the catalogues this kiosk accepted, and "Periksa kursus baru"
 * (task `catalogue.sync`): bytes downloaded, then the courses installed, those already current, and those
 * that failed; a refused catalogue is said in a sentence.
 */
export function CataloguePanel({
  url,
  catalogues,
  onSynced,
}: {
  url: string | null;
  catalogues: AcceptedCatalogueView[];
  /** The sync ended: read the accepted catalogues again. A stable function. */
  onSynced: () => void;
}) {
  const { t } = useTranslation();
  const [taskId, setTaskId] = useState<string | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [starting, setStarting] = useState(false);

  const sync = async () => {
    setStarting(true);
    setError(null);
    setTaskId(null);
    const r = await call('catalogue.sync', {});
    setStarting(false);
    if (!r.ok) {
      // One already running (started by the schedule): follow that one.
      const running = r.error.details?.taskId;
      if (r.error.code === 'BUSY' && typeof running === 'string') return setTaskId(running);
      return setError(r.error);
    }
    setTaskId(r.value.taskId);
  };

  return (
    <section className="update-catalogue" aria-labelledby="catalogue-heading" data-testid="catalogue">
      <h2 id="catalogue-heading">{t('op.updates.catalogue.title')}</h2>
      <p className="hint">{t('op.updates.catalogue.intro')}</p>
      <dl className="update-facts">
        <div>
          <dt>{t('op.updates.catalogue.url')}</dt>
          <dd data-testid="catalogue-url">{url ?? t('op.updates.catalogue.noUrl')}</dd>
        </div>
      </dl>
      {catalogues.length > 0 ? (
        <div
          className="table-scroll"
          role="region"
          aria-label={t('op.updates.catalogue.accepted')}
          tabIndex={0}
        >
          <table className="table catalogue-table" data-testid="catalogues">
            <thead>
              <tr>
                <th scope="col">{t('op.updates.catalogue.id')}</th>
                <th scope="col" className="num">
                  {t('op.updates.catalogue.sequence')}
                </th>
                <th scope="col">{t('op.updates.catalogue.issuedAt')}</th>
                <th scope="col">{t('op.updates.catalogue.acceptedAt')}</th>
              </tr>
            </thead>
            <tbody>
              {catalogues.map((c) => (
                <tr key={c.catalogueId}>
                  <td>{c.catalogueId}</td>
                  <td className="num">{c.sequence}</td>
                  <td>{formatDateTime(c.issuedAt)}</td>
                  <td>{formatDateTime(c.acceptedAt)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : (
        <p className="muted" data-testid="no-catalogues">
          {t('op.updates.catalogue.none')}
        </p>
      )}
      {taskId && <SyncTask key={taskId} taskId={taskId} onEnded={onSynced} />}
      <ErrorBox error={error} />
      <div className="actions">
        <button
          type="button"
          className="btn btn-primary"
          disabled={starting || url === null}
          onClick={() => void sync()}
        >
          {t('op.updates.catalogue.sync')}
        </button>
        {url === null && <p className="hint">{t('op.updates.catalogue.setUrlFirst')}</p>}
      </div>
    </section>
  );
}

function syncResult(result: unknown): CatalogueSyncResult | null {
  if (typeof result !== 'object' || result === null) return null;
  const r = result as Partial<CatalogueSyncResult>;
  return Array.isArray(r.installed) && Array.isArray(r.failed) && typeof r.upToDate === 'number'
    ? (r as CatalogueSyncResult)
    : null;
}

function SyncTask({ taskId, onEnded }: { taskId: string; onEnded: () => void }) {
  const { t } = useTranslation();
  const { task, error } = useTask(taskId);
  const ended = task !== null && task.state !== 'running';
  useEffect(() => {
    if (ended) onEnded();
  }, [ended, onEnded]);
  if (!task) return error ? <ErrorBox error={error} /> : <p className="loading">{t('common.loading')}</p>;
  const result = task.state === 'done' ? syncResult(task.result) : null;
  return (
    <div className="task catalogue-task" data-task-state={task.state} data-testid="catalogue-task">
      {task.state === 'running' && (
        <>
          <p className="lead" role="status">
            {t('op.updates.catalogue.syncing')}
          </p>
          <TaskProgress task={task} label={t('op.updates.catalogue.progressLabel')} />
          <div className="actions">
            <button
              type="button"
              className="btn btn-secondary"
              onClick={() => void call('tasks.cancel', { taskId })}
            >
              {t('common.cancel')}
            </button>
          </div>
        </>
      )}
      {result && <SyncOutcome result={result} />}
      {task.state === 'cancelled' && <p role="status">{t('op.updates.task.cancelled')}</p>}
      {task.state === 'failed' && task.error && <CatalogueRefused error={task.error} />}
      <ErrorBox error={error} />
    </div>
  );
}

function SyncOutcome({ result }: { result: CatalogueSyncResult }) {
  const { t } = useTranslation();
  // The result names courses by id; the officials know them by title.
  const [titles, setTitles] = useState<Map<string, string>>(new Map());
  useEffect(() => {
    let stopped = false;
    void call('courses.installed', {}).then((r) => {
      if (!stopped && r.ok) setTitles(new Map(r.value.courses.map((c) => [c.id, c.title])));
    });
    return () => {
      stopped = true;
    };
  }, []);
  const name = (id: string) => titles.get(id) ?? id;
  return (
    <div className="catalogue-outcome" data-testid="catalogue-outcome">
      <p className="notice notice-ok" role="status">
        {result.installed.length > 0
          ? t('op.updates.catalogue.installed', { count: result.installed.length })
          : t('op.updates.catalogue.nothingNew')}
        {result.upToDate > 0 && ` ${t('op.updates.catalogue.upToDate', { count: result.upToDate })}`}
      </p>
      {result.installed.length > 0 && (
        <ul className="catalogue-courses" aria-label={t('op.updates.catalogue.installedLabel')}>
          {result.installed.map((c) => (
            <li key={c.id} data-course={c.id}>
              {c.replaced
                ? t('op.updates.catalogue.courseReplaced', {
                    title: name(c.id),
                    version: c.version,
                    from: c.replaced,
                  })
                : t('op.updates.catalogue.courseNew', { title: name(c.id), version: c.version })}
            </li>
          ))}
        </ul>
      )}
      {result.failed.length > 0 && (
        <div className="error-box" role="alert">
          <p>{t('op.updates.catalogue.failed', { count: result.failed.length })}</p>
          <ul className="catalogue-courses">
            {result.failed.map((c) => (
              <li key={c.id} data-course={c.id}>
                {t('op.updates.catalogue.courseFailed', { title: c.id, version: c.version })}
                <span className="error-detail"> ({c.reason})</span>
              </li>
            ))}
          </ul>
        </div>
      )}
      {result.installed.length > 0 && (
        <div className="actions">
          <button type="button" className="btn btn-secondary" onClick={() => navigate('/operator/courses')}>
            {t('op.install.toCourses')}
          </button>
        </div>
      )}
    </div>
  );
}

/** A catalogue that could not be read or was refused: its reason in a sentence, the core's message below. */
export function CatalogueRefused({ error }: { error: ApiError }) {
  const { t } = useTranslation();
  const reason = catalogueRefusal(error.details?.reason);
  if (!reason) return <ErrorBox error={error} />;
  const status = /^http_(\d{3})$/.exec(String(error.details?.reason))?.[1] ?? '';
  return (
    <div className="error-box" role="alert" data-reason={reason}>
      <p>{t(catalogueRefusalKey(reason), { status })}</p>
      <p className="error-detail">{error.message}</p>
    </div>
  );
}
