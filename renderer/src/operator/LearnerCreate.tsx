import { useTranslation } from 'react-i18next';
import { call } from '../api/client';
import { navigate } from '../router/hash';
import { setFlash } from '../shared/flash';
import { Screen } from '../shared/Screen';
import { LearnerForm } from './LearnerForm';
import { OperatorNav } from './OperatorNav';
import { EMPTY_DRAFT } from './validate';

export function LearnerCreate() {
  const { t } = useTranslation();
  return (
    <>
      <OperatorNav />
      <Screen name="operator-learner-new" title={t('op.create.title')} wide>
        <LearnerForm
          initial={EMPTY_DRAFT}
          needPin
          submitLabel={t('op.create.submit')}
          onCancel={() => navigate('/operator')}
          onSubmit={async (d) => {
            const r = await call('learners.create', {
              fullName: d.fullName,
              jabatan: d.jabatan,
              nik: d.nik,
              phone: d.phone,
              email: d.email,
              pin: d.pin,
              isOperator: d.isOperator,
            });
            if (!r.ok) return r.error;
            setFlash(t('op.create.done', { name: r.value.learner.fullName ?? '' }));
            navigate('/operator');
            return null;
          }}
        />
      </Screen>
    </>
  );
}
