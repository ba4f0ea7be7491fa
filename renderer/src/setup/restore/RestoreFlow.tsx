import { useState, type FormEvent, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { DriveView } from '../../../../main/api/library';
import type { ApiError, Result } from '../../../../main/api/result';
import { call } from '../../api/client';
import { DrivePicker } from '../../operator/DrivePicker';
import { useDrives, type DriveLister } from '../../operator/useDrives';
import { ErrorBox } from '../../shared/ErrorBox';
import { Screen } from '../../shared/Screen';
import { TextField } from '../../shared/TextField';
import { restoreFailureKey, restoreFailureOf } from './reasons';
import './restore.css';

const setupDrives: DriveLister = () => call('setup.drives', {});

/** What differs between restoring a village (kiosk) and an office (hub): the texts, the list, the call. */
export interface RestoreKind<B, R> {
  /** `data-screen` prefix: `<screen>-drive`, `-backups`, `-passphrase`, `-done`. */
  screen: string;
  title: string;
  doneHeading: string;
  intro: string;
  list: (drive: DriveView, pick: (backup: B) => void) => ReactNode;
  unlockTitle: (backup: B) => string;
  /** The backup opens with the recovery code (else a chosen passphrase). */
  byCode: (backup: B) => boolean;
  restore: (drive: DriveView, backup: B, passphrase: string) => Promise<Result<R>>;
  done: (restored: R) => ReactNode;
}

type Step<B, R> =
  | { step: 'drive' }
  | { step: 'backups'; drive: DriveView }
  | { step: 'passphrase'; drive: DriveView; backup: B }
  | { step: 'done'; restored: R };

const STEP_NUMBER = { drive: 1, backups: 2, passphrase: 3, done: 4 } as const;

/**
 * Set-up on a new PC from a backup: pick the stick (listed as it is plugged in, or at "Cari lagi"), pick a
 * backup, type the recovery code or the chosen passphrase, restore; then what came back, and on to the
 * login screen (a reload: the app reads the restored data like any boot). `onBack` leaves the flow.
 */
export function RestoreFlow<B, R>({ kind, onBack }: { kind: RestoreKind<B, R>; onBack: () => void }) {
  const { t } = useTranslation();
  const [state, setState] = useState<Step<B, R>>({ step: 'drive' });
  return (
    <Screen
      name={`${kind.screen}-${state.step}`}
      title={state.step === 'done' ? kind.doneHeading : kind.title}
      wide
    >
      <p className="step-line">{t('setup.stepOf', { step: STEP_NUMBER[state.step], total: 4 })}</p>
      {state.step === 'drive' && (
        <PickDrive
          intro={kind.intro}
          onPick={(drive) => setState({ step: 'backups', drive })}
          onBack={onBack}
        />
      )}
      {state.step === 'backups' && (
        <>
          <h2 className="step-title">{t('setup.restore.pickBackup', { label: state.drive.label })}</h2>
          {kind.list(state.drive, (backup) => setState({ step: 'passphrase', drive: state.drive, backup }))}
          <div className="actions">
            <button type="button" className="btn btn-secondary" onClick={() => setState({ step: 'drive' })}>
              {t('op.install.otherDrive')}
            </button>
          </div>
        </>
      )}
      {state.step === 'passphrase' && (
        <Unlock
          title={kind.unlockTitle(state.backup)}
          byCode={kind.byCode(state.backup)}
          restore={async (passphrase) => {
            const r = await kind.restore(state.drive, state.backup, passphrase);
            if (!r.ok) return r.error;
            setState({ step: 'done', restored: r.value });
            return null;
          }}
          onBack={() => setState({ step: 'backups', drive: state.drive })}
        />
      )}
      {state.step === 'done' && (
        <>
          {kind.done(state.restored)}
          <div className="actions">
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

function PickDrive({
  intro,
  onPick,
  onBack,
}: {
  intro: string;
  onPick: (drive: DriveView) => void;
  onBack: () => void;
}) {
  const { t } = useTranslation();
  const { drives, error, refresh } = useDrives(setupDrives);
  return (
    <>
      <p className="lead">{intro}</p>
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

/**
 * The chosen backup (a village's or an office's), its secret, and "Pulihkan": busy for the few seconds it
 * takes, then done (`restore` answers null and moves on) or why not (the error it answers).
 */
function Unlock({
  title,
  byCode,
  restore: run,
  onBack,
}: {
  title: string;
  /** The backup opens with the recovery code (else a chosen passphrase). */
  byCode: boolean;
  restore: (passphrase: string) => Promise<ApiError | null>;
  onBack: () => void;
}) {
  const { t } = useTranslation();
  const [passphrase, setPassphrase] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const [empty, setEmpty] = useState(false);
  const reason = restoreFailureOf(error);

  const restore = async (event: FormEvent) => {
    event.preventDefault();
    if (!passphrase.trim()) return setEmpty(true);
    setBusy(true);
    setError(null);
    const failed = await run(passphrase);
    setBusy(false);
    setError(failed);
  };

  return (
    <>
      <h2 className="step-title">{title}</h2>
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
