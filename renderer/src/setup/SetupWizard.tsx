import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Region, RegionChoice, RegionLevel } from '../../../main/api/regions';
import type { ApiError } from '../../../main/api/result';
import { call } from '../api/client';
import { useApp } from '../app/context';
import { ErrorBox } from '../shared/ErrorBox';
import { PinTwice } from '../shared/PinTwice';
import { RecoveryCodeSheet } from '../shared/RecoveryCodeSheet';
import { Screen } from '../shared/Screen';
import { OperatorDetails, type OperatorDraft } from './OperatorDetails';
import { RegionPicker } from './RegionPicker';
import { HubSetup } from './HubSetup';
import { RestoreFromBackup } from './restore/RestoreFromBackup';

const LEVELS: RegionLevel[] = ['provinsi', 'kabupaten', 'kecamatan', 'desa'];
type Step = 'welcome' | RegionLevel | 'operator' | 'pin' | 'recovery' | 'restore' | 'hub';
const STEPS: Step[] = ['welcome', ...LEVELS, 'operator', 'pin', 'recovery'];

/**
 * First run: the village from the Kemendagri list, the operator's account, then the recovery code. Or, on a
 * PC that replaces one, the village restored from a backup on a stick.
 */
export function SetupWizard() {
  const { t } = useTranslation();
  const { loggedIn, refreshInfo } = useApp();
  const [step, setStep] = useState<Step>('welcome');
  const [place, setPlace] = useState<Partial<Record<RegionLevel, Region>>>({});
  const [operator, setOperator] = useState<OperatorDraft>({
    fullName: '',
    jabatan: 'sekretaris_desa',
    isLearner: true,
  });
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const [attempt, setAttempt] = useState(0);
  const [recoveryCode, setRecoveryCode] = useState<string | null>(null);
  const [loadedLevel, setLoadedLevel] = useState<RegionLevel | null>(null);
  /** A kota or kecamatan of kelurahan only was picked: say why there is no desa to choose. */
  const [noDesa, setNoDesa] = useState<RegionChoice | null>(null);

  const index = STEPS.indexOf(step);
  const back = () => {
    setError(null);
    setNoDesa(null);
    setStep(STEPS[Math.max(0, index - 1)]!);
  };

  const pick = (level: RegionLevel, region: RegionChoice) => {
    if (region.desaCount === 0) return setNoDesa(region);
    setNoDesa(null);
    const i = LEVELS.indexOf(level);
    // A new choice at one level clears the levels below it.
    const next: Partial<Record<RegionLevel, Region>> = {};
    for (const l of LEVELS.slice(0, i)) next[l] = place[l];
    next[level] = region;
    setPlace(next);
    setStep(LEVELS[i + 1] ?? 'operator');
  };

  const create = async (pin: string) => {
    const desa = place.desa;
    if (!desa) return setStep('desa');
    setBusy(true);
    setError(null);
    const result = await call('setup.create', { desaCode: desa.code, operator: { ...operator, pin } });
    setBusy(false);
    if (!result.ok) {
      setError(result.error);
      setAttempt((n) => n + 1);
      return;
    }
    setRecoveryCode(result.value.recoveryCode);
    setStep('recovery');
  };

  const finish = async () => {
    // Account first (the wizard stays on screen until the fresh system.info says the kiosk is set up).
    const me = await call('auth.me', {});
    if (me.ok && me.value.account) loggedIn({ account: me.value.account, resume: null }, '/operator');
    await refreshInfo();
  };

  const stepLine = step !== 'welcome' && (
    <p className="step-line">{t('setup.stepOf', { step: index, total: STEPS.length - 1 })}</p>
  );
  const backButton = (
    <button type="button" className="btn btn-secondary" onClick={back} disabled={busy}>
      {t('common.back')}
    </button>
  );
  const chosen = LEVELS.filter((l) => place[l]).map((l) => place[l]!);

  if (step === 'welcome') {
    return (
      <Screen name="setup-welcome" title={t('setup.welcomeTitle')} wide>
        <p className="lead">{t('setup.welcomeChoose')}</p>
        {/* The three ways in side by side: the office choice must be visible without scrolling at 1366×768. */}
        <div className="setup-choices">
          <section className="restore-offer setup-choice-main" aria-labelledby="desa-offer-title">
            <h2 id="desa-offer-title">{t('setup.desaOfferTitle')}</h2>
            <ol className="plain-steps">
              <li>{t('setup.welcomeStep1')}</li>
              <li>{t('setup.welcomeStep2')}</li>
              <li>{t('setup.welcomeStep3')}</li>
            </ol>
            <button type="button" className="btn btn-primary btn-huge" onClick={() => setStep('provinsi')}>
              {t('setup.start')}
            </button>
          </section>
          <section className="restore-offer" aria-labelledby="restore-offer-title">
            <h2 id="restore-offer-title">{t('setup.restore.offerTitle')}</h2>
            <p>{t('setup.restore.offerText')}</p>
            <button type="button" className="btn btn-secondary" onClick={() => setStep('restore')}>
              {t('setup.restore.offer')}
            </button>
          </section>
          <section className="restore-offer" aria-labelledby="hub-offer-title">
            <h2 id="hub-offer-title">{t('hub.setup.offerTitle')}</h2>
            <p>{t('hub.setup.offerText')}</p>
            <button type="button" className="btn btn-secondary" onClick={() => setStep('hub')}>
              {t('hub.setup.offer')}
            </button>
          </section>
        </div>
      </Screen>
    );
  }

  if (step === 'hub') return <HubSetup onBack={() => setStep('welcome')} />;

  if (step === 'restore') return <RestoreFromBackup onBack={() => setStep('welcome')} />;

  if (step === 'recovery' && recoveryCode) {
    return (
      <Screen name="setup-recovery" title={t('recovery.title')}>
        {stepLine}
        <RecoveryCodeSheet code={recoveryCode} desaName={place.desa?.name} onContinue={() => void finish()} />
      </Screen>
    );
  }

  if (LEVELS.includes(step as RegionLevel)) {
    const level = step as RegionLevel;
    const parent = LEVELS[LEVELS.indexOf(level) - 1];
    return (
      <Screen
        name={loadedLevel === level ? `setup-${level}` : `setup-${level}-loading`}
        title={t(`setup.pick.${level}`)}
        wide
      >
        {stepLine}
        {chosen.length > 0 && <p className="breadcrumb">{chosen.map((r) => r.name).join(' › ')}</p>}
        {noDesa && (
          <section className="notice no-desa" role="alert" aria-labelledby="no-desa-title">
            <h2 id="no-desa-title">
              {t(`setup.noDesa.${level === 'kabupaten' ? 'kotaTitle' : 'kecamatanTitle'}`, {
                name: noDesa.name,
              })}
            </h2>
            <p>
              {t(`setup.noDesa.${level === 'kabupaten' ? 'kotaText' : 'kecamatanText'}`, {
                name: noDesa.name,
              })}
            </p>
            <div className="actions">
              <button type="button" className="btn btn-primary" onClick={() => setNoDesa(null)}>
                {t(`setup.noDesa.${level === 'kabupaten' ? 'otherKota' : 'otherKecamatan'}`)}
              </button>
              <button type="button" className="btn btn-secondary" onClick={() => setStep('hub')}>
                {t('setup.noDesa.office')}
              </button>
            </div>
          </section>
        )}
        <RegionPicker
          key={level}
          level={level}
          parent={parent ? place[parent]?.code : undefined}
          selected={place[level]?.code}
          onPick={(region) => pick(level, region)}
          onLoaded={() => setLoadedLevel(level)}
        />
        <div className="actions">{backButton}</div>
      </Screen>
    );
  }

  const where = place.desa && (
    <p className="breadcrumb">
      {t('setup.chosenDesa', {
        desa: place.desa.name,
        code: place.desa.code,
        kecamatan: place.kecamatan?.name ?? '',
        kabupaten: place.kabupaten?.name ?? '',
        provinsi: place.provinsi?.name ?? '',
      })}
    </p>
  );

  if (step === 'operator') {
    return (
      <Screen name="setup-operator" title={t('setup.operatorTitle')}>
        {stepLine}
        {where}
        <p className="lead">{t('setup.operatorText')}</p>
        <OperatorDetails
          initial={operator}
          back={backButton}
          onNext={(draft) => {
            setOperator(draft);
            setStep('pin');
          }}
        />
      </Screen>
    );
  }

  return (
    <Screen name="setup-pin" title={t('setup.pinTitle')} className="pin-screen">
      {stepLine}
      <p className="lead">{t('setup.pinText', { name: operator.fullName })}</p>
      <ErrorBox error={error} />
      <PinTwice key={attempt} owner={{ operator: true }} busy={busy} onDone={(pin) => void create(pin)} />
      <div className="actions actions-center">{backButton}</div>
    </Screen>
  );
}
