import { useTranslation } from 'react-i18next';
import { navigate, useRoute } from '../router/hash';

/** The learner's places: their courses, their results and their certificates. */
export function LearnerNav() {
  const { t } = useTranslation();
  const route = useRoute();
  const items: [string, string][] = [
    ['/learn', t('learn.nav.courses')],
    ['/learn/results', t('learn.nav.results')],
    ['/learn/certificates', t('learn.nav.certificates')],
  ];
  return (
    <nav className="subnav" aria-label={t('learn.nav.label')}>
      {items.map(([to, label]) => (
        <button
          key={to}
          type="button"
          className="subnav-item"
          aria-current={route === to ? 'page' : undefined}
          onClick={() => navigate(to)}
        >
          {label}
        </button>
      ))}
    </nav>
  );
}
