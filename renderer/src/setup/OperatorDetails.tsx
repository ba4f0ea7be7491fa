import { useId, useState, type FormEvent, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { Jabatan } from '../../../main/api/jabatan';
import { JABATAN_OPTIONS } from '../shared/jabatan';

export interface OperatorDraft {
  fullName: string;
  jabatan: Jabatan;
  isLearner: boolean;
}

/** The operator's name, jabatan, and whether they also study here. */
export function OperatorDetails({
  initial,
  onNext,
  back,
}: {
  initial: OperatorDraft;
  back: ReactNode;
  onNext: (draft: OperatorDraft) => void;
}) {
  const { t } = useTranslation();
  const [draft, setDraft] = useState(initial);
  const [nameError, setNameError] = useState(false);
  const nameId = useId();
  const jabatanId = useId();
  const learnerId = useId();
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const name = draft.fullName.trim();
    if (name.length < 2 || name.length > 100) return setNameError(true);
    onNext({ ...draft, fullName: name });
  };
  return (
    <form className="form" onSubmit={submit} noValidate>
      <div className="field">
        <label htmlFor={nameId}>{t('form.fullName')}</label>
        <input
          id={nameId}
          className="input"
          value={draft.fullName}
          maxLength={100}
          autoComplete="off"
          aria-invalid={nameError}
          aria-describedby={nameError ? `${nameId}-err` : undefined}
          onChange={(e) => {
            setNameError(false);
            setDraft({ ...draft, fullName: e.target.value });
          }}
        />
        {nameError && (
          <p className="field-error" id={`${nameId}-err`}>
            {t('form.fullNameInvalid')}
          </p>
        )}
      </div>
      <div className="field">
        <label htmlFor={jabatanId}>{t('form.jabatan')}</label>
        <select
          id={jabatanId}
          className="input"
          value={draft.jabatan}
          onChange={(e) => setDraft({ ...draft, jabatan: e.target.value as Jabatan })}
        >
          {JABATAN_OPTIONS.map(([code, label]) => (
            <option key={code} value={code}>
              {label}
            </option>
          ))}
        </select>
      </div>
      <label className="check-big" htmlFor={learnerId}>
        <input
          id={learnerId}
          type="checkbox"
          checked={draft.isLearner}
          onChange={(e) => setDraft({ ...draft, isLearner: e.target.checked })}
        />
        <span>{t('setup.alsoLearner')}</span>
      </label>
      <div className="actions">
        {back}
        <button type="submit" className="btn btn-primary">
          {t('common.continue')}
        </button>
      </div>
    </form>
  );
}
