import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { pin as pinSchema } from '../../../main/api/fields';
import type { LearnerRecord } from '../../../main/api/learners';
import { weakPinReason } from '../../../main/api/pin-rules';
import type { ApiError, Result } from '../../../main/api/result';
import { call } from '../api/client';
import { navigate } from '../router/hash';
import { Dialog } from '../shared/Dialog';
import { ErrorBox } from '../shared/ErrorBox';
import { setFlash } from '../shared/flash';
import { TextField } from '../shared/TextField';

/** Reset PIN (also unlocks), disable/enable, and erase personal data (with a clear confirmation). */
export function LearnerActions({
  learner,
  isSelf,
  onChanged,
}: {
  learner: LearnerRecord;
  isSelf: boolean;
  onChanged: (learner: LearnerRecord) => void;
}) {
  const { t } = useTranslation();
  const [pin, setPin] = useState('');
  const [pin2, setPin2] = useState('');
  const [pinProblem, setPinProblem] = useState<{ field: 'pin' | 'pin2'; key: string } | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const [confirmErase, setConfirmErase] = useState(false);
  const [busy, setBusy] = useState(false);

  const run = async (work: () => Promise<Result<{ learner: LearnerRecord }>>, message: string) => {
    setBusy(true);
    setError(null);
    setDone(null);
    const r = await work();
    setBusy(false);
    if (!r.ok) return setError(r.error);
    onChanged(r.value.learner);
    setDone(message);
  };

  const resetPin = (event: FormEvent) => {
    event.preventDefault();
    if (!pinSchema.safeParse(pin).success) return setPinProblem({ field: 'pin', key: 'form.pinInvalid' });
    const weak = weakPinReason(pin, { operator: learner.isOperator, nik: learner.nik });
    if (weak) return setPinProblem({ field: 'pin', key: `pinRules.${weak}` });
    if (pin !== pin2) return setPinProblem({ field: 'pin2', key: 'form.pinMismatch' });
    setPinProblem(null);
    void run(() => call('learners.resetPin', { id: learner.id, pin }), t('op.actions.pinDone')).then(() => {
      setPin('');
      setPin2('');
    });
  };

  const erase = async () => {
    setConfirmErase(false);
    setBusy(true);
    const r = await call('learners.erase', { id: learner.id, confirm: true });
    setBusy(false);
    if (!r.ok) return setError(r.error);
    setFlash(t('op.actions.eraseDone'));
    navigate('/operator');
  };

  return (
    <section aria-labelledby="actions-heading" className="learner-actions">
      <h2 id="actions-heading">{t('op.actions.title')}</h2>
      {done && (
        <p className="notice notice-ok" role="status">
          {done}
        </p>
      )}
      <ErrorBox error={error} />
      <form className="form action-block" onSubmit={resetPin} noValidate>
        <h3>{t('op.actions.resetPin')}</h3>
        <p className="hint">
          {learner.lockedUntil ? t('op.actions.resetPinUnlocks') : t('op.actions.resetPinHint')}
        </p>
        <TextField
          label={t('form.pin')}
          value={pin}
          onChange={(v) => setPin(v.replace(/\D/g, ''))}
          error={pinProblem?.field === 'pin' ? t(pinProblem.key) : null}
          type="password"
          inputMode="numeric"
          maxLength={6}
          autoComplete="new-password"
        />
        <TextField
          label={t('form.pin2')}
          value={pin2}
          onChange={(v) => setPin2(v.replace(/\D/g, ''))}
          error={pinProblem?.field === 'pin2' ? t(pinProblem.key) : null}
          type="password"
          inputMode="numeric"
          maxLength={6}
          autoComplete="new-password"
        />
        <button type="submit" className="btn btn-primary" disabled={busy}>
          {t('op.actions.resetPinButton')}
        </button>
      </form>
      {!isSelf && (
        <div className="action-block">
          <h3>{learner.disabled ? t('op.actions.enable') : t('op.actions.disable')}</h3>
          <p className="hint">
            {learner.disabled ? t('op.actions.enableHint') : t('op.actions.disableHint')}
          </p>
          <button
            type="button"
            className="btn btn-secondary"
            disabled={busy}
            onClick={() =>
              void run(
                () => call('learners.setDisabled', { id: learner.id, disabled: !learner.disabled }),
                learner.disabled ? t('op.actions.enabled') : t('op.actions.disabled'),
              )
            }
          >
            {learner.disabled ? t('op.actions.enable') : t('op.actions.disable')}
          </button>
        </div>
      )}
      {!isSelf && (
        <div className="action-block">
          <h3>{t('op.actions.erase')}</h3>
          <p className="hint">{t('op.actions.eraseHint')}</p>
          <button
            type="button"
            className="btn btn-danger"
            disabled={busy}
            onClick={() => setConfirmErase(true)}
          >
            {t('op.actions.erase')}
          </button>
        </div>
      )}
      {confirmErase && (
        <Dialog
          name="erase"
          role="alertdialog"
          title={t('op.erase.title', { name: learner.fullName ?? '' })}
          onCancel={() => setConfirmErase(false)}
          actions={
            <>
              <button
                type="button"
                className="btn btn-secondary"
                autoFocus
                onClick={() => setConfirmErase(false)}
              >
                {t('common.cancel')}
              </button>
              <button type="button" className="btn btn-danger" onClick={() => void erase()}>
                {t('op.erase.confirm')}
              </button>
            </>
          }
        >
          <p>{t('op.erase.what')}</p>
          <p>{t('op.erase.stays')}</p>
          <p>
            <strong>{t('op.erase.final')}</strong>
          </p>
        </Dialog>
      )}
    </section>
  );
}
