import { useTranslation } from 'react-i18next';
import type { UploadStatus } from '../../../../../main/api/lrs';
import { formatDateTime } from '../../../i18n/format';
import { known, UPLOAD_ERRORS, uploadErrorKey } from './reasons';

/** An error newer than the last success is the state things are in now; an older one is history. */
function errorIsCurrent(status: UploadStatus): boolean {
  if (!status.lastErrorAt) return false;
  if (!status.lastSuccessAt) return true;
  return Date.parse(status.lastErrorAt) >= Date.parse(status.lastSuccessAt);
}

/**
 * How many statements wait, how many the LRS took, how many are kept aside (quarantine). Before any LRS is
 * set, only what waits.
 */
export function LrsCounts({ status }: { status: UploadStatus }) {
  const { t } = useTranslation();
  const countsOnly = !status.lrs && status.sent === 0 && status.quarantined === 0;
  return (
    <section className="delivery-status" aria-labelledby="lrs-counts-heading" data-testid="lrs-counts">
      <h2 id="lrs-counts-heading" className="visually-hidden">
        {t('op.lrs.status.heading')}
      </h2>
      <div className="delivery-counts lrs-counts">
        <p className="delivery-count delivery-pending" data-testid="lrs-pending">
          <span className="delivery-number">{status.pending}</span>
          <span>{t('op.lrs.status.pending', { count: status.pending })}</span>
        </p>
        {!countsOnly && (
          <>
            <p className="delivery-count delivery-delivered" data-testid="lrs-sent">
              <span className="delivery-number">{status.sent}</span>
              <span>{t('op.lrs.status.sent', { count: status.sent })}</span>
            </p>
            <p
              className={`delivery-count ${status.quarantined > 0 ? 'delivery-quarantined' : 'delivery-none'}`}
              data-testid="lrs-quarantined"
            >
              <span className="delivery-number">{status.quarantined}</span>
              <span>{t('op.lrs.status.quarantined', { count: status.quarantined })}</span>
            </p>
          </>
        )}
      </div>
    </section>
  );
}

/**
 * The LRS as set (the secret masked, and whether it is protected on this PC), the connection, the last
 * success, when the schedule tries again while it backs off, and the last error in words.
 */
export function LrsFacts({ status }: { status: UploadStatus }) {
  const { t } = useTranslation();
  const { lrs } = status;
  if (!lrs) return null;
  const errorCode = known(status.lastErrorCode, UPLOAD_ERRORS);
  const current = errorIsCurrent(status);
  // Set only while backing off: a success or an empty queue clears it.
  const nextAt = status.nextAttemptAt;
  const protection = !lrs.secretReadable ? 'unreadable' : lrs.secretProtected ? 'protected' : 'plain';
  return (
    <section className="lrs-facts-section" aria-labelledby="lrs-facts-heading" data-testid="lrs-status">
      <h2 id="lrs-facts-heading" className="visually-hidden">
        {t('op.lrs.status.factsHeading')}
      </h2>
      <dl className="identity delivery-facts lrs-facts">
        <div className="lrs-span-5">
          <dt>{t('op.lrs.status.endpoint')}</dt>
          <dd data-testid="lrs-endpoint">
            <span className="lrs-url">{lrs.endpoint}</span>
            <span className="fact-detail">
              {t('op.lrs.status.setAt', { when: formatDateTime(lrs.updatedAt) })}
            </span>
          </dd>
        </div>
        <div className="lrs-span-3">
          <dt>{t('op.lrs.status.key')}</dt>
          <dd data-testid="lrs-key" className="lrs-url">
            {lrs.key}
          </dd>
        </div>
        <div className="lrs-span-4">
          <dt>{t('op.lrs.status.secret')}</dt>
          <dd data-testid="lrs-secret">
            <span className="lrs-mask">{lrs.secretMasked}</span>{' '}
            <span
              className={`status lrs-chip ${protection === 'protected' ? 'status-ok' : 'status-warn'}`}
              data-protection={protection}
            >
              {t(`op.lrs.status.secretShort.${protection}`)}
            </span>
          </dd>
        </div>
        <div className="lrs-span-4">
          <dt>{t('op.lrs.status.connection')}</dt>
          <dd data-testid="lrs-connection">
            {status.running
              ? t('op.lrs.status.sending')
              : status.lastCheckOk === null
                ? t('op.lrs.status.notChecked')
                : status.lastCheckOk
                  ? t('op.lrs.status.reachable')
                  : t('op.lrs.status.unreachable')}
            {status.lastCheckAt && (
              <span className="fact-detail">
                {t('op.lrs.status.checkedAt', { when: formatDateTime(status.lastCheckAt) })}
              </span>
            )}
          </dd>
        </div>
        <div className="lrs-span-4">
          <dt>{t('op.lrs.status.lastSuccess')}</dt>
          <dd data-testid="lrs-last-success">
            {status.lastSuccessAt ? formatDateTime(status.lastSuccessAt) : t('op.lrs.status.never')}
          </dd>
        </div>
        <div className="lrs-span-4">
          <dt>{t('op.lrs.status.nextAttempt')}</dt>
          <dd data-testid="lrs-next-attempt">
            {nextAt ? formatDateTime(nextAt) : t('op.lrs.status.noWait')}
            {nextAt && <span className="fact-detail">{t('op.lrs.status.backingOff')}</span>}
          </dd>
        </div>
        <div className="lrs-span-12">
          <dt>{t('op.lrs.status.lastError')}</dt>
          <dd data-testid="lrs-last-error" data-code={status.lastErrorCode ?? 'none'}>
            {status.lastErrorAt ? (
              <>
                <span className={current ? 'status status-warn' : undefined}>
                  {formatDateTime(status.lastErrorAt)}
                </span>{' '}
                <span className="lrs-error-text">
                  {errorCode ? t(uploadErrorKey(errorCode)) : t('op.lrs.error.other')}
                  {!current && ` ${t('op.lrs.status.errorPast')}`}
                </span>
              </>
            ) : (
              t('op.lrs.status.noError')
            )}
          </dd>
        </div>
      </dl>
      {protection !== 'protected' && (
        <p className="lrs-secret-note" data-testid="lrs-secret-note" data-protection={protection}>
          {t(`op.lrs.status.secretNote.${protection}`)}
        </p>
      )}
    </section>
  );
}
