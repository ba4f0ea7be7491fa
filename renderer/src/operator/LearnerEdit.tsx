import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { LearnerRecord } from '../../../main/api/learners';
import type { ApiError } from '../../../main/api/result';
import { call } from '../api/client';
import { useApp } from '../app/context';
import { navigate } from '../router/hash';
import { ErrorBox } from '../shared/ErrorBox';
import { setFlash } from '../shared/flash';
import { Loading, Screen } from '../shared/Screen';
import { LearnerActions } from './LearnerActions';
import { LearnerForm } from './LearnerForm';
import { PicturePanel } from './PicturePanel';
import { StatusText } from './LearnersList';
import { OperatorNav } from './OperatorNav';

/** One learner: edit their details, and the operator's actions (PIN, disable, erase). */
export function LearnerEdit({ id }: { id: string }) {
  const { t } = useTranslation();
  const { account } = useApp();
  const [learner, setLearner] = useState<LearnerRecord | null | undefined>(undefined);
  const [error, setError] = useState<ApiError | null>(null);

  useEffect(() => {
    void call('learners.list', {}).then((r) =>
      r.ok ? setLearner(r.value.learners.find((l) => l.id === id && !l.erased) ?? null) : setError(r.error),
    );
  }, [id]);

  if (learner === undefined) {
    return error ? (
      <div className="screen" data-screen="operator-learner-failed">
        <ErrorBox error={error} />
      </div>
    ) : (
      <Loading name="operator-learner" label={t('common.loading')} />
    );
  }
  if (learner === null) {
    return (
      <>
        <OperatorNav />
        <Screen name="operator-learner-missing" title={t('op.edit.missing')}>
          <div className="actions">
            <button type="button" className="btn btn-secondary" onClick={() => navigate('/operator')}>
              {t('common.back')}
            </button>
          </div>
        </Screen>
      </>
    );
  }
  return (
    <>
      <OperatorNav />
      <Screen name="operator-learner" title={learner.fullName ?? ''} wide>
        <p className="muted">
          <StatusText learner={learner} />
          {learner.failedPins > 0 && ` · ${t('op.edit.failedPins', { count: learner.failedPins })}`}
        </p>
        <div className="two-columns">
          <section aria-labelledby="edit-heading">
            <h2 id="edit-heading">{t('op.edit.details')}</h2>
            <LearnerForm
              initial={{
                fullName: learner.fullName ?? '',
                jabatan: learner.jabatan ?? 'staf_desa',
                nik: learner.nik ?? '',
                phone: learner.phone ?? '',
                email: learner.email ?? '',
                isOperator: learner.isOperator,
                pin: '',
                pin2: '',
              }}
              needPin={false}
              submitLabel={t('common.save')}
              onCancel={() => navigate('/operator')}
              onSubmit={async (d) => {
                const r = await call('learners.update', {
                  id: learner.id,
                  fullName: d.fullName,
                  jabatan: d.jabatan,
                  nik: d.nik,
                  phone: d.phone,
                  email: d.email,
                  isOperator: d.isOperator,
                });
                if (!r.ok) return r.error;
                setFlash(t('op.edit.saved', { name: r.value.learner.fullName ?? '' }));
                navigate('/operator');
                return null;
              }}
            />
          </section>
          <LearnerActions learner={learner} isSelf={learner.id === account?.id} onChanged={setLearner} />
        </div>
        {!learner.erased && <PicturePanel accountId={learner.id} name={learner.fullName ?? ''} />}
      </Screen>
    </>
  );
}
