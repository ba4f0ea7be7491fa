import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { KioskCertificate, SavedCertificates } from '../../../main/api/certificates';
import type { DriveView } from '../../../main/api/library';
import type { ApiError } from '../../../main/api/result';
import { call } from '../api/client';
import { formatDateTime } from '../i18n/format';
import { ErrorBox } from '../shared/ErrorBox';
import { jabatanLabel } from '../shared/jabatan';
import { Loading, Screen } from '../shared/Screen';
import { ClockBanner } from './ClockBanner';
import { DrivePicker } from './DrivePicker';
import { formatScore } from './format';
import { OperatorNav } from './OperatorNav';
import { useDrives } from './useDrives';

/** "Sertifikat": every certificate issued on this kiosk, and saving their PDFs to a stick. */
export function CertificatesScreen() {
  const { t } = useTranslation();
  const [certificates, setCertificates] = useState<KioskCertificate[] | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [saving, setSaving] = useState(false);

  useEffect(() => {
    void call('certificates.list', {}).then((r) =>
      r.ok ? setCertificates(r.value.certificates) : setError(r.error),
    );
  }, []);

  if (!certificates) {
    return error ? (
      <div className="screen" data-screen="operator-certificates-failed">
        <OperatorNav />
        <ErrorBox error={error} />
      </div>
    ) : (
      <Loading name="operator-certificates" label={t('common.loading')} />
    );
  }
  return (
    <>
      <OperatorNav />
      <Screen name="operator-certificates" title={t('op.certs.title')} wide>
        <ClockBanner />
        <div className="toolbar">
          <p className="muted">{t('op.certs.count', { count: certificates.length })}</p>
          {!saving && certificates.length > 0 && (
            <button type="button" className="btn btn-primary" onClick={() => setSaving(true)}>
              {t('op.certs.save')}
            </button>
          )}
        </div>
        {saving && <SaveToDrive onClose={() => setSaving(false)} />}
        {certificates.length === 0 ? (
          <p className="lead">{t('op.certs.none')}</p>
        ) : (
          <div className="table-scroll" role="region" aria-label={t('op.certs.tableLabel')} tabIndex={0}>
            <table className="table cert-table">
              <thead>
                <tr>
                  <th scope="col">{t('op.certs.number')}</th>
                  <th scope="col">{t('op.history.name')}</th>
                  <th scope="col">{t('op.village.course')}</th>
                  <th scope="col" className="num">
                    {t('op.village.pretest')}
                  </th>
                  <th scope="col" className="num">
                    {t('op.village.posttest')}
                  </th>
                  <th scope="col">{t('op.certs.issuedAt')}</th>
                </tr>
              </thead>
              <tbody>
                {certificates.map((c) => (
                  <tr key={c.number} data-certificate={c.number} className={c.erased ? 'erased' : ''}>
                    <td className="cert-number">{c.number}</td>
                    <td className="wide-cell">
                      {c.erased ? t('op.learners.erasedName') : c.fullName}
                      {c.jabatan && <span className="learner-jabatan">{jabatanLabel(c.jabatan)}</span>}
                    </td>
                    <td className="wide-cell">
                      {c.courseTitle}
                      <span className="learner-jabatan">
                        {t('op.certs.version', { version: c.courseVersion })}
                      </span>
                    </td>
                    <td className="num">{formatScore(c.preScore)}</td>
                    <td className="num">{formatScore(c.postScore)}</td>
                    <td className="nowrap">{formatDateTime(c.issuedAt)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </Screen>
    </>
  );
}

/** Pick a stick (the list follows plugging and pulling), then every certificate PDF is written onto it. */
function SaveToDrive({ onClose }: { onClose: () => void }) {
  const { t } = useTranslation();
  const { drives, error: drivesError } = useDrives();
  const [busyOn, setBusyOn] = useState<string | null>(null);
  const [saved, setSaved] = useState<SavedCertificates | null>(null);
  const [failure, setFailure] = useState<{ error: ApiError; label: string } | null>(null);

  const save = async (drive: DriveView) => {
    setBusyOn(drive.label);
    setSaved(null);
    setFailure(null);
    const r = await call('certificates.saveToDrive', { driveId: drive.id });
    setBusyOn(null);
    if (r.ok) setSaved(r.value);
    else setFailure({ error: r.error, label: drive.label });
  };

  return (
    <section className="panel" aria-labelledby="save-heading" data-testid="save-to-drive">
      <h2 id="save-heading">{t('op.certs.saveTitle')}</h2>
      {saved ? (
        <div className="notice notice-ok end-state" role="status">
          <p className="end-title">
            {t('op.certs.saved', {
              count: saved.saved,
              place: `${saved.drive.label}/${saved.folder}`,
            })}
          </p>
          {saved.skipped.length > 0 && <p>{t('op.certs.skipped', { count: saved.skipped.length })}</p>}
          <p>{t('op.certs.savedHint')}</p>
        </div>
      ) : (
        <>
          <p>{t('op.certs.pickDrive')}</p>
          {failure && <SaveFailure error={failure.error} label={failure.label} />}
          {busyOn ? (
            <p role="status" className="loading">
              {t('op.certs.saving', { label: busyOn })}
            </p>
          ) : (
            <DrivePicker
              drives={drives}
              error={drivesError}
              actionLabel={t('op.certs.saveOn')}
              onPick={(d) => void save(d)}
            />
          )}
        </>
      )}
      <div className="actions">
        <button type="button" className="btn btn-secondary" onClick={onClose} disabled={busyOn !== null}>
          {saved ? t('op.certs.close') : t('common.cancel')}
        </button>
        {saved && (
          <button type="button" className="btn btn-secondary" onClick={() => setSaved(null)}>
            {t('op.certs.saveAgain')}
          </button>
        )}
      </div>
    </section>
  );
}

/** Why the PDFs could not be written, and what to do: a pulled, locked or full stick. */
function SaveFailure({ error, label }: { error: ApiError; label: string }) {
  const { t } = useTranslation();
  const savedBefore = typeof error.details?.saved === 'number' ? error.details.saved : 0;
  let message: string | null = null;
  if (error.code === 'DRIVE_NOT_FOUND') message = t('op.certs.fail.pulled', { label });
  else if (error.code === 'CONFLICT') {
    const reason = error.details?.reason;
    message =
      reason === 'read_only'
        ? t('op.certs.fail.readOnly', { label })
        : reason === 'no_space'
          ? t('op.certs.fail.noSpace', { label })
          : t('op.certs.fail.writeFailed', { label });
  }
  if (!message) return <ErrorBox error={error} />;
  return (
    <div className="error-box" role="alert" data-error-code={error.code}>
      <p>{message}</p>
      {savedBefore > 0 && <p className="error-detail">{t('op.certs.fail.partly', { count: savedBefore })}</p>}
    </div>
  );
}
