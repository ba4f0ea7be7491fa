import { useTranslation } from 'react-i18next';
import { navigate, useRoute } from '../router/hash';

/**
 * The places inside "Pengaturan": the kiosk's own settings, app and course updates, and the voices that read
 * aloud (the operator menu
 * has no room for a ninth tab at 1366 px).
 */
export function SettingsTabs() {
  const { t } = useTranslation();
  const route = useRoute();
  const tabs: [string, string][] = [
    ['/operator/settings', t('settings.tabs.general')],
    ['/operator/settings/updates', t('settings.tabs.updates')],
    ['/operator/settings/voices', t('settings.tabs.voices')],
  ];
  return (
    <nav className="settings-tabs" aria-label={t('settings.tabs.label')}>
      {tabs.map(([to, label]) => (
        <button
          key={to}
          type="button"
          className="settings-tab"
          aria-current={route === to ? 'page' : undefined}
          onClick={() => navigate(to)}
        >
          {label}
        </button>
      ))}
    </nav>
  );
}
