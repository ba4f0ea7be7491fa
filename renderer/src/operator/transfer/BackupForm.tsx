import { useId, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { ApiError } from '../../../../main/api/result';
import { ErrorBox } from '../../shared/ErrorBox';
import { TextField } from '../../shared/TextField';
import { passphraseProblems, type PassphraseKind } from './passphrase';
import { BACKUP_FAILURES, backupFailureKey, reasonOf } from './reasons';

/**
 * The backup's passphrase: the recovery code from set-up (recommended: it is already written down), or one
 * the operator chooses (at least 8 characters, typed twice, and they confirm they wrote it down). The form
 * says what is wrong before asking the app; the app's refusal (not this kiosk's code) is said here too.
 */
export function BackupForm({
  label,
  busy,
  error,
  onSubmit,
  onBack,
}: {
  /** The stick's label, for the sentences that name it. */
  label: string;
  busy: boolean;
  error: ApiError | null;
  onSubmit: (passphrase: string) => void;
  onBack: () => void;
}) {
  const { t } = useTranslation();
  const [kind, setKind] = useState<PassphraseKind>('recovery-code');
  const [passphrase, setPassphrase] = useState('');
  const [confirm, setConfirm] = useState('');
  const [noted, setNoted] = useState(false);
  const [tried, setTried] = useState(false);
  const name = useId();
  const problems = passphraseProblems(kind, passphrase, confirm);
  const shown = tried ? problems : {};
  const reason = reasonOf(error, BACKUP_FAILURES);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    setTried(true);
    if (problems.passphrase || problems.confirm || (kind === 'chosen' && !noted)) return;
    onSubmit(passphrase);
  };
  const choose = (next: PassphraseKind) => {
    setKind(next);
    setPassphrase('');
    setConfirm('');
    setNoted(false);
    setTried(false);
  };

  return (
    <form className="form backup-form" onSubmit={submit} noValidate>
      {reason ? (
        <div className="error-box" role="alert" data-reason={reason}>
          <p>{t(backupFailureKey(reason), { label })}</p>
        </div>
      ) : (
        <ErrorBox error={error} />
      )}
      <fieldset className="choice-group">
        <legend>{t('op.backup.form.which')}</legend>
        <label className="choice">
          <input
            type="radio"
            name={name}
            checked={kind === 'recovery-code'}
            onChange={() => choose('recovery-code')}
          />
          <span>
            <span className="choice-title">{t('op.backup.form.useCode')}</span>
            <span className="choice-hint">{t('op.backup.form.useCodeHint')}</span>
          </span>
        </label>
        <label className="choice">
          <input type="radio" name={name} checked={kind === 'chosen'} onChange={() => choose('chosen')} />
          <span>
            <span className="choice-title">{t('op.backup.form.useChosen')}</span>
            <span className="choice-hint">{t('op.backup.form.useChosenHint')}</span>
          </span>
        </label>
      </fieldset>
      {kind === 'recovery-code' ? (
        <TextField
          key="code"
          label={t('op.backup.form.code')}
          hint={t('recover.codeHint')}
          className="input input-code"
          value={passphrase}
          onChange={setPassphrase}
          maxLength={64}
          autoComplete="off"
          autoCapitalize="characters"
          spellCheck={false}
          error={shown.passphrase ? t(shown.passphrase) : null}
        />
      ) : (
        <>
          <TextField
            key="chosen"
            label={t('op.backup.form.chosen')}
            hint={t('op.backup.form.chosenHint')}
            value={passphrase}
            onChange={setPassphrase}
            maxLength={200}
            autoComplete="off"
            spellCheck={false}
            error={shown.passphrase ? t(shown.passphrase) : null}
          />
          <TextField
            key="confirm"
            label={t('op.backup.form.confirm')}
            value={confirm}
            onChange={setConfirm}
            maxLength={200}
            autoComplete="off"
            spellCheck={false}
            error={shown.confirm ? t(shown.confirm) : null}
          />
          <label className="check-big">
            <input type="checkbox" checked={noted} onChange={(e) => setNoted(e.target.checked)} />
            <span>{t('op.backup.form.noted')}</span>
          </label>
          {tried && !noted && <p className="field-error">{t('op.backup.form.notNoted')}</p>}
        </>
      )}
      <div className="actions">
        <button type="button" className="btn btn-secondary" onClick={onBack} disabled={busy}>
          {t('op.backup.otherDrive')}
        </button>
        <button type="submit" className="btn btn-primary" disabled={busy}>
          {busy ? t('op.backup.starting') : t('op.backup.create')}
        </button>
      </div>
    </form>
  );
}
