import { useEffect, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { RosterCard } from '../../../main/api/auth';
import type { ApiError } from '../../../main/api/result';
import { call } from '../api/client';
import { useApp } from '../app/context';
import { navigate } from '../router/hash';
import { ErrorBox } from '../shared/ErrorBox';
import { Loading, Screen } from '../shared/Screen';
import { rememberCards } from './roster';
import { RosterCards } from './RosterCards';

/** Above this many learners the home screen offers a search box. */
const SEARCH_FROM = 12;

/** Not logged in: the village, and everyone's name card. Tap your name to log in. */
export function Home() {
  const { t } = useTranslation();
  const { info, notice } = useApp();
  const [roster, setRoster] = useState<{ cards: RosterCard[]; total: number } | null>(null);
  const [firstTotal, setFirstTotal] = useState<number | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [search, setSearch] = useState('');
  const searchId = useId();

  useEffect(() => {
    let live = true;
    const timer = window.setTimeout(
      () =>
        void call('auth.roster', { search: search.trim() }).then((r) => {
          if (!live) return;
          if (!r.ok) return setError(r.error);
          setError(null);
          rememberCards(r.value.cards);
          setRoster(r.value);
          setFirstTotal((n) => n ?? r.value.total);
        }),
      search ? 250 : 0,
    );
    return () => {
      live = false;
      window.clearTimeout(timer);
    };
  }, [search]);

  if (!roster) {
    return error ? (
      <div className="screen" data-screen="home-failed">
        <ErrorBox error={error} />
      </div>
    ) : (
      <Loading name="home" label={t('common.loading')} />
    );
  }
  const desa = info.desa;
  return (
    <Screen name="home" title={desa ? t('home.title', { desa: desa.name }) : t('app.name')} wide readAloud>
      {desa && (
        <p className="home-place">
          {t('home.place', { code: desa.code, kecamatan: desa.kecamatan, kabupaten: desa.kabupaten })}
        </p>
      )}
      {notice && (
        <p className="notice" role="status">
          {t(`home.notice.${notice}`)}
        </p>
      )}
      <p className="lead">{t('home.instruction')}</p>
      <ErrorBox error={error} />
      {(firstTotal ?? 0) > SEARCH_FROM && (
        <div className="field field-inline">
          <label htmlFor={searchId}>{t('home.search')}</label>
          <input
            id={searchId}
            type="search"
            className="input"
            value={search}
            maxLength={100}
            autoComplete="off"
            onChange={(e) => setSearch(e.target.value)}
          />
        </div>
      )}
      {roster.cards.length === 0 ? (
        <p className="muted">{search ? t('home.noMatch') : t('home.empty')}</p>
      ) : (
        <RosterCards
          cards={roster.cards}
          label={t('home.cardsLabel')}
          onPick={(c) => navigate(`/pin/${c.id}`)}
        />
      )}
      {roster.total > roster.cards.length && (
        <p className="muted">{t('home.more', { shown: roster.cards.length, total: roster.total })}</p>
      )}
      <nav className="home-links" aria-label={t('home.linksLabel')}>
        <button type="button" className="btn-link" onClick={() => navigate('/recover')}>
          {t('home.forgot')}
        </button>
        {info.shell === 'electron' && (
          <button type="button" className="btn-link" onClick={() => navigate('/kiosk-exit')}>
            {t('kiosk.exit')}
          </button>
        )}
      </nav>
    </Screen>
  );
}
