import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { InstalledCourseView } from '../../../main/api/library';
import type { ApiError } from '../../../main/api/result';
import { call } from '../api/client';
import { formatDateTime } from '../i18n/format';
import { navigate } from '../router/hash';
import { Dialog } from '../shared/Dialog';
import { ErrorBox } from '../shared/ErrorBox';
import { Loading, Screen } from '../shared/Screen';
import { formatBytes } from './format';
import { OperatorNav } from './OperatorNav';

/** "Kursus": the installed courses (title, version, publisher, size), removing one, and the way to install. */
export function CoursesScreen() {
  const { t } = useTranslation();
  const [courses, setCourses] = useState<InstalledCourseView[] | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [removing, setRemoving] = useState<InstalledCourseView | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const [loads, setLoads] = useState(0);

  useEffect(() => {
    void call('courses.installed', {}).then((r) => (r.ok ? setCourses(r.value.courses) : setError(r.error)));
  }, [loads]);

  const remove = async (course: InstalledCourseView) => {
    setRemoving(null);
    setBusy(true);
    setError(null);
    setDone(null);
    const r = await call('courses.remove', { courseId: course.id, confirm: true });
    if (r.ok) setDone(t('op.courses.removed', { title: course.title }));
    else setError(r.error);
    setLoads((n) => n + 1);
    setBusy(false);
  };

  if (!courses) {
    return error ? (
      <div className="screen" data-screen="operator-courses-failed">
        <OperatorNav />
        <ErrorBox error={error} />
      </div>
    ) : (
      <Loading name="operator-courses" label={t('common.loading')} />
    );
  }
  return (
    <>
      <OperatorNav />
      <Screen name="operator-courses" title={t('op.courses.title')} wide>
        {done && (
          <p className="notice notice-ok" role="status">
            {done}
          </p>
        )}
        <ErrorBox error={error} />
        <div className="toolbar">
          <p className="muted">{t('op.courses.count', { count: courses.length })}</p>
          <button
            type="button"
            className="btn btn-primary"
            onClick={() => navigate('/operator/courses/install')}
          >
            {t('op.courses.install')}
          </button>
        </div>
        {courses.length === 0 ? (
          <p className="lead">{t('op.courses.none')}</p>
        ) : (
          <div className="table-scroll" role="region" aria-label={t('op.courses.tableLabel')} tabIndex={0}>
            <table className="table">
              <thead>
                <tr>
                  <th scope="col">{t('op.courses.course')}</th>
                  <th scope="col">{t('op.courses.version')}</th>
                  <th scope="col">{t('op.courses.publisher')}</th>
                  <th scope="col" className="num">
                    {t('op.courses.size')}
                  </th>
                  <th scope="col">{t('op.courses.installedAt')}</th>
                  <th scope="col">
                    <span className="visually-hidden">{t('op.learners.actions')}</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {courses.map((c) => (
                  <tr key={c.id} data-course={c.id}>
                    <th scope="row" className="row-head">
                      {c.title}
                    </th>
                    <td>{c.version}</td>
                    <td className="publisher">{c.publisher}</td>
                    <td className="num nowrap">{formatBytes(c.sizeBytes)}</td>
                    <td className="nowrap">{formatDateTime(c.installedAt)}</td>
                    <td>
                      <button
                        type="button"
                        className="btn btn-danger-outline btn-small"
                        disabled={busy}
                        onClick={() => setRemoving(c)}
                      >
                        {t('op.courses.remove')}
                        <span className="visually-hidden">: {c.title}</span>
                      </button>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </Screen>
      {removing && (
        <Dialog
          name="remove-course"
          role="alertdialog"
          title={t('op.courses.removeTitle', { title: removing.title })}
          onCancel={() => setRemoving(null)}
          actions={
            <>
              <button type="button" className="btn btn-secondary" autoFocus onClick={() => setRemoving(null)}>
                {t('common.cancel')}
              </button>
              <button type="button" className="btn btn-danger" onClick={() => void remove(removing)}>
                {t('op.courses.removeConfirm')}
              </button>
            </>
          }
        >
          <p>{t('op.courses.removeWhat')}</p>
          <p>
            <strong>{t('op.courses.removeStays')}</strong>
          </p>
          <p>{t('op.courses.removeAgain')}</p>
        </Dialog>
      )}
    </>
  );
}
