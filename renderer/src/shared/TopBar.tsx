import { useTranslation } from 'react-i18next';
import { useApp } from '../app/context';
import { navigate, useRoute } from '../router/hash';
import { jabatanLabel } from './jabatan';
import { LanguageSwitch } from './LanguageSwitch';

/** The bar on every screen: where we are, who is logged in, language, and "Keluar" always in reach. */
export function TopBar() {
  const { t } = useTranslation();
  const { info, account, logout } = useApp();
  const route = useRoute();
  const inOperator = route.startsWith('/operator');
  return (
    <header className="topbar">
      <div className="topbar-brand">
        <span className="brand-name">{t('app.name')}</span>
        {info.desa && <span className="brand-desa">{t('app.desaName', { name: info.desa.name })}</span>}
      </div>
      {account && account.isLearner && account.isOperator && (
        <nav className="area-switch" aria-label={t('topbar.areas')}>
          <button
            type="button"
            className="area-button"
            aria-current={!inOperator ? 'page' : undefined}
            onClick={() => navigate('/learn')}
          >
            {t('topbar.learn')}
          </button>
          <button
            type="button"
            className="area-button"
            aria-current={inOperator ? 'page' : undefined}
            onClick={() => navigate('/operator')}
          >
            {t('topbar.operator')}
          </button>
        </nav>
      )}
      <div className="topbar-end">
        {account && (
          <div className="who" data-testid="who">
            <span className="who-name">{account.fullName}</span>
            <span className="who-jabatan">{jabatanLabel(account.jabatan)}</span>
          </div>
        )}
        <LanguageSwitch />
        {account && (
          <button type="button" className="btn btn-logout" onClick={() => void logout('user')}>
            {t('topbar.logout')}
          </button>
        )}
      </div>
    </header>
  );
}
