import { useEffect, useId, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { ApiError } from '../../../main/api/result';
import type { KioskSettings } from '../../../main/api/settings';
import { call } from '../api/client';
import { useApp } from '../app/context';
import { applyLanguage } from '../i18n';
import { navigate } from '../router/hash';
import { ErrorBox } from '../shared/ErrorBox';
import { Loading, Screen } from '../shared/Screen';
import { TextField } from '../shared/TextField';
import { OperatorNav } from './OperatorNav';
import { SettingsTabs } from './SettingsTabs';

/**
 * Kiosk settings: minutes before idle logout, the kiosk's language; leaving kiosk mode under Electron. App and
 * course updates are the other tab (`updates/UpdatesScreen`).
 */
export function SettingsScreen() {
  const { t } = useTranslation();
  const { info, refreshInfo } = useApp();
  const [settings, setSettings] = useState<KioskSettings | null>(null);
  const [minutes, setMinutes] = useState('');
  const [minutesProblem, setMinutesProblem] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const [saved, setSaved] = useState(false);
  const languageId = useId();

  useEffect(() => {
    void call('settings.get', {}).then((r) => {
      if (!r.ok) return setError(r.error);
      setSettings(r.value.settings);
      setMinutes(String(r.value.settings.idleMinutes));
    });
  }, []);

  if (!settings) {
    return error ? (
      <div className="screen" data-screen="operator-settings-failed">
        <ErrorBox error={error} />
      </div>
    ) : (
      <Loading name="operator-settings" label={t('common.loading')} />
    );
  }

  const save = async (event: FormEvent) => {
    event.preventDefault();
    const n = Number(minutes);
    if (!Number.isInteger(n) || n < 1 || n > 120) return setMinutesProblem(true);
    setSaved(false);
    setError(null);
    const r = await call('settings.update', { idleMinutes: n, language: settings.language });
    if (!r.ok) return setError(r.error);
    setSettings(r.value.settings);
    applyLanguage(r.value.settings.language);
    setSaved(true);
    await refreshInfo();
  };

  return (
    <>
      <OperatorNav />
      <Screen name="operator-settings" title={t('settings.title')} wide>
        <SettingsTabs />
        <form className="form" onSubmit={(e) => void save(e)} noValidate>
          <TextField
            label={t('settings.idleMinutes')}
            hint={t('settings.idleHint')}
            value={minutes}
            onChange={(v) => {
              setMinutesProblem(false);
              setMinutes(v.replace(/\D/g, ''));
            }}
            error={minutesProblem ? t('settings.idleInvalid') : null}
            inputMode="numeric"
            maxLength={3}
          />
          <div className="field">
            <label htmlFor={languageId}>{t('settings.language')}</label>
            <select
              id={languageId}
              className="input"
              value={settings.language}
              onChange={(e) => setSettings({ ...settings, language: e.target.value === 'en' ? 'en' : 'id' })}
            >
              <option value="id">Bahasa Indonesia</option>
              <option value="en">English</option>
            </select>
          </div>
          <ErrorBox error={error} />
          {saved && (
            <p className="notice notice-ok" role="status">
              {t('settings.saved')}
            </p>
          )}
          <div className="actions">
            <button type="submit" className="btn btn-primary">
              {t('common.save')}
            </button>
          </div>
        </form>
        {info.shell === 'electron' && (
          <section className="action-block" aria-labelledby="kiosk-heading">
            <h2 id="kiosk-heading">{t('kiosk.exit')}</h2>
            <p className="hint">{t('kiosk.exitHint')}</p>
            <button
              type="button"
              className="btn btn-secondary"
              onClick={() => navigate('/operator/kiosk-exit')}
            >
              {t('kiosk.exit')}
            </button>
          </section>
        )}
      </Screen>
    </>
  );
}
