import { useTranslation } from 'react-i18next';
import { BackupScreen } from '../operator/transfer/BackupScreen';

/**
 * "Cadangan" on a hub (issue 16): the kiosk's screen (stick, passphrase, progress, done) writing the office's
 * encrypted backup (`hub.backup`), so a replacement PC carries on as this hub from the set-up screen.
 */
export function HubBackup() {
  const { t } = useTranslation();
  return (
    <BackupScreen
      kind={{
        method: 'hub.backup',
        intro: t('hub.backup.intro'),
        holds: (c) =>
          t('hub.backup.counts', {
            kiosks: c.kiosks ?? 0,
            bundles: c.bundles ?? 0,
            statements: c.statements ?? 0,
            learners: c.learners ?? 0,
          }),
        next: (passphrase) => t(passphrase === 'chosen' ? 'hub.backup.nextChosen' : 'hub.backup.nextCode'),
      }}
    />
  );
}
