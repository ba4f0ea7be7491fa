import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ApiError } from '../../../../main/api/result';
import type { DeliveryStatus, PendingHubView } from '../../../../main/api/transfer';
import { call } from '../../api/client';
import { ErrorBox } from '../../shared/ErrorBox';
import { formatDateTime } from '../../i18n/format';

/**
 * A second certified hub sent a receipt (a kecamatan hub, then the kabupaten's): the operator sees the hub
 * this kiosk reports to now and the new one, each by name and region as their certificates say, and confirms
 * or turns the new one down. Confirming applies the receipt that brought it.
 */
export function PendingHubConfirm({
  status,
  onStatus,
}: {
  status: DeliveryStatus;
  onStatus: (status: DeliveryStatus) => void;
}) {
  const { t } = useTranslation();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const [done, setDone] = useState<{ name: string; count: number } | null>(null);
  const current = status.hub;

  const decide = async (hub: PendingHubView, confirm: boolean) => {
    setBusy(true);
    setError(null);
    if (confirm) {
      const r = await call('transfer.confirmHub', { keyId: hub.keyId });
      setBusy(false);
      if (!r.ok) return setError(r.error);
      setDone({ name: hub.certifiedName, count: r.value.newlyDelivered });
      onStatus(r.value.status);
    } else {
      const r = await call('transfer.rejectHub', { keyId: hub.keyId });
      setBusy(false);
      if (!r.ok) return setError(r.error);
      onStatus(r.value.status);
    }
  };

  return (
    <section className="pending-hubs" aria-labelledby="pending-hubs-heading" data-testid="pending-hubs">
      {done && (
        <p className="lead" role="status" data-testid="hub-confirmed">
          {t('op.transfer.pendingHub.confirmed', { name: done.name, count: done.count })}
        </p>
      )}
      {status.pendingHubs.length > 0 && (
        <h3 id="pending-hubs-heading">{t('op.transfer.pendingHub.title')}</h3>
      )}
      {error && <ErrorBox error={error} />}
      {status.pendingHubs.map((hub) => (
        <div key={hub.keyId} className="pending-hub" data-testid="pending-hub">
          <p>{t('op.transfer.pendingHub.explain')}</p>
          <dl className="identity">
            <div>
              <dt>{t('op.transfer.pendingHub.current')}</dt>
              <dd data-testid="current-hub">
                {current
                  ? t('op.transfer.pendingHub.hubLine', {
                      name: current.certified?.name ?? current.name,
                      region: current.certified?.scope ?? current.regionCode,
                    })
                  : t('op.transfer.status.hubNone')}
              </dd>
            </div>
            <div>
              <dt>{t('op.transfer.pendingHub.new')}</dt>
              <dd data-testid="new-hub">
                {t('op.transfer.pendingHub.hubLine', { name: hub.certifiedName, region: hub.certifiedScope })}
                <span className="fact-detail">
                  {t('op.transfer.pendingHub.detail', {
                    until: formatDateTime(hub.notAfter),
                    seen: formatDateTime(hub.seenAt),
                  })}
                </span>
              </dd>
            </div>
          </dl>
          <div className="actions">
            <button type="button" className="primary" disabled={busy} onClick={() => void decide(hub, true)}>
              {t('op.transfer.pendingHub.confirm')}
            </button>
            <button type="button" disabled={busy} onClick={() => void decide(hub, false)}>
              {t('op.transfer.pendingHub.reject')}
            </button>
          </div>
        </div>
      ))}
    </section>
  );
}
