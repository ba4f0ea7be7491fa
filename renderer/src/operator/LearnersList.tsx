import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { LearnerRecord } from '../../../main/api/learners';
import type { ApiError } from '../../../main/api/result';
import { call } from '../api/client';
import { formatTime } from '../i18n/format';
import { navigate } from '../router/hash';
import { ErrorBox } from '../shared/ErrorBox';
import { takeFlash } from '../shared/flash';
import { jabatanLabel } from '../shared/jabatan';
import { Loading, Screen } from '../shared/Screen';
import { OperatorNav } from './OperatorNav';

/** Every account on this kiosk, with who is locked out or has typed wrong PINs. */
export function LearnersList() {
  const { t } = useTranslation();
  const [learners, setLearners] = useState<LearnerRecord[] | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [flash] = useState(takeFlash);

  useEffect(() => {
    void call('learners.list', {}).then((r) => (r.ok ? setLearners(r.value.learners) : setError(r.error)));
  }, []);

  if (!learners) {
    return error ? (
      <div className="screen" data-screen="operator-learners-failed">
        <OperatorNav />
        <ErrorBox error={error} />
      </div>
    ) : (
      <Loading name="operator-learners" label={t('common.loading')} />
    );
  }
  const locked = learners.filter((l) => l.lockedUntil);
  return (
    <>
      <OperatorNav />
      <Screen name="operator-learners" title={t('op.learners.title')} wide>
        {flash && (
          <p className="notice notice-ok" role="status">
            {flash}
          </p>
        )}
        <div className="toolbar">
          <p className="muted">
            {t('op.learners.count', { count: learners.filter((l) => !l.erased).length })}
            {locked.length > 0 && ` · ${t('op.learners.lockedCount', { count: locked.length })}`}
          </p>
          <button
            type="button"
            className="btn btn-primary"
            onClick={() => navigate('/operator/learners/new')}
          >
            + {t('op.learners.add')}
          </button>
        </div>
        <table className="table learners-table">
          <thead>
            <tr>
              <th scope="col">{t('form.fullName')}</th>
              <th scope="col">{t('form.jabatan')}</th>
              <th scope="col">{t('op.learners.role')}</th>
              <th scope="col">{t('op.learners.status')}</th>
              <th scope="col">{t('op.learners.failedPins')}</th>
              <th scope="col">
                <span className="visually-hidden">{t('op.learners.actions')}</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {learners.map((l) => (
              <tr key={l.id} data-learner={l.id} className={l.erased ? 'erased' : ''}>
                <td>{l.erased ? t('op.learners.erasedName') : l.fullName}</td>
                <td>{jabatanLabel(l.jabatan)}</td>
                <td>{l.isOperator ? t('op.learners.roleOperator') : t('op.learners.roleLearner')}</td>
                <td>
                  <StatusText learner={l} />
                </td>
                <td>{l.failedPins > 0 ? l.failedPins : '—'}</td>
                <td>
                  {!l.erased && (
                    <button
                      type="button"
                      className="btn btn-secondary btn-small"
                      onClick={() => navigate(`/operator/learners/${l.id}`)}
                    >
                      {t('op.learners.manage')}
                      <span className="visually-hidden">: {l.fullName}</span>
                    </button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </Screen>
    </>
  );
}

export function StatusText({ learner }: { learner: LearnerRecord }) {
  const { t } = useTranslation();
  if (learner.erased) return <span className="status status-muted">{t('op.status.erased')}</span>;
  if (learner.disabled) return <span className="status status-muted">{t('op.status.disabled')}</span>;
  if (learner.lockedUntil) {
    return (
      <span className="status status-warn">
        {t('op.status.locked', { time: formatTime(learner.lockedUntil) })}
      </span>
    );
  }
  return <span className="status status-ok">{t('op.status.active')}</span>;
}
