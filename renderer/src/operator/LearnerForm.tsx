import { useId, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { Jabatan } from '../../../main/api/jabatan';
import type { ApiError } from '../../../main/api/result';
import { ErrorBox } from '../shared/ErrorBox';
import { JABATAN_OPTIONS } from '../shared/jabatan';
import { TextField } from '../shared/TextField';
import { validateLearner, type DraftField, type LearnerDraft } from './validate';

/** Add or edit a learner: name, jabatan, optional NIK/phone/email, PIN twice (new learners), operator or not. */
export function LearnerForm({
  initial,
  needPin,
  submitLabel,
  onSubmit,
  onCancel,
}: {
  initial: LearnerDraft;
  needPin: boolean;
  submitLabel: string;
  onSubmit: (draft: LearnerDraft) => Promise<ApiError | null>;
  onCancel: () => void;
}) {
  const { t } = useTranslation();
  const [draft, setDraft] = useState(initial);
  const [problems, setProblems] = useState<Partial<Record<DraftField, string>>>({});
  const [error, setError] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);
  const jabatanId = useId();
  const operatorId = useId();

  const set = <K extends DraftField>(key: K, value: LearnerDraft[K]) => {
    setDraft((d) => ({ ...d, [key]: value }));
    setProblems((p) => ({ ...p, [key]: undefined }));
  };
  const problem = (key: DraftField) => (problems[key] ? t(problems[key]) : null);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const found = validateLearner(draft, needPin);
    setProblems(found);
    if (Object.keys(found).length > 0) return;
    setBusy(true);
    setError(await onSubmit({ ...draft, fullName: draft.fullName.trim() }));
    setBusy(false);
  };

  return (
    <form className="form form-grid" onSubmit={(e) => void submit(e)} noValidate>
      <TextField
        label={t('form.fullName')}
        value={draft.fullName}
        onChange={(v) => set('fullName', v)}
        error={problem('fullName')}
        maxLength={100}
        autoComplete="off"
      />
      <div className="field">
        <label htmlFor={jabatanId}>{t('form.jabatan')}</label>
        <select
          id={jabatanId}
          className="input"
          value={draft.jabatan}
          onChange={(e) => set('jabatan', e.target.value as Jabatan)}
        >
          {JABATAN_OPTIONS.map(([code, label]) => (
            <option key={code} value={code}>
              {label}
            </option>
          ))}
        </select>
      </div>
      <TextField
        label={t('form.nik')}
        hint={t('form.nikHint')}
        value={draft.nik}
        onChange={(v) => set('nik', v.replace(/\D/g, ''))}
        error={problem('nik')}
        inputMode="numeric"
        maxLength={16}
        autoComplete="off"
      />
      <TextField
        label={t('form.phone')}
        hint={t('form.optional')}
        value={draft.phone}
        onChange={(v) => set('phone', v)}
        error={problem('phone')}
        type="tel"
        maxLength={20}
        autoComplete="off"
      />
      <TextField
        label={t('form.email')}
        hint={t('form.emailHint')}
        value={draft.email}
        onChange={(v) => set('email', v.trim())}
        error={problem('email')}
        type="email"
        maxLength={254}
        autoComplete="off"
      />
      {needPin && (
        <>
          <TextField
            label={t('form.pin')}
            hint={t('form.pinHint')}
            value={draft.pin}
            onChange={(v) => set('pin', v.replace(/\D/g, ''))}
            error={problem('pin')}
            type="password"
            inputMode="numeric"
            maxLength={6}
            autoComplete="new-password"
          />
          <TextField
            label={t('form.pin2')}
            value={draft.pin2}
            onChange={(v) => set('pin2', v.replace(/\D/g, ''))}
            error={problem('pin2')}
            type="password"
            inputMode="numeric"
            maxLength={6}
            autoComplete="new-password"
          />
        </>
      )}
      <label className="check-big field-wide" htmlFor={operatorId}>
        <input
          id={operatorId}
          type="checkbox"
          checked={draft.isOperator}
          onChange={(e) => set('isOperator', e.target.checked)}
        />
        <span>{t('form.isOperator')}</span>
      </label>
      <div className="field-wide">
        <ErrorBox error={error} />
      </div>
      <div className="actions field-wide">
        <button type="button" className="btn btn-secondary" onClick={onCancel} disabled={busy}>
          {t('common.cancel')}
        </button>
        <button type="submit" className="btn btn-primary" disabled={busy}>
          {submitLabel}
        </button>
      </div>
    </form>
  );
}
