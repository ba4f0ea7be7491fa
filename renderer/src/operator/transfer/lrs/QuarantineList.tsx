import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { QuarantinedStatement, UploadStatus } from '../../../../../main/api/lrs';
import type { ApiError } from '../../../../../main/api/result';
import { call } from '../../../api/client';
import { formatDateTime } from '../../../i18n/format';
import { ErrorBox } from '../../../shared/ErrorBox';
import { known, QUARANTINE_REASONS, quarantineReasonKey, verbKey } from './reasons';

const PAGE = 50;

/**
 * The statements kept aside, each with why in words and what the LRS said (small, for the regency's
 * technician); "Kirim ulang" for one or all puts them back in the queue once the LRS side is fixed.
 * `version` changes whenever the counts do, so the list follows the schedule's work.
 */
export function QuarantineList({
  total,
  version,
  onReleased,
}: {
  total: number;
  version: string;
  onReleased: (released: number, status: UploadStatus) => void;
}) {
  const { t } = useTranslation();
  const [page, setPage] = useState(0);
  // Releases shrink the list: never stay on a page past its end.
  const lastPage = Math.max(0, Math.ceil(total / PAGE) - 1);
  const offset = Math.min(page, lastPage) * PAGE;
  const [items, setItems] = useState<QuarantinedStatement[] | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    let stopped = false;
    void call('lrs.quarantine', { offset, limit: PAGE }).then((r) => {
      if (stopped) return;
      if (r.ok) {
        setItems(r.value.items);
        setError(null);
      } else setError(r.error);
    });
    return () => {
      stopped = true;
    };
  }, [version, offset]);

  const release = async (seqs: 'all' | number[]) => {
    setBusy(true);
    const r = await call('lrs.release', { seqs });
    setBusy(false);
    if (!r.ok) return setError(r.error);
    setError(null);
    onReleased(r.value.released, r.value.status);
  };

  return (
    <section className="lrs-quarantine" aria-labelledby="lrs-quarantine-heading" data-testid="lrs-quarantine">
      <div className="lrs-quarantine-head">
        <div>
          <h2 id="lrs-quarantine-heading">{t('op.lrs.quarantine.title', { count: total })}</h2>
          <p className="muted">{total > 0 ? t('op.lrs.quarantine.intro') : t('op.lrs.quarantine.none')}</p>
        </div>
        {total > 0 && (
          <button
            type="button"
            className="btn btn-secondary"
            disabled={busy}
            onClick={() => void release('all')}
          >
            {t('op.lrs.quarantine.releaseAll')}
          </button>
        )}
      </div>
      <ErrorBox error={error} />
      {total > 0 && items && items.length > 0 && (
        <ul className="lrs-quarantine-list" aria-label={t('op.lrs.quarantine.listLabel')}>
          {items.map((item) => {
            const reason = known(item.reason, QUARANTINE_REASONS);
            const verb = verbKey(item.verb);
            return (
              <li
                key={item.seq}
                className="lrs-quarantine-item"
                data-seq={item.seq}
                data-reason={item.reason}
              >
                <div className="lrs-quarantine-text">
                  <p className="lrs-quarantine-what">
                    {t('op.lrs.quarantine.what', {
                      seq: item.seq,
                      verb: verb ? t(verb) : item.verb,
                      when: formatDateTime(item.recordedAt),
                    })}
                  </p>
                  <p className="lrs-quarantine-why">
                    {reason ? t(quarantineReasonKey(reason)) : t('op.lrs.quarantine.reason.other')}
                  </p>
                  <p className="lrs-quarantine-detail" lang="en" data-testid="lrs-quarantine-detail">
                    {item.httpStatus !== null && `HTTP ${item.httpStatus} · `}
                    {item.detail}
                  </p>
                </div>
                <button
                  type="button"
                  className="btn btn-secondary btn-small"
                  disabled={busy}
                  aria-label={t('op.lrs.quarantine.releaseOneLabel', { seq: item.seq })}
                  onClick={() => void release([item.seq])}
                >
                  {t('op.lrs.quarantine.releaseOne')}
                </button>
              </li>
            );
          })}
        </ul>
      )}
      {total > PAGE && (
        <div className="actions lrs-pages">
          <button
            type="button"
            className="btn btn-secondary btn-small"
            onClick={() => setPage(Math.min(page, lastPage) - 1)}
            disabled={offset === 0}
          >
            {t('op.lrs.quarantine.previous')}
          </button>
          <p className="muted">
            {t('op.lrs.quarantine.range', {
              from: offset + 1,
              to: Math.min(total, offset + PAGE),
              total,
            })}
          </p>
          <button
            type="button"
            className="btn btn-secondary btn-small"
            onClick={() => setPage(Math.min(page, lastPage) + 1)}
            disabled={offset + PAGE >= total}
          >
            {t('op.lrs.quarantine.next')}
          </button>
        </div>
      )}
    </section>
  );
}
