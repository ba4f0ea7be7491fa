import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { DriveView } from '../../../../main/api/library';
import type { ApiError } from '../../../../main/api/result';
import type { BackupOnDrive } from '../../../../main/api/transfer';
import { call } from '../../api/client';
import { formatDateTime } from '../../i18n/format';
import { ErrorBox } from '../../shared/ErrorBox';
import { formatBytes } from '../../operator/format';

/** A backup whose header could be read: the only kind that can be restored. */
export type ReadableBackup = BackupOnDrive & { kiosk: NonNullable<BackupOnDrive['kiosk']> };

const fileName = (path: string) => path.slice(path.lastIndexOf('/') + 1);

/**
 * The backups on a stick, newest first: whose village, when it was made and which secret opens it. A file
 * whose header cannot be read is listed as such, with no button.
 */
export function BackupList({
  drive,
  onPick,
}: {
  drive: DriveView;
  onPick: (backup: ReadableBackup) => void;
}) {
  const { t } = useTranslation();
  const [backups, setBackups] = useState<BackupOnDrive[] | null>(null);
  const [error, setError] = useState<ApiError | null>(null);

  useEffect(() => {
    let stopped = false;
    void call('setup.backups', { driveId: drive.id }).then((r) => {
      if (stopped) return;
      if (r.ok) setBackups(r.value.backups);
      else setError(r.error);
    });
    return () => {
      stopped = true;
    };
  }, [drive.id]);

  if (error) return <ErrorBox error={error} />;
  if (!backups) {
    return (
      <p role="status" className="loading">
        {t('setup.restore.searching', { label: drive.label })}
      </p>
    );
  }
  if (backups.length === 0) {
    return (
      <div className="empty-drives" data-testid="no-backups">
        <p className="empty-drives-title">{t('setup.restore.noBackups', { label: drive.label })}</p>
        <p className="muted">{t('setup.restore.noBackupsHint')}</p>
      </div>
    );
  }
  return (
    <ul className="package-list" aria-label={t('setup.restore.listLabel', { label: drive.label })}>
      {backups.map((b) => {
        const k = b.kiosk;
        return (
          <li key={b.path} className="package-row backup-row" data-backup={fileName(b.path)}>
            {k ? (
              <>
                <span className="package-text">
                  <span className="package-name">{t('app.desaName', { name: k.desaName })}</span>
                  <span>
                    {t('setup.restore.place', {
                      kecamatan: k.kecamatanName,
                      kabupaten: k.kabupatenName,
                      provinsi: k.provinsiName,
                    })}
                  </span>
                  <span className="package-meta">
                    {t('setup.restore.made', { when: formatDateTime(k.createdAt) })} ·{' '}
                    {t(`setup.restore.opensWith.${k.passphrase}`)}
                  </span>
                  <span className="package-meta">
                    {fileName(b.path)} · {formatBytes(b.sizeBytes)}
                  </span>
                </span>
                <button type="button" className="btn btn-primary" onClick={() => onPick({ ...b, kiosk: k })}>
                  {t('setup.restore.choose')}
                  <span className="visually-hidden">
                    : {t('app.desaName', { name: k.desaName })}, {formatDateTime(k.createdAt)}
                  </span>
                </button>
              </>
            ) : (
              <span className="package-text">
                <span className="package-name">{fileName(b.path)}</span>
                <span className="muted">{t('setup.restore.unreadable')}</span>
              </span>
            )}
          </li>
        );
      })}
    </ul>
  );
}
