import { useId, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { LrsSettingsView } from '../../../../../main/api/lrs';
import type { ApiError } from '../../../../../main/api/result';
import { ErrorBox } from '../../../shared/ErrorBox';
import { TextField } from '../../../shared/TextField';
import { draftIssues, fieldIssueKey, refusalByField, type LrsDraft, type LrsField } from './draft';

/** Plain http to another computer: the settings in use were saved with "izinkan http" ticked. */
function needsHttpPermission(endpoint: string): boolean {
  try {
    const url = new URL(endpoint);
    return url.protocol === 'http:' && !['localhost', '127.0.0.1', '[::1]'].includes(url.hostname);
  } catch {
    return false;
  }
}

/**
 * The LRS's endpoint and this kiosk's key and secret there. The secret is never filled in (the app never
 * gives it back): changing the settings means typing it again. Plain http to another computer is only
 * taken when the operator ticks "izinkan http", under a warning. Every refusal is said at its field.
 */
export function LrsSettingsForm({
  current,
  busy,
  error,
  onSubmit,
  onCancel,
}: {
  /** The settings in use (to change them), or null (none set yet). */
  current: LrsSettingsView | null;
  busy: boolean;
  error: ApiError | null;
  onSubmit: (draft: LrsDraft) => void;
  onCancel: (() => void) | null;
}) {
  const { t } = useTranslation();
  const [draft, setDraft] = useState<LrsDraft>({
    endpoint: current?.endpoint ?? '',
    key: current?.key ?? '',
    secret: '',
    allowHttp: current ? needsHttpPermission(current.endpoint) : false,
  });
  const [showSecret, setShowSecret] = useState(false);
  const [tried, setTried] = useState(false);
  // What was last sent: the app's refusal of a field stands until that field changes.
  const [sent, setSent] = useState<LrsDraft | null>(null);
  const warningId = useId();
  const issues = draftIssues(draft);
  const refused = refusalByField(error);
  const fieldError = (field: LrsField): string | null => {
    const own = tried ? issues[field] : undefined;
    if (own) return t(fieldIssueKey(own));
    const app = refused[field];
    const changed =
      sent !== null &&
      (draft[field] !== sent[field] || (field === 'endpoint' && draft.allowHttp !== sent.allowHttp));
    if (!app || changed) return null;
    return app.detail ? `${t(app.key)} (${app.detail})` : t(app.key);
  };
  const edit = (change: Partial<LrsDraft>) => setDraft((d) => ({ ...d, ...change }));
  // An error the fields do not explain (not BAD_INPUT, or nothing known in it) is said above the form.
  const unexplained = error && Object.keys(refused).length === 0 ? error : null;

  const submit = (event: FormEvent) => {
    event.preventDefault();
    setTried(true);
    if (Object.keys(issues).length > 0) return;
    setSent(draft);
    onSubmit(draft);
  };

  return (
    <form className="form lrs-form" onSubmit={submit} noValidate data-testid="lrs-form">
      <h2 className="step-title">{current ? t('op.lrs.form.titleChange') : t('op.lrs.form.titleNew')}</h2>
      <p className="muted lrs-form-intro">{t('op.lrs.form.intro')}</p>
      <ErrorBox error={unexplained} />
      <div className="form-grid">
        <div className="field-wide">
          <TextField
            label={t('op.lrs.form.endpoint')}
            hint={t('op.lrs.form.endpointHint')}
            value={draft.endpoint}
            onChange={(endpoint) => edit({ endpoint })}
            maxLength={500}
            inputMode="url"
            autoComplete="off"
            autoCapitalize="off"
            spellCheck={false}
            placeholder="https://lrs.contoh.id/xAPI/"
            error={fieldError('endpoint')}
          />
        </div>
        <TextField
          label={t('op.lrs.form.key')}
          hint={t('op.lrs.form.keyHint')}
          value={draft.key}
          onChange={(key) => edit({ key })}
          maxLength={200}
          autoComplete="off"
          autoCapitalize="off"
          spellCheck={false}
          error={fieldError('key')}
        />
        <div>
          <TextField
            label={t('op.lrs.form.secret')}
            hint={current ? t('op.lrs.form.secretHintAgain') : t('op.lrs.form.secretHint')}
            type={showSecret ? 'text' : 'password'}
            value={draft.secret}
            onChange={(secret) => edit({ secret })}
            maxLength={500}
            autoComplete="new-password"
            autoCapitalize="off"
            spellCheck={false}
            error={fieldError('secret')}
          />
          <label className="check-small">
            <input type="checkbox" checked={showSecret} onChange={(e) => setShowSecret(e.target.checked)} />
            <span>{t('op.lrs.form.showSecret')}</span>
          </label>
        </div>
        <div className="field-wide">
          <label className="check-big">
            <input
              type="checkbox"
              checked={draft.allowHttp}
              aria-describedby={warningId}
              onChange={(e) => edit({ allowHttp: e.target.checked })}
            />
            <span>{t('op.lrs.form.allowHttp')}</span>
          </label>
          <p
            id={warningId}
            className={draft.allowHttp ? 'lrs-http-warning lrs-http-on' : 'lrs-http-warning'}
            data-testid="http-warning"
          >
            {t('op.lrs.form.allowHttpWarning')}
          </p>
        </div>
      </div>
      <div className="actions lrs-form-actions">
        <button type="submit" className="btn btn-primary" disabled={busy}>
          {busy ? t('op.lrs.form.saving') : t('op.lrs.form.save')}
        </button>
        {onCancel && (
          <button type="button" className="btn btn-secondary" onClick={onCancel} disabled={busy}>
            {t('common.cancel')}
          </button>
        )}
      </div>
    </form>
  );
}
