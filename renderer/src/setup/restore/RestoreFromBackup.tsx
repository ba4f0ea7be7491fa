import { useTranslation } from 'react-i18next';
import type { RestoredKiosk } from '../../../../main/api/transfer';
import { call } from '../../api/client';
import { formatDateTime } from '../../i18n/format';
import { BackupList, type ReadableBackup } from './BackupList';
import { RestoreDone } from './RestoreDone';
import { RestoreFlow } from './RestoreFlow';

/**
 * A village's new PC from a kiosk backup (`setup.backups`, `setup.restore`): the shared steps of
 * `RestoreFlow`, then what came back (`RestoreDone`). `onBack` returns to the set-up's first screen.
 */
export function RestoreFromBackup({ onBack }: { onBack: () => void }) {
  const { t } = useTranslation();
  return (
    <RestoreFlow<ReadableBackup, RestoredKiosk>
      onBack={onBack}
      kind={{
        screen: 'setup-restore',
        title: t('setup.restore.title'),
        doneHeading: t('setup.restore.doneHeading'),
        intro: t('setup.restore.intro'),
        list: (drive, pick) => <BackupList drive={drive} onPick={pick} />,
        unlockTitle: (b) =>
          t('setup.restore.unlockTitle', { desa: b.kiosk.desaName, when: formatDateTime(b.kiosk.createdAt) }),
        byCode: (b) => b.kiosk.passphrase === 'recovery-code',
        restore: async (drive, b, passphrase) => {
          const r = await call('setup.restore', { driveId: drive.id, path: b.path, passphrase });
          return r.ok ? { ok: true, value: r.value.restored } : r;
        },
        done: (restored) => <RestoreDone restored={restored} />,
      }}
    />
  );
}
