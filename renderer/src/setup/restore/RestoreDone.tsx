import { useTranslation } from 'react-i18next';
import type { RestoredKiosk } from '../../../../main/api/transfer';
import { formatDateTime } from '../../i18n/format';

/** What this PC now is: the village, what came back, and the courses to install again from a stick. */
export function RestoreDone({ restored }: { restored: RestoredKiosk }) {
  const { t } = useTranslation();
  const { counts, coursesToReinstall } = restored;
  return (
    <div data-testid="restore-done">
      <div className="notice notice-ok restore-banner" role="status">
        <p className="end-title">
          <span aria-hidden="true">✓ </span>
          {t('setup.restore.doneTitle', { desa: restored.desaName })}
        </p>
        <p>{t('setup.restore.doneText')}</p>
      </div>
      <dl className="identity">
        <div>
          <dt>{t('setup.restore.desa')}</dt>
          <dd>
            {t('app.desaName', { name: restored.desaName })}
            <span className="restore-detail">
              {t('setup.restore.place', {
                kecamatan: restored.kecamatanName,
                kabupaten: restored.kabupatenName,
                provinsi: restored.provinsiName,
              })}
            </span>
          </dd>
        </div>
        <div>
          <dt>{t('setup.restore.backupMade')}</dt>
          <dd>{formatDateTime(restored.backupCreatedAt)}</dd>
        </div>
        <div>
          <dt>{t('setup.restore.learners')}</dt>
          <dd data-testid="restored-learners">{counts.learners}</dd>
        </div>
        <div>
          <dt>{t('setup.restore.records')}</dt>
          <dd>
            {t('setup.restore.recordsValue', {
              statements: counts.statements,
              attempts: counts.quizAttempts,
              certificates: counts.certificates,
            })}
          </dd>
        </div>
      </dl>
      {coursesToReinstall.length > 0 ? (
        <div className="notice restore-courses" data-testid="courses-to-reinstall">
          <p className="end-title">
            {t('setup.restore.reinstallTitle', { count: coursesToReinstall.length })}
          </p>
          <ul>
            {coursesToReinstall.map((c) => (
              <li key={`${c.id}@${c.version}`}>
                {t('setup.restore.course', { title: c.title, version: c.version })}
              </li>
            ))}
          </ul>
          <p>{t('setup.restore.reinstallHint')}</p>
        </div>
      ) : (
        <p>{t('setup.restore.allCourses')}</p>
      )}
    </div>
  );
}
