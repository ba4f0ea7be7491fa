import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { AUDIT_ACTIONS, type AuditEntry } from '../../../main/api/learners';
import { useApp } from '../app/context';
import type { ApiError } from '../../../main/api/result';
import { call } from '../api/client';
import { formatDateTime } from '../i18n/format';
import { ErrorBox } from '../shared/ErrorBox';
import { Loading, Screen } from '../shared/Screen';
import { OperatorNav } from './OperatorNav';

const KNOWN_ACTIONS: ReadonlySet<string> = new Set(AUDIT_ACTIONS);

/** Details worth a line, by action: the i18n key `audit.detail.<action>` fills them from the entry's details. */
const DETAILED = new Set([
  'hub.import',
  'hub.key_accept',
  'hub.key_reject',
  'hub.pass_up',
  'hub.receipts',
  'hub.report_export',
  'hub.cert_import',
  'course.install',
  'course.refused',
]);

const text = (v: unknown): string => (typeof v === 'string' || typeof v === 'number' ? String(v) : '');

/**
 * The operator actions and lockouts on this kiosk or hub, newest first, each in words: who did it (the
 * account's name as it is now), what, for whom or which village's computer, and the details that matter.
 * The log holds ids; the core adds the names when it is read.
 */
export function AuditLog() {
  const { t } = useTranslation();
  const [entries, setEntries] = useState<AuditEntry[] | null>(null);
  const { info } = useApp();
  const [error, setError] = useState<ApiError | null>(null);

  useEffect(() => {
    void call('audit.list', { limit: 200 }).then((log) => {
      if (!log.ok) return setError(log.error);
      setEntries(log.value.entries);
    });
  }, []);

  if (!entries) {
    return error ? (
      <div className="screen" data-screen="operator-audit-failed">
        <ErrorBox error={error} />
      </div>
    ) : (
      <Loading name="operator-audit" label={t('common.loading')} />
    );
  }
  const here = info.mode === 'hub' ? t('audit.thisOffice') : t('audit.thisKiosk');
  const named = (account: { name: string | null }) => account.name ?? t('op.learners.erasedName');
  const by = (e: AuditEntry) => {
    if (e.action === 'auth.lockout' || !e.actorId) return '—';
    return e.actor ? named(e.actor) : t('audit.goneAccount');
  };
  const about = (e: AuditEntry) => {
    if (e.target) return named(e.target);
    const desa = text(e.details.desaName) || text(e.details.desaCode);
    if (desa) return t('audit.desaComputer', { desa });
    if (e.action === 'backup.restore' || e.action === 'hub.init' || e.action === 'hub.backup') return here;
    return '—';
  };
  const action = (code: string) =>
    KNOWN_ACTIONS.has(code) ? t(`audit.action.${code.replace('.', '_')}`) : t('audit.action.other');
  const detail = (e: AuditEntry) => {
    if (!DETAILED.has(e.action)) return null;
    const d = e.details;
    return t(`audit.detail.${e.action.replace('.', '_')}`, {
      ...Object.fromEntries(Object.entries(d).map(([k, v]) => [k, text(v)])),
      count: typeof d.added === 'number' ? d.added : undefined,
    });
  };
  return (
    <>
      <OperatorNav />
      <Screen name="operator-audit" title={t('audit.title')} wide>
        {entries.length === 0 ? (
          <p className="muted">{t('audit.empty')}</p>
        ) : (
          <table className="table">
            <thead>
              <tr>
                <th scope="col">{t('audit.when')}</th>
                <th scope="col">{t('audit.what')}</th>
                <th scope="col">{t('audit.by')}</th>
                <th scope="col">{t('audit.about')}</th>
              </tr>
            </thead>
            <tbody>
              {entries.map((e) => (
                <tr key={e.id} data-action={e.action}>
                  <td>{formatDateTime(e.at)}</td>
                  <td>
                    {action(e.action)}
                    {detail(e) && <span className="fact-detail">{detail(e)}</span>}
                  </td>
                  <td>{by(e)}</td>
                  <td>{about(e)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </Screen>
    </>
  );
}
