import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { RosterCard } from '../../../main/api/auth';
import type { ApiError } from '../../../main/api/result';
import { call } from '../api/client';
import { useApp } from '../app/context';
import { navigate } from '../router/hash';
import { ErrorBox } from '../shared/ErrorBox';
import { jabatanLabel } from '../shared/jabatan';
import { PinPad } from '../shared/PinPad';
import { Loading, Screen } from '../shared/Screen';
import { knownCard, rememberCards } from './roster';

function lockedNow(until: string | null): boolean {
  return until !== null && new Date(until).getTime() > Date.now();
}

/** The learner picked their card: their name, and the keypad for their PIN. */
export function PinScreen({ accountId }: { accountId: string }) {
  const { t } = useTranslation();
  const { loggedIn } = useApp();
  const [card, setCard] = useState<RosterCard | null | undefined>(() => knownCard(accountId));
  const [error, setError] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    if (card !== undefined) return;
    void call('auth.roster', {}).then((r) => {
      if (r.ok) rememberCards(r.value.cards);
      setCard(r.ok ? (r.value.cards.find((c) => c.id === accountId) ?? null) : null);
    });
  }, [accountId, card]);

  if (card === undefined) return <Loading name="pin" label={t('common.loading')} />;
  const back = (
    <button type="button" className="btn btn-secondary" onClick={() => navigate('/')}>
      {t('pin.notMe')}
    </button>
  );
  if (card === null) {
    return (
      <Screen name="pin-unknown" title={t('pin.unknownTitle')}>
        <p className="lead">{t('pin.unknownText')}</p>
        <div className="actions">{back}</div>
      </Screen>
    );
  }

  const login = async (pin: string) => {
    setBusy(true);
    const result = await call('auth.login', { accountId, pin });
    setBusy(false);
    if (result.ok) return loggedIn(result.value);
    setError(result.error);
    if (result.error.code === 'LOCKED' && typeof result.error.details?.until === 'string') {
      setCard({ ...card, lockedUntil: result.error.details.until });
    }
  };

  const locked = lockedNow(card.lockedUntil);
  return (
    <Screen name="pin" title={card.fullName} className="pin-screen" readAloud>
      <p className="pin-jabatan">{jabatanLabel(card.jabatan)}</p>
      <ErrorBox
        id="pin-error"
        error={
          error ?? (locked ? { code: 'LOCKED', message: '', details: { until: card.lockedUntil } } : null)
        }
      />
      {!locked && (
        <PinPad
          label={t('pin.enter')}
          busy={busy}
          describedBy={error ? 'pin-error' : undefined}
          onComplete={(pin) => void login(pin)}
        />
      )}
      <div className="actions actions-center">{back}</div>
    </Screen>
  );
}
