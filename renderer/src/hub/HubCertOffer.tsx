import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { DriveView } from '../../../main/api/library';
import type { ApiError } from '../../../main/api/result';
import { call } from '../api/client';
import { DrivePicker } from '../operator/DrivePicker';
import { useDrives } from '../operator/useDrives';
import { navigate } from '../router/hash';
import { ErrorBox } from '../shared/ErrorBox';
import { Screen } from '../shared/Screen';

type Step = { at: 'offer' } | { at: 'drive' } | { at: 'written'; path: string; label: string };

/**
 * Right after a hub's set-up (issue 16), one thing per screen: why the office needs a certificate, and
 * either writing its certificate request onto a stick now (`hub.certRequest`) or later from "Sertifikat".
 */
export function HubCertOffer() {
  const { t } = useTranslation();
  const { drives, error: drivesError } = useDrives();
  const [step, setStep] = useState<Step>({ at: 'offer' });
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);

  const write = async (drive: DriveView) => {
    setBusy(true);
    setError(null);
    const r = await call('hub.certRequest', { driveId: drive.id });
    setBusy(false);
    if (!r.ok) return setError(r.error);
    setStep({ at: 'written', path: r.value.path, label: drive.label });
  };
  const later = (
    <button type="button" className="btn btn-secondary" onClick={() => navigate('/operator')} disabled={busy}>
      {t('hub.certOffer.later')}
    </button>
  );

  if (step.at === 'offer')
    return (
      <Screen name="hub-cert-offer" title={t('hub.certOffer.title')}>
        <p className="lead">{t('hub.certOffer.why')}</p>
        <p>{t('hub.certOffer.how')}</p>
        <div className="actions">
          {later}
          <button type="button" className="btn btn-primary" onClick={() => setStep({ at: 'drive' })}>
            {t('hub.certOffer.now')}
          </button>
        </div>
        <p className="muted">{t('hub.certOffer.laterHint')}</p>
      </Screen>
    );
  if (step.at === 'drive')
    return (
      <Screen name="hub-cert-offer-drive" title={t('hub.certOffer.title')} wide>
        <h2 className="step-title">{t('hub.cert.pickRequest')}</h2>
        <ErrorBox error={error} />
        <DrivePicker
          drives={drives}
          error={drivesError}
          busy={busy}
          onPick={(d) => void write(d)}
          actionLabel={t('hub.cert.requestAction')}
        />
        <div className="actions">
          <button type="button" className="btn btn-secondary" onClick={() => setStep({ at: 'offer' })}>
            {t('common.back')}
          </button>
        </div>
      </Screen>
    );
  return (
    <Screen name="hub-cert-offer-written" title={t('hub.certOffer.writtenTitle')}>
      <p className="notice notice-ok" role="status" data-testid="cert-request-written">
        {t('hub.cert.requestWritten', { path: step.path, label: step.label })}
      </p>
      <p className="lead">{t('hub.certOffer.next')}</p>
      <div className="actions">
        <button type="button" className="btn btn-primary" onClick={() => navigate('/operator')}>
          {t('hub.certOffer.toHome')}
        </button>
      </div>
    </Screen>
  );
}
