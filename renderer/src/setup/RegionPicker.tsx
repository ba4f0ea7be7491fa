import { useEffect, useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ApiError } from '../../../main/api/result';
import type { RegionChoice, RegionLevel } from '../../../main/api/regions';
import { call } from '../api/client';
import { ErrorBox } from '../shared/ErrorBox';

/** One level of the Kemendagri list as big buttons, with a filter box (a province can have hundreds). */
export function RegionPicker({
  level,
  parent,
  selected,
  onPick,
  onLoaded,
}: {
  level: RegionLevel;
  parent: string | undefined;
  selected: string | undefined;
  onPick: (region: RegionChoice) => void;
  /** The list is on screen (the wizard marks the screen ready for tests and the benchmark). */
  onLoaded: () => void;
}) {
  const { t } = useTranslation();
  const [items, setItems] = useState<RegionChoice[] | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [filter, setFilter] = useState('');
  const filterId = useId();
  const loaded = useRef(onLoaded);
  useEffect(() => {
    loaded.current = onLoaded;
  }, [onLoaded]);

  useEffect(() => {
    let live = true;
    void call('regions.children', parent === undefined ? {} : { parent }).then((r) => {
      if (!live) return;
      if (r.ok) setItems(r.value.items);
      else setError(r.error);
      loaded.current();
    });
    return () => {
      live = false;
    };
  }, [parent]);

  const needle = filter.trim().toLowerCase();
  const shown = items?.filter(
    (r) => !needle || r.name.toLowerCase().includes(needle) || r.code.startsWith(needle),
  );

  return (
    <div className="region-picker">
      <ErrorBox error={error} />
      <div className="field field-inline">
        <label htmlFor={filterId}>{t(`setup.filter.${level}`)}</label>
        <input
          id={filterId}
          type="search"
          className="input"
          value={filter}
          autoComplete="off"
          onChange={(e) => setFilter(e.target.value)}
        />
      </div>
      {!items && !error && (
        <p role="status" className="loading">
          {t('common.loading')}
        </p>
      )}
      {shown && (
        <>
          <p className="muted" role="status">
            {t('setup.shown', { count: shown.length, total: items?.length ?? 0 })}
          </p>
          <ul className="region-grid" aria-label={t(`setup.level.${level}`)}>
            {shown.map((region) => (
              <li key={region.code}>
                <button
                  type="button"
                  className="region-button"
                  aria-pressed={region.code === selected}
                  onClick={() => onPick(region)}
                >
                  <span className="region-name">{region.name}</span>
                  <span className="region-code">
                    {region.desaCount === 0 ? t('setup.kelurahanOnly', { code: region.code }) : region.code}
                  </span>
                </button>
              </li>
            ))}
          </ul>
        </>
      )}
    </div>
  );
}
