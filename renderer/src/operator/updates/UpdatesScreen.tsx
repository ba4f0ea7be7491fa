import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ApiError, Result } from '../../../../main/api/result';
import type { AcceptedCatalogueView, UpdateSettings, UpdateStatusView } from '../../../../main/api/updates';
import { call } from '../../api/client';
import { ErrorBox } from '../../shared/ErrorBox';
import { Loading, Screen } from '../../shared/Screen';
import { OperatorNav } from '../OperatorNav';
import { SettingsTabs } from '../SettingsTabs';
import { CataloguePanel } from './CataloguePanel';
import { StickUpdate } from './StickUpdate';
import { UpdateSettingsForm } from './UpdateSettingsForm';
import { UpdateStatusPanel } from './UpdateStatusPanel';
import { updateProblem, updateProblemKey } from './reasons';
import { MoreAbout } from '../../shared/MoreAbout';

/** How often the open screen reads the status again (a download finishing, the next check). */
const STATUS_POLL_MS = 5000;

interface Loaded {
  status: UpdateStatusView;
  settings: UpdateSettings;
  catalogue: { url: string | null; catalogues: AcceptedCatalogueView[] };
}

/**
 * "Pengaturan → Pembaruan": the app's version and its updates (status, check now, postpone, from a stick),
 * their settings, and the course catalogue. Outside the installed app the updater does not run: the screen
 * says so and its update buttons are off, while the settings and the catalogue still work.
 */
export function UpdatesScreen() {
  const { t } = useTranslation();
  const [loaded, setLoaded] = useState<Loaded | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [actionError, setActionError] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);
  const [stickOpen, setStickOpen] = useState(false);

  const refreshStatus = useCallback(async () => {
    const r = await call('updates.status', {});
    if (r.ok) setLoaded((l) => (l ? { ...l, status: r.value.status } : l));
  }, []);
  const refreshCatalogue = useCallback(async () => {
    const r = await call('catalogue.status', {});
    if (r.ok) setLoaded((l) => (l ? { ...l, catalogue: r.value } : l));
  }, []);

  // Stable: the task views call these once when their task ends.
  const onStatusChanged = useCallback(() => void refreshStatus(), [refreshStatus]);
  const onCatalogueSynced = useCallback(() => void refreshCatalogue(), [refreshCatalogue]);

  useEffect(() => {
    let stopped = false;
    void Promise.all([
      call('updates.status', {}),
      call('updates.settings', {}),
      call('catalogue.status', {}),
    ]).then(([status, settings, catalogue]) => {
      if (stopped) return;
      if (!status.ok) return setError(status.error);
      if (!settings.ok) return setError(settings.error);
      if (!catalogue.ok) return setError(catalogue.error);
      setLoaded({
        status: status.value.status,
        settings: settings.value.settings,
        catalogue: catalogue.value,
      });
    });
    const timer = window.setInterval(() => void refreshStatus(), STATUS_POLL_MS);
    return () => {
      stopped = true;
      window.clearInterval(timer);
    };
  }, [refreshStatus]);

  if (!loaded) {
    return error ? (
      <div className="screen" data-screen="operator-updates-failed">
        <ErrorBox error={error} />
      </div>
    ) : (
      <Loading name="operator-updates" label={t('common.loading')} />
    );
  }
  const { status, settings, catalogue } = loaded;
  const off = !status.active;

  const act = async (run: () => Promise<Result<{ status: UpdateStatusView }>>) => {
    setBusy(true);
    setActionError(null);
    const r = await run();
    setBusy(false);
    if (!r.ok) return setActionError(r.error);
    setLoaded((l) => (l ? { ...l, status: r.value.status } : l));
  };
  const problem = updateProblem(actionError?.details?.reason);

  return (
    <>
      <OperatorNav />
      <Screen name="operator-updates" title={t('settings.title')} wide>
        <SettingsTabs />
        <div className="updates-layout">
          <div className="updates-main">
            <section className="updates-app" aria-labelledby="app-updates-heading">
              <h2 id="app-updates-heading">{t('op.updates.title')}</h2>
              <MoreAbout topic="channels" />
              {off && (
                <p className="notice update-inactive" data-testid="updates-inactive">
                  {t('op.updates.inactive')}
                </p>
              )}
              <UpdateStatusPanel status={status} quietMinutes={settings.quietMinutes} />
              {actionError &&
                (problem ? (
                  <div className="error-box" role="alert">
                    <p>{t(updateProblemKey(problem))}</p>
                  </div>
                ) : (
                  <ErrorBox error={actionError} />
                ))}
              <div className="actions update-actions">
                <button
                  type="button"
                  className="btn btn-primary"
                  disabled={off || busy || status.busy}
                  onClick={() => void act(() => call('updates.check', {}))}
                >
                  {status.busy ? t('op.updates.checking') : t('op.updates.checkNow')}
                </button>
                <button
                  type="button"
                  className="btn btn-secondary"
                  disabled={off || busy}
                  onClick={() => void act(() => call('updates.postpone', { minutes: 60 }))}
                >
                  {t('op.updates.postponeHour')}
                </button>
                <button
                  type="button"
                  className="btn btn-secondary"
                  disabled={off || busy}
                  onClick={() => void act(() => call('updates.postpone', { minutes: 24 * 60 }))}
                >
                  {t('op.updates.postponeDay')}
                </button>
                {status.postponedUntil && (
                  <button
                    type="button"
                    className="btn btn-secondary"
                    disabled={off || busy}
                    onClick={() => void act(() => call('updates.postpone', { minutes: null }))}
                  >
                    {t('op.updates.postponeLift')}
                  </button>
                )}
                <button
                  type="button"
                  className="btn btn-secondary"
                  disabled={off || stickOpen}
                  onClick={() => setStickOpen(true)}
                >
                  {t('op.updates.fromStick')}
                </button>
              </div>
              {stickOpen && !off && (
                <StickUpdate
                  quietMinutes={settings.quietMinutes}
                  onEnded={onStatusChanged}
                  onClose={() => setStickOpen(false)}
                />
              )}
            </section>
            <CataloguePanel
              url={catalogue.url}
              catalogues={catalogue.catalogues}
              onSynced={onCatalogueSynced}
            />
          </div>
          <UpdateSettingsForm
            settings={settings}
            onSaved={(next) => {
              setLoaded((l) =>
                l ? { ...l, settings: next, catalogue: { ...l.catalogue, url: next.catalogueUrl } } : l,
              );
              void refreshStatus();
            }}
          />
        </div>
      </Screen>
    </>
  );
}
