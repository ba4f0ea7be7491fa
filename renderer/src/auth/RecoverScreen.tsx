import { useEffect, useId, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { LoginOk, RosterCard } from '../../../main/api/auth';
import type { ApiError } from '../../../main/api/result';
import { call } from '../api/client';
import { useApp } from '../app/context';
import { navigate } from '../router/hash';
import { ErrorBox } from '../shared/ErrorBox';
import { PinTwice } from '../shared/PinTwice';
import { RecoveryCodeSheet } from '../shared/RecoveryCodeSheet';
import { Loading, Screen } from '../shared/Screen';
import { RosterCards } from './RosterCards';

type Step = 'pick' | 'code' | 'pin' | 'done';

/** The operator forgot the PIN (or is locked out): recovery code + a new PIN, then a new recovery code. */
export function RecoverScreen() {
  const { t } = useTranslation();
  const { loggedIn } = useApp();
  const [operators, setOperators] = useState<RosterCard[] | null>(null);
  const [step, setStep] = useState<Step>('pick');
  const [who, setWho] = useState<RosterCard | null>(null);
  const [code, setCode] = useState('');
  const [error, setError] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);
  const [attempt, setAttempt] = useState(0);
  const [done, setDone] = useState<(LoginOk & { newRecoveryCode: string }) | null>(null);
  const codeId = useId();

  useEffect(() => {
    void call('auth.roster', {}).then((r) => {
      if (r.ok) setOperators(r.value.cards.filter((c) => c.isOperator));
      else setError(r.error);
    });
  }, []);

  const recover = async (newPin: string) => {
    if (!who) return;
    setBusy(true);
    setError(null);
    const result = await call('auth.recover', { accountId: who.id, recoveryCode: code.trim(), newPin });
    setBusy(false);
    if (result.ok) {
      setDone(result.value);
      setStep('done');
      return;
    }
    setError(result.error);
    setAttempt((n) => n + 1);
    if (['WRONG_RECOVERY_CODE', 'BAD_INPUT', 'LOCKED'].includes(result.error.code)) setStep('code');
  };

  const cancel = (
    <button type="button" className="btn btn-secondary" onClick={() => navigate('/')} disabled={busy}>
      {t('common.cancel')}
    </button>
  );

  if (step === 'done' && done) {
    return (
      <Screen name="recover-code" title={t('recover.newCodeTitle')}>
        <p className="lead">{t('recover.newCodeText')}</p>
        <RecoveryCodeSheet code={done.newRecoveryCode} onContinue={() => loggedIn(done, '/operator')} />
      </Screen>
    );
  }

  if (step === 'code' && who) {
    const submit = (event: FormEvent) => {
      event.preventDefault();
      if (code.trim().replace(/[\s-]/g, '').length < 8) return;
      setError(null);
      setStep('pin');
    };
    return (
      <Screen name="recover-entry" title={t('recover.codeTitle', { name: who.fullName })}>
        <ErrorBox error={error} id="recover-error" />
        <form className="form" onSubmit={submit} noValidate>
          <div className="field">
            <label htmlFor={codeId}>{t('recover.codeLabel')}</label>
            <p className="hint" id={`${codeId}-hint`}>
              {t('recover.codeHint')}
            </p>
            <input
              id={codeId}
              className="input input-code"
              value={code}
              maxLength={64}
              autoComplete="off"
              autoCapitalize="characters"
              spellCheck={false}
              aria-describedby={`${codeId}-hint${error ? ' recover-error' : ''}`}
              onChange={(e) => setCode(e.target.value.replace(/[^A-Za-z0-9 -]/g, ''))}
            />
          </div>
          <div className="actions">
            {cancel}
            <button type="submit" className="btn btn-primary" disabled={code.trim().length < 8}>
              {t('common.continue')}
            </button>
          </div>
        </form>
      </Screen>
    );
  }

  if (step === 'pin' && who) {
    return (
      <Screen name="recover-pin" title={t('recover.pinTitle')} className="pin-screen">
        <ErrorBox error={error} />
        <PinTwice key={attempt} owner={{ operator: true }} busy={busy} onDone={(pin) => void recover(pin)} />
        <div className="actions actions-center">
          <button type="button" className="btn btn-secondary" onClick={() => setStep('code')} disabled={busy}>
            {t('common.back')}
          </button>
        </div>
      </Screen>
    );
  }

  if (!operators) {
    return error ? (
      <div className="screen" data-screen="recover-failed">
        <ErrorBox error={error} />
        <div className="actions">{cancel}</div>
      </div>
    ) : (
      <Loading name="recover" label={t('common.loading')} />
    );
  }
  return (
    <Screen name="recover" title={t('recover.title')} wide>
      <p className="lead">{t('recover.pickText')}</p>
      <RosterCards
        cards={operators}
        label={t('recover.operatorsLabel')}
        onPick={(card) => {
          setWho(card);
          setStep('code');
        }}
      />
      <div className="actions">{cancel}</div>
    </Screen>
  );
}
