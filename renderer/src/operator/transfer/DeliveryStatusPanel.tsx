import { useTranslation } from 'react-i18next';
import type { UploadStatus } from '../../../../main/api/lrs';
import type { DeliveryStatus } from '../../../../main/api/transfer';
import { formatDateTime } from '../../i18n/format';

/**
 * Where the village's results stand: how many are still waiting to go to the regency and how many it has
 * confirmed, which hub this kiosk reports to (once a receipt pinned it) and whether it enrolled this kiosk,
 * the last export and the last receipt read. When results also go to the LRS over the internet, a line says
 * how many it took: those need no stick, and the pending count already leaves them out.
 */
export function DeliveryStatusPanel({
  status,
  lrs,
}: {
  status: DeliveryStatus;
  /** The LRS upload status, or null while unknown. */
  lrs?: UploadStatus | null;
}) {
  const { t } = useTranslation();
  const { hub, lastExport } = status;
  return (
    <section
      className="delivery-status"
      aria-labelledby="delivery-status-heading"
      data-testid="delivery-status"
    >
      <h2 id="delivery-status-heading" className="visually-hidden">
        {t('op.transfer.status.heading')}
      </h2>
      <div className="delivery-counts">
        <p className="delivery-count delivery-pending" data-testid="pending">
          <span className="delivery-number">{status.pending}</span>
          <span>{t('op.transfer.status.pending', { count: status.pending })}</span>
        </p>
        <p className="delivery-count delivery-delivered" data-testid="delivered">
          <span className="delivery-number">{status.delivered}</span>
          <span>{t('op.transfer.status.delivered', { count: status.delivered })}</span>
        </p>
      </div>
      {lrs && (lrs.lrs || lrs.sent > 0) && (
        <p className="lrs-note" data-testid="lrs-note">
          {t('op.transfer.status.viaLrs', { count: lrs.sent })}
        </p>
      )}
      <dl className="identity delivery-facts">
        <div>
          <dt>{t('op.transfer.status.hub')}</dt>
          <dd data-testid="hub">
            {hub ? (
              <>
                {t('op.transfer.status.hubKnown', { name: hub.certified?.name ?? hub.name })}
                <span className="fact-detail">
                  {hub.certified
                    ? t('op.transfer.status.hubCertified', { region: hub.certified.scope })
                    : t('op.transfer.status.hubUncertified')}
                </span>
              </>
            ) : (
              <>
                {t('op.transfer.status.hubNone')}
                <span className="fact-detail">{t('op.transfer.status.hubNoneHint')}</span>
              </>
            )}
          </dd>
        </div>
        <div>
          <dt>{t('op.transfer.status.enrolment')}</dt>
          <dd>
            {hub?.enrolledAt
              ? t('op.transfer.status.enrolledAt', { when: formatDateTime(hub.enrolledAt) })
              : t('op.transfer.status.notEnrolled')}
          </dd>
        </div>
        <div>
          <dt>{t('op.transfer.status.lastExport')}</dt>
          <dd data-testid="last-export">
            {lastExport ? (
              <>
                {formatDateTime(lastExport.createdAt)}
                <span className="fact-detail">
                  {t('op.transfer.status.lastExportDetail', {
                    file: lastExport.fileName,
                    count: lastExport.statements,
                  })}
                </span>
              </>
            ) : (
              t('op.transfer.status.never')
            )}
          </dd>
        </div>
        <div>
          <dt>{t('op.transfer.status.lastReceipt')}</dt>
          <dd>
            {status.lastReceiptAt ? formatDateTime(status.lastReceiptAt) : t('op.transfer.status.noReceipt')}
          </dd>
        </div>
      </dl>
    </section>
  );
}
