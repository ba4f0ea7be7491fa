import { useTranslation } from 'react-i18next';
import type { HubBackupOnDrive } from '../../../../main/api/hub';
import type { DriveView } from '../../../../main/api/library';
import { call } from '../../api/client';
import { formatDateTime } from '../../i18n/format';
import { BackupRow, BackupShelf, UnreadableBackup } from './BackupList';
import { RestoreFlow } from './RestoreFlow';

type Readable = HubBackupOnDrive & { hub: NonNullable<HubBackupOnDrive['hub']> };
interface Restored {
  name: string;
  backupCreatedAt: string;
  counts: { kiosks: number; bundles: number; learners: number };
}

const loadHubBackups = (driveId: string) => call('setup.hubBackups', { driveId });

/**
 * An office PC replacing one (issue 16): the shared steps of `RestoreFlow` over the office backups on a stick
 * (`setup.hubBackups`, `setup.hubRestore`), then what came back; at the login screen the office admin logs
 * in with the PIN they had.
 */
export function HubRestore({ onBack }: { onBack: () => void }) {
  const { t } = useTranslation();
  return (
    <RestoreFlow<Readable, Restored>
      onBack={onBack}
      kind={{
        screen: 'setup-hub-restore',
        title: t('hub.restore.title'),
        doneHeading: t('hub.restore.doneHeading'),
        intro: t('hub.restore.intro'),
        list: (drive, pick) => <HubBackupList drive={drive} onPick={pick} />,
        unlockTitle: (b) =>
          t('hub.restore.unlockTitle', { office: b.hub.name, when: formatDateTime(b.hub.createdAt) }),
        byCode: (b) => b.hub.passphrase === 'recovery-code',
        restore: async (drive, b, passphrase) => {
          const r = await call('setup.hubRestore', { driveId: drive.id, path: b.path, passphrase });
          return r.ok ? { ok: true, value: r.value.restored } : r;
        },
        done: (restored) => (
          <div className="notice notice-ok restore-banner" role="status" data-testid="hub-restore-done">
            <p className="end-title">
              <span aria-hidden="true">✓ </span>
              {t('hub.restore.doneTitle', { office: restored.name })}
            </p>
            <p>
              {t('hub.restore.doneText', {
                when: formatDateTime(restored.backupCreatedAt),
                kiosks: restored.counts.kiosks,
                bundles: restored.counts.bundles,
                learners: restored.counts.learners,
              })}
            </p>
          </div>
        ),
      }}
    />
  );
}

/** The office backups on the stick: which office and region, when it was made and which secret opens it. */
function HubBackupList({ drive, onPick }: { drive: DriveView; onPick: (backup: Readable) => void }) {
  const { t } = useTranslation();
  return (
    <BackupShelf
      drive={drive}
      load={loadHubBackups}
      row={(b) => {
        const hub = b.hub;
        if (!hub) return <UnreadableBackup path={b.path} />;
        return (
          <BackupRow
            backup={b}
            name={hub.name}
            place={t('hub.home.region', {
              level: t(`hub.level.${hub.regionLevel}`),
              name: hub.regionName,
              code: hub.regionCode || '—',
            })}
            createdAt={hub.createdAt}
            passphrase={hub.passphrase}
            onPick={() => onPick({ ...b, hub })}
          />
        );
      }}
    />
  );
}
