import { useCallback, useEffect, useLayoutEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { SessionAccount } from '../../../main/api/auth';
import type { SystemInfo } from '../../../main/api/system';
import { call, onCallError } from '../api/client';
import { applyLanguage, storedLanguage, type Language } from '../i18n';
import { navigate, useRoute } from '../router/hash';
import { ErrorBox } from '../shared/ErrorBox';
import { IdleGuard } from '../shared/IdleGuard';
import { TopBar } from '../shared/TopBar';
import { homeRouteFor, resumeRouteFor } from './areas';
import { AppContext, type AppState, type Notice } from './context';
import { flushAll } from './flush';
import { Screens } from './Screens';
import { TestBuildBanner } from './TestBuildBanner';

type Boot =
  | { state: 'loading' }
  | { state: 'failed'; error: Parameters<typeof ErrorBox>[0]['error'] }
  | { state: 'ready'; info: SystemInfo; account: SessionAccount | null };

async function loadBoot(): Promise<Boot> {
  const [info, me] = await Promise.all([call('system.info', {}), call('auth.me', {})]);
  if (!info.ok) return { state: 'failed', error: info.error };
  if (!storedLanguage()) applyLanguage(info.value.language, false);
  return { state: 'ready', info: info.value, account: me.ok ? me.value.account : null };
}

/** The whole UI: loads system.info and the session, then shows set-up, home, or the person's area. */
export function App() {
  const { t } = useTranslation();
  const [boot, setBoot] = useState<Boot>({ state: 'loading' });
  const [notice, setNotice] = useState<Notice>(null);

  const load = useCallback(() => {
    void loadBoot().then(setBoot);
  }, []);
  useEffect(load, [load]);

  const setAccount = useCallback((account: SessionAccount | null) => {
    setBoot((b) => (b.state === 'ready' ? { ...b, account } : b));
  }, []);

  // A call refused for want of a session while someone is logged in here: the session expired.
  const loggedInNow = boot.state === 'ready' && boot.account !== null;
  useEffect(() => {
    if (!loggedInNow) return;
    return onCallError((method, error) => {
      if (error.code !== 'UNAUTHENTICATED' || method === 'auth.logout') return;
      setAccount(null);
      setNotice('expired');
      navigate('/', { replace: true });
    });
  }, [loggedInNow, setAccount]);

  const app = useMemo<AppState | null>(() => {
    if (boot.state !== 'ready') return null;
    return {
      info: boot.info,
      account: boot.account,
      notice,
      refreshInfo: async () => {
        const info = await call('system.info', {});
        if (info.ok) setBoot((b) => (b.state === 'ready' ? { ...b, info: info.value } : b));
      },
      loggedIn: ({ account, resume }, landing) => {
        setNotice(null);
        setAccount(account);
        const target = landing ?? (account.isLearner && resume ? resumeRouteFor(resume.route) : null);
        navigate(target ?? homeRouteFor(account), { replace: true });
      },
      logout: async (reason) => {
        await flushAll();
        await call('auth.logout', { reason });
        setAccount(null);
        setNotice(reason === 'idle' ? 'idle' : 'loggedOut');
        navigate('/', { replace: true });
      },
      setLanguage: (language: Language) => {
        applyLanguage(language);
        if (boot.account?.isOperator) void call('settings.update', { language });
      },
    };
  }, [boot, notice, setAccount]);

  if (boot.state === 'loading') {
    return (
      <main className="boot" data-screen="loading">
        <p>{t('common.loading')}</p>
      </main>
    );
  }
  if (boot.state === 'failed' || !app) {
    return (
      <main className="boot" data-screen="boot-failed">
        <h1>{t('app.name')}</h1>
        {boot.state === 'failed' && <ErrorBox error={boot.error} />}
        <button
          type="button"
          className="btn btn-primary"
          onClick={() => {
            setBoot({ state: 'loading' });
            load();
          }}
        >
          {t('common.tryAgain')}
        </button>
      </main>
    );
  }
  return (
    <AppContext value={app}>
      <RouteEffects account={app.account} />
      <TestBuildBanner show={app.info.testBuild} />
      <TopBar />
      <main id="main" className="main">
        <Screens />
      </main>
      {app.account && (
        <IdleGuard
          key={app.account.id}
          minutes={app.info.idle.minutes}
          warningSeconds={app.info.idle.warningSeconds}
          onTimeout={() => void app.logout('idle')}
        />
      )}
    </AppContext>
  );
}

/**
 * On every route change: start the new screen at the top (a lesson then scrolls to its saved place), and
 * remember the learner's place, so the next login resumes there.
 */
function RouteEffects({ account }: { account: SessionAccount | null }) {
  const route = useRoute();
  useLayoutEffect(() => {
    window.scrollTo(0, 0); // newer Chromium returns a promise here: never let it become the effect's cleanup
  }, [route]);
  useEffect(() => {
    const place = account?.isLearner ? resumeRouteFor(route) : null;
    if (!place) return;
    // Once the new screen has asked for its data: the save is a durable write (an fsync on the kiosk's disk)
    // and the core answers one call at a time, so sent first it would hold the screen's own calls back.
    const save = () => void call('auth.saveResume', { route: place, position: 0 });
    if (typeof window.requestIdleCallback === 'function') window.requestIdleCallback(save, { timeout: 1000 });
    else setTimeout(save, 0);
  }, [account, route]);
  return null;
}
