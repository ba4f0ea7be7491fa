import { useTranslation } from 'react-i18next';
import { useApp } from '../app/context';
import { HubNav } from '../hub/HubNav';
import { navigate, useRoute } from '../router/hash';

/**
 * The operator's places: learners, courses, the village's results, certificates, sending results to the
 * regency, backups, the activity log, settings. On a hub: the office's places (`HubNav`).
 */
export function OperatorNav() {
  const { info } = useApp();
  return info.mode === 'hub' ? <HubNav /> : <VillageNav />;
}

function VillageNav() {
  const { t } = useTranslation();
  const route = useRoute();
  const items: [string, string][] = [
    ['/operator', t('op.nav.learners')],
    ['/operator/courses', t('op.nav.courses')],
    ['/operator/village', t('op.nav.village')],
    ['/operator/certificates', t('op.nav.certificates')],
    ['/operator/transfer', t('op.nav.transfer')],
    ['/operator/backup', t('op.nav.backup')],
    ['/operator/audit', t('op.nav.audit')],
    ['/operator/settings', t('op.nav.settings')],
  ];
  const current = (to: string) =>
    to === '/operator' ? route === to || route.startsWith('/operator/learners') : route.startsWith(to);
  return (
    <nav className="subnav" aria-label={t('op.nav.label')}>
      {items.map(([to, label]) => (
        <button
          key={to}
          type="button"
          className="subnav-item"
          aria-current={current(to) ? 'page' : undefined}
          onClick={() => navigate(to)}
        >
          {label}
        </button>
      ))}
    </nav>
  );
}
