import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { UploadStatus } from '../../../../../main/api/lrs';
import type { ApiError } from '../../../../../main/api/result';
import { call } from '../../../api/client';
import { formatDateTime } from '../../../i18n/format';
import { Dialog } from '../../../shared/Dialog';
import { ErrorBox } from '../../../shared/ErrorBox';
import { Loading, Screen } from '../../../shared/Screen';
import { OperatorNav } from '../../OperatorNav';
import { TransferTabs } from '../TransferTabs';
import type { LrsDraft } from './draft';
import { LrsSettingsForm } from './LrsSettingsForm';
import { LrsCounts, LrsFacts } from './LrsStatusPanel';
import { LrsUploadTask } from './LrsUploadTask';
import { QuarantineList } from './QuarantineList';
import { useLrsStatus } from './useLrsStatus';
import { MoreAbout } from '../../../shared/MoreAbout';

/** A short message after an action, said politely (role=status) above the actions. */
type Notice = { key: string; values?: Record<string, string | number>; tone: 'ok' | 'warn' };

/**
 * "Kirim hasil" › "Lewat internet (LRS)": the programme's Learning Record Store. Set its endpoint, key and
 * secret; see what waits, what the LRS took and what it refused (the quarantine, with "Kirim ulang"); check
 * the connection; send now as a task with a bar. The schedule sends by itself, so the status is asked again
 * every few seconds while this screen is open.
 */
export function LrsScreen() {
  const { t } = useTranslation();
  const lrs = useLrsStatus();
  const [editing, setEditing] = useState(false);
  const [saving, setSaving] = useState(false);
  const [saveError, setSaveError] = useState<ApiError | null>(null);
  const [taskId, setTaskId] = useState<string | null>(null);
  const [busy, setBusy] = useState<'upload' | 'check' | 'clear' | null>(null);
  const [actionError, setActionError] = useState<ApiError | null>(null);
  const [notice, setNotice] = useState<Notice | null>(null);
  const [confirmClear, setConfirmClear] = useState(false);

  const show = (next: Notice | null, status?: UploadStatus) => {
    setActionError(null);
    setNotice(next);
    if (status) lrs.set(status);
    else lrs.reload();
  };

  const save = async (draft: LrsDraft) => {
    setSaving(true);
    setSaveError(null);
    const r = await call('lrs.set', {
      endpoint: draft.endpoint,
      key: draft.key,
      secret: draft.secret,
      allowHttp: draft.allowHttp,
    });
    setSaving(false);
    if (!r.ok) return setSaveError(r.error);
    setEditing(false);
    show({ key: 'op.lrs.saved', tone: 'ok' });
  };

  const sendNow = async () => {
    setBusy('upload');
    setNotice(null);
    const r = await call('lrs.upload', {});
    setBusy(null);
    if (r.ok) {
      setActionError(null);
      return setTaskId(r.value.taskId);
    }
    const running = r.error.details?.taskId;
    if (r.error.code === 'BUSY' && typeof running === 'string') return setTaskId(running);
    // The schedule is sending right now (not a task to follow): the counts show it.
    if (r.error.code === 'BUSY') return show({ key: 'op.lrs.alreadySending', tone: 'ok' });
    setActionError(r.error);
    lrs.reload();
  };

  const check = async () => {
    setBusy('check');
    setNotice(null);
    const r = await call('lrs.check', {});
    setBusy(null);
    if (!r.ok) {
      setActionError(r.error);
      return lrs.reload();
    }
    const at = r.value.status.lastCheckAt;
    show(
      {
        key: r.value.reachable ? 'op.lrs.check.reachable' : 'op.lrs.check.unreachable',
        values: { when: at ? formatDateTime(at) : '' },
        tone: r.value.reachable ? 'ok' : 'warn',
      },
      r.value.status,
    );
  };

  const clear = async () => {
    setBusy('clear');
    const r = await call('lrs.clear', { confirm: true });
    setBusy(null);
    setConfirmClear(false);
    if (!r.ok && r.error.code !== 'NOT_FOUND') {
      setActionError(r.error);
      return lrs.reload();
    }
    show({ key: 'op.lrs.cleared', tone: 'ok' });
  };

  const { status } = lrs;
  if (!status) {
    return lrs.error ? (
      <>
        <OperatorNav />
        <div className="screen" data-screen="operator-lrs-failed">
          <ErrorBox error={lrs.error} />
        </div>
      </>
    ) : (
      <Loading name="operator-lrs" label={t('common.loading')} />
    );
  }

  const set = status.lrs;
  const formOpen = !set || editing;
  return (
    <>
      <OperatorNav />
      <Screen name={formOpen ? 'operator-lrs-settings' : 'operator-lrs'} title={t('op.transfer.title')} wide>
        <TransferTabs />
        <p className="lead lrs-lead">{t('op.lrs.intro')}</p>
        <MoreAbout topic="lrs" />
        <LrsCounts status={status} />
        <ErrorBox error={lrs.error} />
        {notice && (
          <div
            className={`notice ${notice.tone === 'ok' ? 'notice-ok' : 'notice-warn'} lrs-notice`}
            role="status"
            data-testid="lrs-notice"
          >
            <p>{t(notice.key, notice.values)}</p>
          </div>
        )}
        {actionError?.details?.reason === 'secret_unreadable' ? (
          <div className="error-box" role="alert" data-reason="secret_unreadable">
            <p>{t('op.lrs.secretUnreadable')}</p>
          </div>
        ) : (
          <ErrorBox error={actionError} />
        )}
        {formOpen ? (
          <LrsSettingsForm
            key={set?.updatedAt ?? 'new'}
            current={set}
            busy={saving}
            error={saveError}
            onSubmit={(draft) => void save(draft)}
            onCancel={
              set
                ? () => {
                    setEditing(false);
                    setSaveError(null);
                  }
                : null
            }
          />
        ) : taskId ? (
          <LrsUploadTask
            key={taskId}
            taskId={taskId}
            onClose={() => {
              setTaskId(null);
              lrs.reload();
            }}
          />
        ) : (
          <div className="actions lrs-actions">
            <button
              type="button"
              className="btn btn-primary btn-big"
              disabled={busy !== null}
              onClick={() => void sendNow()}
            >
              {busy === 'upload' ? t('op.lrs.starting') : t('op.lrs.sendNow')}
            </button>
            <button
              type="button"
              className="btn btn-secondary"
              disabled={busy !== null}
              onClick={() => void check()}
            >
              {busy === 'check' ? t('op.lrs.checking') : t('op.lrs.check.button')}
            </button>
            <button
              type="button"
              className="btn btn-secondary"
              disabled={busy !== null}
              onClick={() => {
                setNotice(null);
                setEditing(true);
              }}
            >
              {t('op.lrs.change')}
            </button>
            <button
              type="button"
              className="btn btn-danger-outline lrs-clear"
              disabled={busy !== null}
              onClick={() => setConfirmClear(true)}
            >
              {t('op.lrs.clear')}
            </button>
          </div>
        )}
        {!formOpen && <LrsFacts status={status} />}
        {set && (
          <QuarantineList
            total={status.quarantined}
            version={`${status.quarantined}/${status.sent}/${status.pending}`}
            onReleased={(released, next) =>
              show({ key: 'op.lrs.released', values: { count: released }, tone: 'ok' }, next)
            }
          />
        )}
      </Screen>
      {confirmClear && (
        <Dialog
          name="lrs-clear"
          role="alertdialog"
          title={t('op.lrs.clearConfirm.title')}
          onCancel={() => setConfirmClear(false)}
          actions={
            <>
              <button
                type="button"
                className="btn btn-secondary"
                onClick={() => setConfirmClear(false)}
                disabled={busy === 'clear'}
              >
                {t('common.cancel')}
              </button>
              <button
                type="button"
                className="btn btn-danger"
                onClick={() => void clear()}
                disabled={busy === 'clear'}
              >
                {t('op.lrs.clearConfirm.yes')}
              </button>
            </>
          }
        >
          <p>{t('op.lrs.clearConfirm.body')}</p>
        </Dialog>
      )}
    </>
  );
}
