import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { HeldKeyView, KeyBundleView } from '../../../main/api/hub';
import type { ApiError } from '../../../main/api/result';
import { call } from '../api/client';
import { formatDateTime } from '../i18n/format';
import { OperatorNav } from '../operator/OperatorNav';
import { Dialog } from '../shared/Dialog';
import { ErrorBox } from '../shared/ErrorBox';
import { Loading, Screen } from '../shared/Screen';
import { heldKindKey, keyStateKey } from './reasons';

type Decision = { held: HeldKeyView; accept: boolean };

/**
 * "Kunci tertahan": bundles signed by a key the hub did not expect (a kiosk's key changed, a second kiosk in
 * a desa, a kiosk that moved desa), each with the history of every key of its desa; accept or reject after
 * a confirmation.
 */
export function HeldKeys() {
  const { t } = useTranslation();
  const [held, setHeld] = useState<HeldKeyView[] | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [deciding, setDeciding] = useState<Decision | null>(null);
  const [busy, setBusy] = useState(false);
  const [done, setDone] = useState<string | null>(null);
  const load = useCallback(() => {
    void call('hub.held', {}).then((r) => (r.ok ? setHeld(r.value.held) : setError(r.error)));
  }, []);
  useEffect(load, [load]);

  const decide = async ({ held: h, accept }: Decision) => {
    setBusy(true);
    setError(null);
    const args = { deviceId: h.deviceId, keyId: h.keyId };
    const r = accept ? await call('hub.acceptKey', args) : await call('hub.rejectKey', args);
    setBusy(false);
    setDeciding(null);
    if (!r.ok) return setError(r.error);
    setDone(t(accept ? 'hub.held.accepted' : 'hub.held.rejected', { desa: h.desaName }));
    load();
  };

  if (!held) {
    return error ? (
      <div className="screen" data-screen="hub-held-failed">
        <OperatorNav />
        <ErrorBox error={error} />
      </div>
    ) : (
      <Loading name="hub-held" label={t('common.loading')} />
    );
  }
  return (
    <>
      <OperatorNav />
      <Screen name="hub-held" title={t('hub.held.title')} wide>
        <p className="lead">{t('hub.held.intro')}</p>
        <ErrorBox error={error} />
        {done && (
          <p className="notice notice-ok" role="status">
            {done}
          </p>
        )}
        {held.length === 0 ? (
          <p className="lead" data-testid="held-none">
            {t('hub.held.none')}
          </p>
        ) : (
          <ul className="held-list">
            {held.map((h) => (
              <li key={`${h.deviceId}-${h.keyId}`} className="card held-card" data-key={h.keyId}>
                <h2 className="card-title">
                  {h.desaName} <span className="muted">{h.desaCode}</span>
                </h2>
                <p>{t(heldKindKey(h.kind))}</p>
                <p className="muted">
                  {t('hub.held.key', { key: h.keyId, when: formatDateTime(h.firstSeenAt) })} ·{' '}
                  {t('hub.held.heldBundles', { count: h.held.length })}
                </p>
                <Bundles bundles={h.held} />
                <h3>{t('hub.held.history')}</h3>
                <table className="table">
                  <thead>
                    <tr>
                      <th scope="col">{t('hub.held.col.key')}</th>
                      <th scope="col">{t('hub.held.col.state')}</th>
                      <th scope="col">{t('hub.held.col.firstSeen')}</th>
                      <th scope="col">{t('hub.held.col.decided')}</th>
                      <th scope="col">{t('hub.held.col.bundles')}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {h.history.map((k) => (
                      <tr key={`${k.deviceId}-${k.keyId}`}>
                        <td>
                          <code>{k.keyId}</code>
                        </td>
                        <td>{t(keyStateKey(k.state))}</td>
                        <td>{formatDateTime(k.firstSeenAt)}</td>
                        <td>{k.decidedAt ? formatDateTime(k.decidedAt) : '—'}</td>
                        <td>
                          <Bundles bundles={k.bundles} />
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </table>
                <div className="actions">
                  <button
                    type="button"
                    className="btn btn-primary"
                    onClick={() => setDeciding({ held: h, accept: true })}
                  >
                    {t('hub.held.accept')}
                  </button>
                  <button
                    type="button"
                    className="btn btn-danger"
                    onClick={() => setDeciding({ held: h, accept: false })}
                  >
                    {t('hub.held.reject')}
                  </button>
                </div>
              </li>
            ))}
          </ul>
        )}
      </Screen>
      {deciding && (
        <Dialog
          name={deciding.accept ? 'accept-key' : 'reject-key'}
          role="alertdialog"
          title={t(deciding.accept ? 'hub.held.acceptTitle' : 'hub.held.rejectTitle', {
            desa: deciding.held.desaName,
          })}
          onCancel={() => setDeciding(null)}
          actions={
            <>
              <button
                type="button"
                className="btn btn-secondary"
                disabled={busy}
                onClick={() => setDeciding(null)}
              >
                {t('common.cancel')}
              </button>
              <button
                type="button"
                className={`btn ${deciding.accept ? 'btn-primary' : 'btn-danger'}`}
                disabled={busy}
                onClick={() => void decide(deciding)}
              >
                {t(deciding.accept ? 'hub.held.accept' : 'hub.held.reject')}
              </button>
            </>
          }
        >
          <p>
            {t(deciding.accept ? 'hub.held.acceptText' : 'hub.held.rejectText', {
              count: deciding.held.held.length,
            })}
          </p>
        </Dialog>
      )}
    </>
  );
}

function Bundles({ bundles }: { bundles: KeyBundleView[] }) {
  const { t } = useTranslation();
  if (bundles.length === 0) return <span className="muted">—</span>;
  return (
    <ul className="plain-list">
      {bundles.map((b) => (
        <li key={b.sha256}>
          {t('hub.held.bundle', {
            seq: b.bundleSeq,
            when: formatDateTime(b.createdAt),
            statements: b.statements,
            learners: b.learners,
          })}
        </li>
      ))}
    </ul>
  );
}
