import { useId, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { HubLevel as AnyHubLevel } from '../../../main/api/hub';
import type { Region, RegionLevel } from '../../../main/api/regions';
import type { ApiError } from '../../../main/api/result';
import { call } from '../api/client';
import { useApp } from '../app/context';
import { ErrorBox } from '../shared/ErrorBox';
import { PinTwice } from '../shared/PinTwice';
import { RecoveryCodeSheet } from '../shared/RecoveryCodeSheet';
import { Screen } from '../shared/Screen';
import '../hub/hub.css';
import { RegionPicker } from './RegionPicker';
import { HubRestore } from './restore/HubRestore';

/** The offices set up here; a nasional hub (the centre) is set up with `balai hub init --region nasional`. */
type HubLevel = Exclude<AnyHubLevel, 'nasional'>;
const HUB_LEVELS: HubLevel[] = ['provinsi', 'kabupaten', 'kecamatan'];
type Step = 'level' | HubLevel | 'admin' | 'pin' | 'recovery' | 'restore';

/**
 * First run of an office PC (issue 9): the office's level (kecamatan, kabupaten/kota or provinsi), its region
 * from the Kemendagri list down to that level, the admin's name and PIN (`hub.setup`), then the recovery
 * code once. The admin is logged in by the set-up and is offered to write the hub's certificate request to
 * a stick (`HubCertOffer`). A replacement PC instead restores an office backup (`HubRestore`).
 */
export function HubSetup({ onBack }: { onBack: () => void }) {
  const { t } = useTranslation();
  const { loggedIn, refreshInfo } = useApp();
  const [step, setStep] = useState<Step>('level');
  const [level, setLevel] = useState<HubLevel>('kabupaten');
  const [place, setPlace] = useState<Partial<Record<HubLevel, Region>>>({});
  const [loadedLevel, setLoadedLevel] = useState<RegionLevel | null>(null);
  const [name, setName] = useState('');
  const [nameError, setNameError] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const [attempt, setAttempt] = useState(0);
  const [done, setDone] = useState<{ code: string; office: string } | null>(null);
  const nameId = useId();

  const levels = HUB_LEVELS.slice(0, HUB_LEVELS.indexOf(level) + 1);
  const steps: Step[] = ['level', ...levels, 'admin', 'pin', 'recovery'];
  const index = steps.indexOf(step);
  const back = () => {
    setError(null);
    if (index <= 0) onBack();
    else setStep(steps[index - 1]!);
  };
  const backButton = (
    <button type="button" className="btn btn-secondary" onClick={back} disabled={busy}>
      {t('common.back')}
    </button>
  );
  const stepLine = <p className="step-line">{t('setup.stepOf', { step: index + 1, total: steps.length })}</p>;
  const region = place[level];
  const chosen = levels.filter((l) => place[l]).map((l) => place[l]!);

  const pick = (at: HubLevel, picked: Region) => {
    const i = levels.indexOf(at);
    const next: Partial<Record<HubLevel, Region>> = {};
    for (const l of levels.slice(0, i)) next[l] = place[l];
    next[at] = picked;
    setPlace(next);
    setStep(levels[i + 1] ?? 'admin');
  };

  const create = async (pin: string) => {
    if (!region) return setStep(level);
    setBusy(true);
    setError(null);
    const r = await call('hub.setup', { regionCode: region.code, admin: { fullName: name.trim(), pin } });
    setBusy(false);
    if (!r.ok) {
      setError(r.error);
      setAttempt((n) => n + 1);
      return;
    }
    setDone({ code: r.value.recoveryCode, office: r.value.name });
    setStep('recovery');
  };

  const finish = async () => {
    const me = await call('auth.me', {});
    if (me.ok && me.value.account)
      loggedIn({ account: me.value.account, resume: null }, '/operator/certificate/first');
    await refreshInfo();
  };

  if (step === 'restore') return <HubRestore onBack={() => setStep('level')} />;

  if (step === 'level') {
    return (
      <Screen name="setup-hub-level" title={t('hub.setup.levelTitle')}>
        {stepLine}
        <p className="lead">{t('hub.setup.levelText')}</p>
        <ul className="choice-list">
          {HUB_LEVELS.map((l) => (
            <li key={l}>
              <button
                type="button"
                className="btn btn-secondary btn-huge choice-button"
                onClick={() => {
                  setLevel(l);
                  setPlace({});
                  setStep('provinsi');
                }}
              >
                {t(`hub.level.${l}`)}
              </button>
            </li>
          ))}
        </ul>
        <section className="restore-offer" aria-labelledby="hub-restore-offer-title">
          <h2 id="hub-restore-offer-title">{t('hub.restore.offerTitle')}</h2>
          <p>{t('hub.restore.offerText')}</p>
          <button type="button" className="btn btn-secondary" onClick={() => setStep('restore')}>
            {t('hub.restore.offer')}
          </button>
        </section>
        <div className="actions">{backButton}</div>
      </Screen>
    );
  }

  if (step === 'recovery' && done) {
    return (
      <Screen name="setup-recovery" title={t('recovery.title')}>
        {stepLine}
        <p className="lead">{t('hub.setup.officeMade', { office: done.office })}</p>
        <RecoveryCodeSheet code={done.code} desaName={null} onContinue={() => void finish()} />
      </Screen>
    );
  }

  if ((HUB_LEVELS as string[]).includes(step)) {
    const at = step as HubLevel;
    const parent = levels[levels.indexOf(at) - 1];
    return (
      <Screen
        name={loadedLevel === at ? `setup-hub-${at}` : `setup-hub-${at}-loading`}
        title={t(`setup.pick.${at}`)}
        wide
      >
        {stepLine}
        {chosen.length > 0 && <p className="breadcrumb">{chosen.map((r) => r.name).join(' › ')}</p>}
        <RegionPicker
          key={at}
          level={at}
          parent={parent ? place[parent]?.code : undefined}
          selected={place[at]?.code}
          onPick={(r) => pick(at, r)}
          onLoaded={() => setLoadedLevel(at)}
        />
        <div className="actions">{backButton}</div>
      </Screen>
    );
  }

  const where = region && (
    <p className="breadcrumb" data-testid="hub-region">
      {t('hub.setup.chosen', {
        level: t(`hub.level.${level}`),
        name: chosen.map((r) => r.name).join(' › '),
        code: region.code,
      })}
    </p>
  );

  if (step === 'admin') {
    const submit = (event: FormEvent) => {
      event.preventDefault();
      const trimmed = name.trim();
      if (trimmed.length < 2 || trimmed.length > 100) return setNameError(true);
      setName(trimmed);
      setStep('pin');
    };
    return (
      <Screen name="setup-hub-admin" title={t('hub.setup.adminTitle')}>
        {stepLine}
        {where}
        <p className="lead">{t('hub.setup.adminText')}</p>
        <form className="form" onSubmit={submit} noValidate>
          <div className="field">
            <label htmlFor={nameId}>{t('form.fullName')}</label>
            <input
              id={nameId}
              className="input"
              value={name}
              maxLength={100}
              autoComplete="off"
              aria-invalid={nameError}
              aria-describedby={nameError ? `${nameId}-err` : undefined}
              onChange={(e) => {
                setNameError(false);
                setName(e.target.value);
              }}
            />
            {nameError && (
              <p className="field-error" id={`${nameId}-err`}>
                {t('form.fullNameInvalid')}
              </p>
            )}
          </div>
          <div className="actions">
            {backButton}
            <button type="submit" className="btn btn-primary">
              {t('common.continue')}
            </button>
          </div>
        </form>
      </Screen>
    );
  }

  return (
    <Screen name="setup-hub-pin" title={t('hub.setup.pinTitle')} className="pin-screen">
      {stepLine}
      {where}
      <p className="lead">{t('setup.pinText', { name })}</p>
      <ErrorBox error={error} />
      <PinTwice key={attempt} owner={{ operator: true }} busy={busy} onDone={(pin) => void create(pin)} />
      <div className="actions actions-center">{backButton}</div>
    </Screen>
  );
}
