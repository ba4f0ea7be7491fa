import { useTranslation } from 'react-i18next';
import type { UpdateStatusView } from '../../../../main/api/updates';
import { formatDateTime } from '../../i18n/format';
import { channelKey, checkResultKey, updateProblem, updateProblemKey } from './reasons';

/**
 * What the operator sees of app updates, one fact a row: version, channel, feed, connection, the last and
 * next check, a pending update and when it installs, a postponement, the last error (in words, with the
 * technical code and message below it for a support call).
 */
export function UpdateStatusPanel({
  status,
  quietMinutes,
}: {
  status: UpdateStatusView;
  quietMinutes: number;
}) {
  const { t } = useTranslation();
  const { pending, lastError } = status;
  const problem = lastError ? updateProblem(lastError.code) : null;
  return (
    <dl className="update-facts" data-testid="update-status">
      <div>
        <dt>{t('op.updates.status.version')}</dt>
        <dd data-testid="current-version">{status.currentVersion}</dd>
      </div>
      <div>
        <dt>{t('op.updates.status.channel')}</dt>
        <dd data-testid="status-channel">{t(channelKey(status.channel))}</dd>
      </div>
      <div>
        <dt>{t('op.updates.status.feed')}</dt>
        <dd data-testid="status-feed">
          {status.feedUrl ??
            (status.active ? t('op.updates.status.feedOff') : t('op.updates.status.feedBuiltIn'))}
        </dd>
      </div>
      <div>
        <dt>{t('op.updates.status.connection')}</dt>
        <dd data-testid="status-connected">
          {!status.active
            ? t('op.updates.status.notHere')
            : status.connected
              ? t('op.updates.status.connected')
              : t('op.updates.status.notConnected')}
        </dd>
      </div>
      <div>
        <dt>{t('op.updates.status.lastCheck')}</dt>
        <dd data-testid="status-last-check">
          {status.lastCheckAt ? (
            <>
              {formatDateTime(status.lastCheckAt)}
              {status.lastCheckResult && (
                <span className="update-detail">{t(checkResultKey(status.lastCheckResult))}</span>
              )}
            </>
          ) : (
            t('op.updates.status.never')
          )}
        </dd>
      </div>
      <div>
        <dt>{t('op.updates.status.nextCheck')}</dt>
        <dd data-testid="status-next-check">
          {status.nextCheckAt
            ? formatDateTime(status.nextCheckAt)
            : status.busy
              ? t('op.updates.status.checkingNow')
              : t('op.updates.status.noNextCheck')}
        </dd>
      </div>
      <div>
        <dt>{t('op.updates.status.pending')}</dt>
        <dd data-testid="status-pending">
          {pending ? (
            <>
              {t('op.updates.pending.what', {
                version: pending.version,
                source: t(`op.updates.pending.source.${pending.source}`),
              })}
              <span className="update-detail">
                {t(`op.updates.pending.state.${pending.state}`, { since: formatDateTime(pending.since) })}
                {pending.installAttempts > 0 &&
                  ` · ${t('op.updates.pending.attempts', { count: pending.installAttempts })}`}
              </span>
              {pending.state === 'ready' && (
                <span className="update-detail update-when">
                  {t('op.updates.pending.when', { count: quietMinutes })}
                </span>
              )}
            </>
          ) : (
            t('op.updates.status.noPending')
          )}
        </dd>
      </div>
      {status.postponedUntil && (
        <div>
          <dt>{t('op.updates.status.postponed')}</dt>
          <dd data-testid="status-postponed">{formatDateTime(status.postponedUntil)}</dd>
        </div>
      )}
      <div>
        <dt>{t('op.updates.status.lastError')}</dt>
        <dd data-testid="status-last-error">
          {lastError ? (
            <>
              {problem ? t(updateProblemKey(problem)) : t('op.updates.status.errorOther')}
              <span className="update-detail">
                {formatDateTime(lastError.at)} · {lastError.code}: {lastError.message}
              </span>
            </>
          ) : (
            t('op.updates.status.noError')
          )}
        </dd>
      </div>
    </dl>
  );
}
