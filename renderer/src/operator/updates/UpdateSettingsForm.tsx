import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { UPDATE_CHANNELS, type UpdateSettings } from '../../../../main/api/updates';
import type { ApiError } from '../../../../main/api/result';
import { call } from '../../api/client';
import { ErrorBox } from '../../shared/ErrorBox';
import { TextField } from '../../shared/TextField';
import {
  changeOf,
  draftIssues,
  draftOf,
  QUIET_MINUTES,
  type UpdateDraft,
  type UpdateDraftField,
} from './draft';
import { channelHintKey, channelKey } from './reasons';

/**
 * The update settings: channel (each said plainly), the feed (empty: the one built into the app), the quiet
 * time before an install, start at login, and the course catalogue's address. Problems are said at their field.
 */
export function UpdateSettingsForm({
  settings,
  onSaved,
}: {
  settings: UpdateSettings;
  onSaved: (settings: UpdateSettings) => void;
}) {
  const { t } = useTranslation();
  const [draft, setDraft] = useState<UpdateDraft>(() => draftOf(settings));
  const [tried, setTried] = useState(false);
  const [busy, setBusy] = useState(false);
  const [saved, setSaved] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const issues = draftIssues(draft);
  const fieldError = (field: UpdateDraftField) => {
    const key = tried ? issues[field] : undefined;
    return key ? t(key, QUIET_MINUTES) : null;
  };
  const edit = (change: Partial<UpdateDraft>) => {
    setSaved(false);
    setDraft((d) => ({ ...d, ...change }));
  };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setTried(true);
    if (Object.keys(issues).length > 0) return;
    setBusy(true);
    setError(null);
    const r = await call('updates.saveSettings', changeOf(draft));
    setBusy(false);
    if (!r.ok) return setError(r.error);
    setDraft(draftOf(r.value.settings));
    setSaved(true);
    onSaved(r.value.settings);
  };

  return (
    <form
      className="form update-form"
      onSubmit={(e) => void submit(e)}
      noValidate
      data-testid="update-settings"
    >
      <h2 className="step-title">{t('op.updates.form.title')}</h2>
      <fieldset className="update-channels">
        <legend>{t('op.updates.form.channel')}</legend>
        {UPDATE_CHANNELS.map((channel) => (
          <label key={channel} className="update-channel">
            <input
              type="radio"
              name="channel"
              value={channel}
              checked={draft.channel === channel}
              onChange={() => edit({ channel })}
            />
            <span>
              <span className="update-channel-name">{t(channelKey(channel))}</span>
              <span className="hint">{t(channelHintKey(channel))}</span>
            </span>
          </label>
        ))}
      </fieldset>
      <TextField
        label={t('op.updates.form.quietMinutes')}
        hint={t('op.updates.form.quietHint', QUIET_MINUTES)}
        value={draft.quietMinutes}
        onChange={(v) => edit({ quietMinutes: v.replace(/\D/g, '') })}
        inputMode="numeric"
        maxLength={3}
        error={fieldError('quietMinutes')}
      />
      <TextField
        label={t('op.updates.form.catalogueUrl')}
        hint={t('op.updates.form.catalogueHint')}
        value={draft.catalogueUrl}
        onChange={(catalogueUrl) => edit({ catalogueUrl })}
        maxLength={500}
        inputMode="url"
        autoComplete="off"
        autoCapitalize="off"
        spellCheck={false}
        placeholder="https://kursus.contoh.id/katalog.json"
        error={fieldError('catalogueUrl')}
      />
      <TextField
        label={t('op.updates.form.feedUrl')}
        hint={t('op.updates.form.feedHint')}
        value={draft.feedUrl}
        onChange={(feedUrl) => edit({ feedUrl })}
        maxLength={500}
        inputMode="url"
        autoComplete="off"
        autoCapitalize="off"
        spellCheck={false}
        error={fieldError('feedUrl')}
      />
      <div className="field">
        <label className="check-big">
          <input
            type="checkbox"
            checked={draft.startAtLogin}
            onChange={(e) => edit({ startAtLogin: e.target.checked })}
          />
          <span>{t('op.updates.form.startAtLogin')}</span>
        </label>
        <p className="hint">{t('op.updates.form.startAtLoginHint')}</p>
      </div>
      <ErrorBox error={error} />
      {saved && (
        <p className="notice notice-ok" role="status">
          {t('op.updates.form.saved')}
        </p>
      )}
      <div className="actions">
        <button type="submit" className="btn btn-primary" disabled={busy}>
          {busy ? t('op.updates.form.saving') : t('common.save')}
        </button>
      </div>
    </form>
  );
}
