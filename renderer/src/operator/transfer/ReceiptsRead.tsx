import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { DriveView } from '../../../../main/api/library';
import type { ApiError } from '../../../../main/api/result';
import type { DeliveryStatus, ReceiptOnDrive } from '../../../../main/api/transfer';
import { call } from '../../api/client';
import { ErrorBox } from '../../shared/ErrorBox';
import { DeliveryStatusPanel } from './DeliveryStatusPanel';
import { PendingHubConfirm } from './PendingHubConfirm';
import { receiptRefusalKey } from './reasons';

const TAG: Record<ReceiptOnDrive['outcome'], string> = {
  applied: 'status status-ok',
  already_applied: 'status status-muted',
  other_device: 'status status-muted',
  needs_confirmation: 'status status-warn',
  refused: 'status status-warn',
};

/**
 * Reads every receipt for this kiosk on the stick (`transfer.receipts`), then lists each file and what became
 * of it, and the status as it is now.
 */
export function ReceiptsRead({
  drive,
  onStatus,
}: {
  drive: DriveView;
  /** The status after the receipts, for the screen to show from now on. */
  onStatus: (status: DeliveryStatus) => void;
}) {
  const { t } = useTranslation();
  const [answer, setAnswer] = useState<{ receipts: ReceiptOnDrive[]; status: DeliveryStatus } | null>(null);
  const [error, setError] = useState<ApiError | null>(null);

  useEffect(() => {
    let stopped = false;
    void call('transfer.receipts', { driveId: drive.id }).then((r) => {
      if (stopped) return;
      if (!r.ok) return setError(r.error);
      setAnswer(r.value);
      onStatus(r.value.status);
    });
    return () => {
      stopped = true;
    };
  }, [drive.id, onStatus]);

  if (error) return <ErrorBox error={error} />;
  if (!answer) {
    return (
      <p role="status" className="loading">
        {t('op.transfer.receipts.reading', { label: drive.label })}
      </p>
    );
  }
  const { receipts, status } = answer;
  const newly = receipts.reduce((n, r) => n + r.newlyDelivered, 0);
  return (
    <>
      {receipts.length === 0 ? (
        <div className="empty-drives" data-testid="no-receipts">
          <p className="empty-drives-title">{t('op.transfer.receipts.none', { label: drive.label })}</p>
          <p className="muted">{t('op.transfer.receipts.noneHint')}</p>
        </div>
      ) : (
        <>
          <p className="lead" role="status">
            {t('op.transfer.receipts.found', { count: receipts.length, label: drive.label })}{' '}
            {t('op.transfer.receipts.newly', { count: newly })}
          </p>
          <ul className="package-list receipt-list" aria-label={t('op.transfer.receipts.listLabel')}>
            {receipts.map((r) => (
              <li key={r.path} className="package-row receipt-row" data-outcome={r.outcome}>
                <span className="package-text">
                  <span className="package-name">{r.path.slice(r.path.lastIndexOf('/') + 1)}</span>
                  <span className="receipt-what">
                    {r.outcome === 'refused'
                      ? t(receiptRefusalKey(r.reason ?? 'malformed'))
                      : t(`op.transfer.receipts.outcome.${r.outcome}`, { count: r.newlyDelivered })}
                  </span>
                </span>
                <span className={TAG[r.outcome]}>{t(`op.transfer.receipts.tag.${r.outcome}`)}</span>
              </li>
            ))}
          </ul>
        </>
      )}
      {receipts.some((r) => r.outcome === 'needs_confirmation') && (
        <PendingHubConfirm
          status={status}
          onStatus={(next) => {
            setAnswer({ receipts, status: next });
            onStatus(next);
          }}
        />
      )}
      <h3 className="status-after">{t('op.transfer.receipts.statusNow')}</h3>
      <DeliveryStatusPanel status={status} />
    </>
  );
}
