import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ClockCheck } from '../../../main/api/reports';
import { call } from '../api/client';
import { formatDateTime } from '../i18n/format';
import { durationParts } from './format';

/**
 * The kiosk's clock is behind the latest time it has seen (after a power cut, a flat CMOS battery): dates on
 * certificates and reports would be wrong. Asks `reports.clock` itself; shows nothing when the clock is fine.
 */
export function ClockBanner() {
  const { t } = useTranslation();
  const [clock, setClock] = useState<ClockCheck | null>(null);
  useEffect(() => {
    void call('reports.clock', {}).then((r) => r.ok && setClock(r.value));
  }, []);
  if (!clock?.warn) return null;
  const behind = durationParts(clock.behindMinutes)
    .map((p) => t(`op.clock.${p.unit}`, { count: p.count }))
    .join(' ');
  return (
    <div className="clock-banner" role="alert" data-testid="clock-warning">
      <p className="clock-banner-title">{t('op.clock.behind', { behind })}</p>
      <p>{t('op.clock.check')}</p>
      {clock.latestSeen && (
        <p className="muted">
          {t('op.clock.times', { now: formatDateTime(clock.now), seen: formatDateTime(clock.latestSeen) })}
        </p>
      )}
    </div>
  );
}
