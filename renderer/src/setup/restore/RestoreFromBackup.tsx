import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { DriveView } from '../../../../main/api/library';
import type { ApiError } from '../../../../main/api/result';
import type { RestoredKiosk } from '../../../../main/api/transfer';
import { call } from '../../api/client';
import { formatDateTime } from '../../i18n/format';
import { DrivePicker } from '../../operator/DrivePicker';
import { useDrives, type DriveLister } from '../../operator/useDrives';
import { ErrorBox } from '../../shared/ErrorBox';
import { Screen } from '../../shared/Screen';
import { TextField } from '../../shared/TextField';
import { BackupList, type ReadableBackup } from './BackupList';
import { restoreFailureKey, restoreFailureOf } from './reasons';
import { RestoreDone } from './RestoreDone';
import './restore.css';

const setupDrives: DriveLister = () => call('setup.drives', {});

type Step =
  | { step: 'drive' }
  | { step: 'backups'; drive: DriveView }
  | { step: 'passphrase'; drive: DriveView; backup: ReadableBackup }
  | { step: 'done'; restored: RestoredKiosk };

const STEP_NUMBER: Record<Step['step'], number> = { drive: 1, backups: 2, passphrase: 3, done: 4 };

/**
 * Set-up on a new PC from a backup: pick the stick (listed as it is plugged in, or at "Cari lagi"), pick a
 * backup, type the recovery code or the chosen passphrase, restore; then what came back, and on to the
 * login screen. `onBack` returns to the set-up's first screen.
 */
export function RestoreFromBackup({ onBack }: { onBack: () => void }) {
  const { t } = useTranslation();
  const [state, setState] = useState<Step>({ step: 'drive' });
  const title = state.step === 'done' ? t('setup.restore.doneHeading') : t('setup.restore.title');
  return (
    <Screen name={`setup-restore-${state.step}`} title={title} wide>
      <p className="step-line">{t('setup.stepOf', { step: STEP_NUMBER[state.step], total: 4 })}</p>
      {state.step === 'drive' && (
        <PickDrive onPick={(drive) => setState({ step: 'backups', drive })} onBack={onBack} />
      )}
      {state.step === 'backups' && (
        <>
          <h2 className="step-title">{t('setup.restore.pickBackup', { label: state.drive.label })}</h2>
          <BackupList
            drive={state.drive}
            onPick={(backup) => setState({ step: 'passphrase', drive: state.drive, backup })}
          />
          <div className="actions">
            <button type="button" className="btn btn-secondary" onClick={() => setState({ step: 'drive' })}>
              {t('op.install.otherDrive')}
            </button>
          </div>
        </>
      )}
      {state.step === 'passphrase' && (
        <Unlock
          drive={state.drive}
          backup={state.backup}
          onRestored={(restored) => setState({ step: 'done', restored })}
          onBack={() => setState({ step: 'backups', drive: state.drive })}
        />
      )}
      {state.step === 'done' && (
        <>
          <RestoreDone restored={state.restored} />
          <div className="actions">
            {/* A fresh start: the app reads the restored kiosk (village, language, roster) like any boot. */}
            <button
              type="button"
              className="btn btn-primary btn-big"
              onClick={() => window.location.reload()}
            >
              {t('setup.restore.toLogin')}
            </button>
          </div>
        </>
      )}
    </Screen>
  );
}

function PickDrive({ onPick, onBack }: { onPick: (drive: DriveView) => void; onBack: () => void }) {
  const { t } = useTranslation();
  const { drives, error, refresh } = useDrives(setupDrives);
  return (
    <>
      <p className="lead">{t('setup.restore.intro')}</p>
      <h2 className="step-title">{t('setup.restore.pickDrive')}</h2>
      <DrivePicker drives={drives} error={error} actionLabel={t('op.drives.pick')} onPick={onPick} />
      <div className="actions">
        <button type="button" className="btn btn-secondary" onClick={onBack}>
          {t('common.back')}
        </button>
        <button type="button" className="btn btn-secondary" onClick={refresh}>
          {t('setup.restore.refresh')}
        </button>
      </div>
    </>
  );
}

/** The chosen backup, its secret, and "Pulihkan": busy for the few seconds it takes, then done or why not. */
function Unlock({
  drive,
  backup,
  onRestored,
  onBack,
}: {
  drive: DriveView;
  backup: ReadableBackup;
  onRestored: (restored: RestoredKiosk) => void;
  onBack: () => void;
}) {
  const { t } = useTranslation();
  const [passphrase, setPassphrase] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const [empty, setEmpty] = useState(false);
  const byCode = backup.kiosk.passphrase === 'recovery-code';
  const reason = restoreFailureOf(error);

  const restore = async (event: FormEvent) => {
    event.preventDefault();
    if (!passphrase.trim()) return setEmpty(true);
    setBusy(true);
    setError(null);
    const r = await call('setup.restore', { driveId: drive.id, path: backup.path, passphrase });
    setBusy(false);
    if (r.ok) onRestored(r.value.restored);
    else setError(r.error);
  };

  return (
    <>
      <h2 className="step-title">
        {t('setup.restore.unlockTitle', {
          desa: backup.kiosk.desaName,
          when: formatDateTime(backup.kiosk.createdAt),
        })}
      </h2>
      <form className="form" onSubmit={(e) => void restore(e)} noValidate>
        {reason ? (
          <div className="error-box" role="alert" data-reason={reason}>
            <p>{t(restoreFailureKey(reason))}</p>
          </div>
        ) : (
          <ErrorBox error={error} />
        )}
        <TextField
          label={byCode ? t('setup.restore.codeLabel') : t('setup.restore.chosenLabel')}
          hint={byCode ? t('recover.codeHint') : t('setup.restore.chosenHint')}
          className={byCode ? 'input input-code' : 'input'}
          value={passphrase}
          onChange={(value) => {
            setEmpty(false);
            setPassphrase(value);
          }}
          maxLength={200}
          autoComplete="off"
          autoCapitalize={byCode ? 'characters' : 'off'}
          spellCheck={false}
          disabled={busy}
          error={empty ? t('setup.restore.passphraseMissing') : null}
        />
        {busy && (
          <p role="status" className="loading restore-busy">
            {t('setup.restore.busy')}
          </p>
        )}
        <div className="actions">
          <button type="button" className="btn btn-secondary" onClick={onBack} disabled={busy}>
            {t('common.back')}
          </button>
          <button type="submit" className="btn btn-primary" disabled={busy}>
            {busy ? t('setup.restore.restoring') : t('setup.restore.restore')}
          </button>
        </div>
      </form>
    </>
  );
}
