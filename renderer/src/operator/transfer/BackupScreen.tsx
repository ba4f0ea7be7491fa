import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { DriveView } from '../../../../main/api/library';
import type { ApiError } from '../../../../main/api/result';
import { call } from '../../api/client';
import { AlertText } from '../../shared/ErrorBox';
import { navigate } from '../../router/hash';
import { Screen } from '../../shared/Screen';
import { DrivePicker } from '../DrivePicker';
import { OperatorNav } from '../OperatorNav';
import { useDrives } from '../useDrives';
import { BackupForm } from './BackupForm';
import { BackupTask, type BackupHolds } from './BackupTask';

type Step =
  | { step: 'drive' }
  | { step: 'passphrase'; drive: DriveView }
  | { step: 'task'; taskId: string; drive: DriveView; passphrase: string };

/** What differs between a kiosk's backup and a hub's: the method, the intro, what the copy holds. */
export interface BackupKind {
  method: 'backup.create' | 'hub.backup';
  intro: string;
  holds: BackupHolds;
  /** The sentence under the summary: where the stick goes and how it is restored. */
  next: (passphrase: 'recovery-code' | 'chosen') => string;
}

/**
 * "Cadangan": an encrypted copy of everything on this kiosk (learners, results, certificates, its identity)
 * — or on a hub, of the office's database and keys (`kind`) — written to a stick, so a new PC can carry on
 * if this one dies. Pick the stick, give the passphrase, watch it being written and checked.
 */
export function BackupScreen({ kind }: { kind?: BackupKind }) {
  const { t } = useTranslation();
  const { drives, error: drivesError } = useDrives();
  const [state, setState] = useState<Step>({ step: 'drive' });
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const [pulled, setPulled] = useState<string | null>(null);

  // The stick chosen a moment ago was pulled out while the form is open: say so, back to the list.
  if (state.step === 'passphrase' && drives && !drives.some((d) => d.id === state.drive.id)) {
    setPulled(state.drive.label);
    setState({ step: 'drive' });
  }

  const start = async (drive: DriveView, passphrase: string) => {
    setBusy(true);
    setError(null);
    const r = await call(kind?.method ?? 'backup.create', { driveId: drive.id, passphrase });
    setBusy(false);
    if (r.ok) return setState({ step: 'task', taskId: r.value.taskId, drive, passphrase });
    setError(r.error);
    setState({ step: 'passphrase', drive });
  };

  const step = state.step === 'drive' ? 1 : state.step === 'passphrase' ? 2 : 3;
  return (
    <>
      <OperatorNav />
      <Screen name={`operator-backup-${state.step}`} title={t('op.backup.title')} wide>
        <p className="step-line">{t('op.backup.stepOf', { step })}</p>
        {state.step === 'drive' && (
          <>
            <p className="lead">{kind?.intro ?? t('op.backup.intro')}</p>
            <h2 className="step-title">{t('op.backup.pickDrive')}</h2>
            <AlertText>{pulled ? t('op.install.pulled', { label: pulled }) : null}</AlertText>
            <DrivePicker
              drives={drives}
              error={drivesError}
              actionLabel={t('op.backup.saveOn')}
              onPick={(drive) => {
                setPulled(null);
                setError(null);
                setState({ step: 'passphrase', drive });
              }}
            />
          </>
        )}
        {state.step === 'passphrase' && (
          <>
            <h2 className="step-title">{t('op.backup.passphraseTitle', { label: state.drive.label })}</h2>
            <p>{t('op.backup.passphraseWhy')}</p>
            <BackupForm
              label={state.drive.label}
              busy={busy}
              error={error}
              onSubmit={(passphrase) => void start(state.drive, passphrase)}
              onBack={() => setState({ step: 'drive' })}
            />
          </>
        )}
        {state.step === 'task' && (
          <BackupTask
            key={state.taskId}
            taskId={state.taskId}
            label={state.drive.label}
            holds={kind?.holds}
            next={kind?.next}
            onRetry={() => void start(state.drive, state.passphrase)}
            onOtherDrive={() => setState({ step: 'drive' })}
            onClose={() => navigate('/operator')}
          />
        )}
      </Screen>
    </>
  );
}
