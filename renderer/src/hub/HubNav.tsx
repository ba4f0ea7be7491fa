import { useTranslation } from 'react-i18next';
import { navigate, useRoute } from '../router/hash';

/** The hub admin's places: home, import, reports, held keys, certificate, backup, and the shared courses, log and settings. */
export const HUB_PLACES: [route: string, key: string][] = [
  ['/operator', 'hub.nav.home'],
  ['/operator/import', 'hub.nav.import'],
  ['/operator/report', 'hub.nav.report'],
  ['/operator/held', 'hub.nav.held'],
  ['/operator/certificate', 'hub.nav.certificate'],
  ['/operator/backup', 'hub.nav.backup'],
  ['/operator/courses', 'op.nav.courses'],
  ['/operator/audit', 'op.nav.audit'],
  ['/operator/settings', 'op.nav.settings'],
];

export function HubNav() {
  const { t } = useTranslation();
  const route = useRoute();
  const current = (to: string) => (to === '/operator' ? route === to : route.startsWith(to));
  return (
    <nav className="subnav subnav-hub" aria-label={t('op.nav.label')}>
      {HUB_PLACES.map(([to, key]) => (
        <button
          key={to}
          type="button"
          className="subnav-item"
          aria-current={current(to) ? 'page' : undefined}
          onClick={() => navigate(to)}
        >
          {t(key)}
        </button>
      ))}
    </nav>
  );
}
