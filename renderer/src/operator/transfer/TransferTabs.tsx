import { useTranslation } from 'react-i18next';
import { navigate, useRoute } from '../../router/hash';

/**
 * The two ways results leave the village, as two places inside "Kirim hasil" (the operator menu has no room
 * for a ninth tab at 1366 px): on a stick to the regency, and over the internet to the programme's LRS.
 */
export function TransferTabs() {
  const { t } = useTranslation();
  const route = useRoute();
  const tabs: [string, string][] = [
    ['/operator/transfer', t('op.transfer.tabs.stick')],
    ['/operator/transfer/lrs', t('op.transfer.tabs.lrs')],
  ];
  return (
    <nav className="transfer-tabs" aria-label={t('op.transfer.tabs.label')}>
      {tabs.map(([to, label]) => (
        <button
          key={to}
          type="button"
          className="transfer-tab"
          aria-current={route === to ? 'page' : undefined}
          onClick={() => navigate(to)}
        >
          {label}
        </button>
      ))}
    </nav>
  );
}
