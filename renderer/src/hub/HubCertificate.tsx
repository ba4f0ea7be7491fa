import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { HubCertificateView } from '../../../main/api/hub';
import type { DriveView } from '../../../main/api/library';
import type { ApiError } from '../../../main/api/result';
import { call } from '../api/client';
import { formatDateTime } from '../i18n/format';
import { DrivePicker } from '../operator/DrivePicker';
import { OperatorNav } from '../operator/OperatorNav';
import { useDrives } from '../operator/useDrives';
import { ErrorBox } from '../shared/ErrorBox';
import { Loading, Screen } from '../shared/Screen';

/** The chain, the expiry and its warning: on this screen and on the hub's home. */
export function CertificateSummary({ certificate }: { certificate: HubCertificateView }) {
  const { t } = useTranslation();
  if (!certificate.certified)
    return (
      <p className="notice notice-warn" role="status" data-testid="cert-state">
        {certificate.chain.length === 0
          ? t('hub.cert.none')
          : t('hub.cert.invalid', { problem: certificate.problem ?? '' })}
      </p>
    );
  return (
    <>
      <p
        className={certificate.expiresSoon ? 'notice notice-warn' : 'lead'}
        role="status"
        data-testid="cert-state"
      >
        {certificate.expiresSoon
          ? t('hub.cert.expiresSoon', {
              count: certificate.daysLeft ?? 0,
              until: formatDateTime(certificate.notAfter!),
            })
          : t('hub.cert.valid', {
              until: formatDateTime(certificate.notAfter!),
              count: certificate.daysLeft ?? 0,
            })}
      </p>
      <ol className="cert-chain" aria-label={t('hub.cert.chainLabel')} data-testid="cert-chain">
        {certificate.chain.map((c) => (
          <li key={c.serial}>
            {t('hub.cert.link', {
              name: c.name,
              region: c.scope || t('hub.cert.national'),
              until: formatDateTime(c.notAfter),
            })}
          </li>
        ))}
      </ol>
    </>
  );
}

type Step = { at: 'idle' } | { at: 'pick'; action: 'request' | 'import' };

/**
 * "Sertifikat": the hub's certificate chain and expiry; writing its certificate request onto a stick for the
 * issuer's offline machine, and importing the certificate the issuer gives back on a stick.
 */
export function HubCertificate() {
  const { t } = useTranslation();
  const { drives, error: drivesError } = useDrives();
  const [certificate, setCertificate] = useState<HubCertificateView | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [step, setStep] = useState<Step>({ at: 'idle' });
  const [message, setMessage] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    void call('hub.certificate', {}).then((r) =>
      r.ok ? setCertificate(r.value.certificate) : setError(r.error),
    );
  }, []);

  const onPick = async (drive: DriveView) => {
    if (step.at !== 'pick') return;
    setBusy(true);
    setError(null);
    setMessage(null);
    if (step.action === 'request') {
      const r = await call('hub.certRequest', { driveId: drive.id });
      setBusy(false);
      if (!r.ok) return setError(r.error);
      setMessage(t('hub.cert.requestWritten', { path: r.value.path, label: drive.label }));
    } else {
      const r = await call('hub.certImport', { driveId: drive.id });
      setBusy(false);
      if (!r.ok) return setError(r.error);
      setCertificate(r.value.certificate);
      setMessage(t('hub.cert.imported'));
    }
    setStep({ at: 'idle' });
  };

  if (!certificate)
    return error ? (
      <ErrorBox error={error} />
    ) : (
      <Loading name="hub-certificate" label={t('common.loading')} />
    );
  return (
    <>
      <OperatorNav />
      <Screen name="hub-certificate" title={t('hub.cert.title')} wide>
        <CertificateSummary certificate={certificate} />
        {message && (
          <p className="lead" role="status" data-testid="cert-message">
            {message}
          </p>
        )}
        <ErrorBox error={error} />
        {step.at === 'pick' ? (
          <>
            <p className="lead">
              {t(step.action === 'request' ? 'hub.cert.pickRequest' : 'hub.cert.pickImport')}
            </p>
            <DrivePicker
              drives={drives}
              error={drivesError}
              busy={busy}
              onPick={(d) => void onPick(d)}
              actionLabel={t(step.action === 'request' ? 'hub.cert.requestAction' : 'hub.cert.importAction')}
            />
          </>
        ) : (
          <>
            <p>{t('hub.cert.howTo')}</p>
            <div className="actions">
              <button
                type="button"
                className="btn btn-primary"
                onClick={() => setStep({ at: 'pick', action: 'request' })}
              >
                {t('hub.cert.request')}
              </button>
              <button
                type="button"
                className="btn btn-secondary"
                onClick={() => setStep({ at: 'pick', action: 'import' })}
              >
                {t('hub.cert.import')}
              </button>
            </div>
          </>
        )}
      </Screen>
    </>
  );
}
