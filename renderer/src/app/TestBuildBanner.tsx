import { useTranslation } from 'react-i18next';

/**
 * On every screen of an app that trusts the development root (system.info's `testBuild`): anyone can sign
 * courses and updates such an app accepts, so it must never be mistaken for the real one.
 */
export function TestBuildBanner({ show }: { show: boolean }) {
  const { t } = useTranslation();
  if (!show) return null;
  return (
    <div className="test-build" role="note" data-testid="test-build">
      <strong>{t('app.testBuild')}</strong> {t('app.testBuildNote')}
    </div>
  );
}
