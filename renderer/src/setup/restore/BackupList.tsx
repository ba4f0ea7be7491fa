import { useEffect, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { DriveView } from '../../../../main/api/library';
import type { ApiError, Result } from '../../../../main/api/result';
import type { BackupOnDrive } from '../../../../main/api/transfer';
import { call } from '../../api/client';
import { formatDateTime } from '../../i18n/format';
import { ErrorBox } from '../../shared/ErrorBox';
import { formatBytes } from '../../operator/format';

/** A backup whose header could be read: the only kind that can be restored. */
export type ReadableBackup = BackupOnDrive & { kiosk: NonNullable<BackupOnDrive['kiosk']> };

export const fileName = (path: string) => path.slice(path.lastIndexOf('/') + 1);

/**
 * The backups on a stick as `load` finds them, newest first, each drawn by `row`: searching, none here, or
 * the list. The village's and the office's set-up screens share it.
 */
export function BackupShelf<B extends { path: string }>({
  drive,
  load,
  row,
}: {
  drive: DriveView;
  load: (driveId: string) => Promise<Result<{ backups: B[] }>>;
  row: (backup: B) => ReactNode;
}) {
  const { t } = useTranslation();
  const [backups, setBackups] = useState<B[] | null>(null);
  const [error, setError] = useState<ApiError | null>(null);

  useEffect(() => {
    let stopped = false;
    void load(drive.id).then((r) => {
      if (stopped) return;
      if (r.ok) setBackups(r.value.backups);
      else setError(r.error);
    });
    return () => {
      stopped = true;
    };
  }, [drive.id, load]);

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
      {backups.map((b) => (
        <li key={b.path} className="package-row backup-row" data-backup={fileName(b.path)}>
          {row(b)}
        </li>
      ))}
    </ul>
  );
}

/** A file whose header cannot be read: listed as such, with no button. */
export function UnreadableBackup({ path }: { path: string }) {
  const { t } = useTranslation();
  return (
    <span className="package-text">
      <span className="package-name">{fileName(path)}</span>
      <span className="muted">{t('setup.restore.unreadable')}</span>
    </span>
  );
}

/** A backup that can be restored: whose it is, where, when it was made, which secret opens it, "Pilih". */
export function BackupRow({
  backup,
  name,
  place,
  createdAt,
  passphrase,
  onPick,
}: {
  backup: { path: string; sizeBytes: number };
  name: string;
  place: string;
  createdAt: string;
  passphrase: 'recovery-code' | 'chosen';
  onPick: () => void;
}) {
  const { t } = useTranslation();
  return (
    <>
      <span className="package-text">
        <span className="package-name">{name}</span>
        <span>{place}</span>
        <span className="package-meta">
          {t('setup.restore.made', { when: formatDateTime(createdAt) })} ·{' '}
          {t(`setup.restore.opensWith.${passphrase}`)}
        </span>
        <span className="package-meta">
          {fileName(backup.path)} · {formatBytes(backup.sizeBytes)}
        </span>
      </span>
      <button type="button" className="btn btn-primary" onClick={onPick}>
        {t('setup.restore.choose')}
        <span className="visually-hidden">
          : {name}, {formatDateTime(createdAt)}
        </span>
      </button>
    </>
  );
}

const loadKioskBackups = (driveId: string) => call('setup.backups', { driveId });

/** A village's backups: whose village, when it was made and which secret opens it. */
export function BackupList({
  drive,
  onPick,
}: {
  drive: DriveView;
  onPick: (backup: ReadableBackup) => void;
}) {
  const { t } = useTranslation();
  return (
    <BackupShelf
      drive={drive}
      load={loadKioskBackups}
      row={(b) => {
        const k = b.kiosk;
        if (!k) return <UnreadableBackup path={b.path} />;
        return (
          <BackupRow
            backup={b}
            name={t('app.desaName', { name: k.desaName })}
            place={t('setup.restore.place', {
              kecamatan: k.kecamatanName,
              kabupaten: k.kabupatenName,
              provinsi: k.provinsiName,
            })}
            createdAt={k.createdAt}
            passphrase={k.passphrase}
            onPick={() => onPick({ ...b, kiosk: k })}
          />
        );
      }}
    />
  );
}
