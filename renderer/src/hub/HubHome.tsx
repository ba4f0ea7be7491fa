import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { HubStatus } from '../../../main/api/hub';
import type { ApiError } from '../../../main/api/result';
import { call } from '../api/client';
import { formatDateTime } from '../i18n/format';
import { navigate } from '../router/hash';
import { ErrorBox } from '../shared/ErrorBox';
import { Loading, Screen } from '../shared/Screen';
import { OperatorNav } from '../operator/OperatorNav';
import { CertificateSummary } from './HubCertificate';

/** The hub admin's home: the office, and what it holds (kiosks, bundles, statements, learners, held keys…). */
export function HubHome() {
  const { t } = useTranslation();
  const [status, setStatus] = useState<HubStatus | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  useEffect(() => {
    void call('hub.status', {}).then((r) => (r.ok ? setStatus(r.value.status) : setError(r.error)));
  }, []);
  if (!status) {
    return error ? (
      <div className="screen" data-screen="hub-home-failed">
        <OperatorNav />
        <ErrorBox error={error} />
      </div>
    ) : (
      <Loading name="hub-home" label={t('common.loading')} />
    );
  }
  const facts: [string, string, string | number][] = [
    ['kiosks', t('hub.home.kiosks'), status.kiosks],
    ['bundles', t('hub.home.bundles'), status.bundles],
    ['statements', t('hub.home.statements'), status.statements],
    ['learners', t('hub.home.learners'), status.learners],
    ['held', t('hub.home.heldKeys'), status.heldKeys],
    ['not-passed-up', t('hub.home.notPassedUp'), status.notPassedUp],
    [
      'last-import',
      t('hub.home.lastImport'),
      status.lastImportAt ? formatDateTime(status.lastImportAt) : t('hub.home.never'),
    ],
  ];
  return (
    <>
      <OperatorNav />
      <Screen name="hub-home" title={status.hub.name} wide>
        <p className="lead" data-testid="hub-office">
          {t('hub.home.region', {
            level: t(`hub.level.${status.hub.regionLevel}`),
            name: status.hub.regionName,
            code: status.hub.regionCode,
          })}
        </p>
        <dl className="fact-rows hub-facts">
          {facts.map(([id, label, value]) => (
            <div key={id}>
              <dt>{label}</dt>
              <dd data-testid={`hub-${id}`}>{value}</dd>
            </div>
          ))}
        </dl>
        <CertificateSummary certificate={status.certificate} />
        {status.heldKeys > 0 && (
          <p className="notice" role="status">
            {t('hub.home.heldHint', { count: status.heldKeys })}
          </p>
        )}
        <div className="actions">
          <button type="button" className="btn btn-primary" onClick={() => navigate('/operator/import')}>
            {t('hub.home.toImport')}
          </button>
          <button type="button" className="btn btn-secondary" onClick={() => navigate('/operator/report')}>
            {t('hub.home.toReport')}
          </button>
        </div>
      </Screen>
    </>
  );
}
