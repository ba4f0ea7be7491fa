import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { RosterCard } from '../../../main/api/auth';
import type { ApiError } from '../../../main/api/result';
import { call } from '../api/client';
import { useApp } from '../app/context';
import { navigate } from '../router/hash';
import { ErrorBox } from '../shared/ErrorBox';
import { PinPad } from '../shared/PinPad';
import { Loading, Screen } from '../shared/Screen';
import { RosterCards } from './RosterCards';

/** Leaving kiosk mode (Electron only): an operator picks their card and types their PIN. */
export function KioskExit() {
  const { t } = useTranslation();
  const { account } = useApp();
  const [operators, setOperators] = useState<RosterCard[] | null>(null);
  const [who, setWho] = useState<RosterCard | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);
  const [refused, setRefused] = useState(false);
  const leave = () => navigate(account ? '/operator/settings' : '/');

  useEffect(() => {
    void call('auth.roster', {}).then((r) => {
      if (r.ok) setOperators(r.value.cards.filter((c) => c.isOperator));
      else setError(r.error);
    });
  }, []);

  const exit = async (pin: string) => {
    if (!who) return;
    setBusy(true);
    const result = await call('kiosk.exit', { accountId: who.id, pin });
    setBusy(false);
    if (!result.ok) return setError(result.error);
    setError(null);
    setRefused(!result.value.exiting);
  };

  const cancel = (
    <button type="button" className="btn btn-secondary" onClick={leave}>
      {t('common.cancel')}
    </button>
  );
  if (!operators) {
    return error ? (
      <div className="screen" data-screen="kiosk-exit-failed">
        <ErrorBox error={error} />
        <div className="actions">{cancel}</div>
      </div>
    ) : (
      <Loading name="kiosk-exit" label={t('common.loading')} />
    );
  }
  if (!who) {
    return (
      <Screen name="kiosk-exit" title={t('kiosk.exit')} wide>
        <p className="lead">{t('kiosk.pickText')}</p>
        <RosterCards cards={operators} label={t('recover.operatorsLabel')} onPick={setWho} />
        <div className="actions">{cancel}</div>
      </Screen>
    );
  }
  return (
    <Screen name="kiosk-exit-pin" title={t('kiosk.exit')} className="pin-screen">
      <p className="lead">{t('kiosk.pinText', { name: who.fullName })}</p>
      <ErrorBox error={error} id="kiosk-error" />
      {refused && <p className="notice">{t('kiosk.notHere')}</p>}
      <PinPad label={t('pin.enter')} busy={busy} onComplete={(pin) => void exit(pin)} />
      <div className="actions actions-center">{cancel}</div>
    </Screen>
  );
}
