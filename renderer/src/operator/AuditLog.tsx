import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { AuditEntry } from '../../../main/api/learners';
import type { ApiError } from '../../../main/api/result';
import { call } from '../api/client';
import { formatDateTime } from '../i18n/format';
import { ErrorBox } from '../shared/ErrorBox';
import { Loading, Screen } from '../shared/Screen';
import { OperatorNav } from './OperatorNav';

/** Actions with a label in the i18n files; anything newer shows its code. */
const KNOWN_ACTIONS = new Set([
  'setup.create',
  'learner.create',
  'learner.update',
  'learner.disable',
  'learner.enable',
  'learner.reset_pin',
  'learner.erase',
  'auth.lockout',
  'auth.recover',
  'auth.recover_failed',
  'auth.recover_lockout',
  'settings.update',
  'kiosk.exit',
  'kiosk.exit_denied',
  'course.install',
  'course.refused',
  'course.remove',
  'report.export',
  'bundle.export',
  'receipt.apply',
  'receipt.refused',
  'backup.create',
  'lrs.set',
  'lrs.clear',
  'lrs.release',
]);

/** The operator actions and lockouts on this kiosk, newest first. The log holds ids; names come from the list. */
export function AuditLog() {
  const { t } = useTranslation();
  const [entries, setEntries] = useState<AuditEntry[] | null>(null);
  const [names, setNames] = useState<Map<string, string | null>>(new Map());
  const [error, setError] = useState<ApiError | null>(null);

  useEffect(() => {
    void Promise.all([call('audit.list', { limit: 200 }), call('learners.list', {})]).then(
      ([log, people]) => {
        if (!log.ok) return setError(log.error);
        if (people.ok) setNames(new Map(people.value.learners.map((l) => [l.id, l.fullName])));
        setEntries(log.value.entries);
      },
    );
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
  const who = (id: string | null) => {
    if (!id) return '—';
    if (!names.has(id)) return t('audit.thisKiosk');
    return names.get(id) ?? t('op.learners.erasedName');
  };
  const action = (code: string) =>
    KNOWN_ACTIONS.has(code) ? t(`audit.action.${code.replace('.', '_')}`) : code;
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
                  <td>{action(e.action)}</td>
                  <td>{e.action === 'auth.lockout' ? '—' : who(e.actorId)}</td>
                  <td>{e.targetId ? who(e.targetId) : '—'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </Screen>
    </>
  );
}
