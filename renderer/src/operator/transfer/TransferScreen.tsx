import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { DriveView } from '../../../../main/api/library';
import type { ApiError } from '../../../../main/api/result';
import { call } from '../../api/client';
import { ErrorBox } from '../../shared/ErrorBox';
import { Loading, Screen } from '../../shared/Screen';
import { DrivePicker } from '../DrivePicker';
import { OperatorNav } from '../OperatorNav';
import { useDrives } from '../useDrives';
import { DeliveryStatusPanel } from './DeliveryStatusPanel';
import { ExportTask } from './ExportTask';
import { useLrsStatus } from './lrs/useLrsStatus';
import { ReceiptsRead } from './ReceiptsRead';
import { TransferTabs } from './TransferTabs';
import { useDeliveryStatus } from './useDeliveryStatus';

type View =
  | { view: 'status' }
  | { view: 'export-drive' }
  | { view: 'export-task'; taskId: string; drive: DriveView | null }
  | { view: 'receipts-drive' }
  | { view: 'receipts'; drive: DriveView };

/**
 * "Kirim hasil": what is still waiting to go to the regency and what it has confirmed; exporting a signed
 * bundle onto a stick (a task with a bar and "Batal", then "Aman dicabut"); reading the regency's receipts
 * back from a stick. Results the LRS already took (the other tab) are not pending here: the screen says so.
 */
export function TransferScreen() {
  const { t } = useTranslation();
  const delivery = useDeliveryStatus();
  const lrs = useLrsStatus(null);
  const [state, setState] = useState<View>({ view: 'status' });
  const [startError, setStartError] = useState<ApiError | null>(null);
  const [runningId, setRunningId] = useState<string | null>(null);
  const [starting, setStarting] = useState(false);

  const toStatus = () => {
    setStartError(null);
    delivery.reload();
    lrs.reload();
    setState({ view: 'status' });
  };

  const startExport = async (drive: DriveView) => {
    setStarting(true);
    setStartError(null);
    setRunningId(null);
    const r = await call('transfer.export', { driveId: drive.id });
    setStarting(false);
    if (r.ok) return setState({ view: 'export-task', taskId: r.value.taskId, drive });
    setState({ view: 'export-drive' });
    setStartError(r.error);
    const running = r.error.details?.taskId;
    if (r.error.code === 'BUSY' && typeof running === 'string') setRunningId(running);
  };

  if (!delivery.status) {
    return delivery.error ? (
      <>
        <OperatorNav />
        <div className="screen" data-screen="operator-transfer-failed">
          <ErrorBox error={delivery.error} />
        </div>
      </>
    ) : (
      <Loading name="operator-transfer" label={t('common.loading')} />
    );
  }

  return (
    <>
      <OperatorNav />
      <Screen
        name={`operator-transfer${state.view === 'status' ? '' : `-${state.view}`}`}
        title={t('op.transfer.title')}
        wide
      >
        {state.view === 'status' && (
          <>
            <TransferTabs />
            <p className="lead">{t('op.transfer.intro')}</p>
            <DeliveryStatusPanel status={delivery.status} lrs={lrs.status} />
            <ErrorBox error={delivery.error} />
            <div className="transfer-actions">
              <div className="transfer-action">
                <button
                  type="button"
                  className="btn btn-primary btn-big"
                  onClick={() => setState({ view: 'export-drive' })}
                >
                  {t('op.transfer.export')}
                </button>
                <p className="muted">{t('op.transfer.exportHint')}</p>
              </div>
              <div className="transfer-action">
                <button
                  type="button"
                  className="btn btn-secondary btn-big"
                  onClick={() => setState({ view: 'receipts-drive' })}
                >
                  {t('op.transfer.readReceipts')}
                </button>
                <p className="muted">{t('op.transfer.readReceiptsHint')}</p>
              </div>
            </div>
          </>
        )}
        {(state.view === 'export-drive' || state.view === 'receipts-drive') && (
          <PickStick
            title={
              state.view === 'export-drive'
                ? t('op.transfer.pickForExport')
                : t('op.transfer.pickForReceipts')
            }
            actionLabel={
              state.view === 'export-drive' ? t('op.transfer.exportOn') : t('op.transfer.readFrom')
            }
            busy={starting}
            error={startError}
            runningId={runningId}
            onFollow={(taskId) => setState({ view: 'export-task', taskId, drive: null })}
            onPick={(drive) =>
              state.view === 'export-drive' ? void startExport(drive) : setState({ view: 'receipts', drive })
            }
            onBack={toStatus}
          />
        )}
        {state.view === 'export-task' && (
          <ExportTask
            key={state.taskId}
            taskId={state.taskId}
            label={state.drive?.label ?? null}
            onRetry={state.drive ? () => void startExport(state.drive!) : null}
            onOtherDrive={() => setState({ view: 'export-drive' })}
            onClose={toStatus}
          />
        )}
        {state.view === 'receipts' && (
          <>
            <h2 className="step-title">{t('op.transfer.receipts.title', { label: state.drive.label })}</h2>
            <ReceiptsRead drive={state.drive} onStatus={delivery.set} />
            <div className="actions">
              <button type="button" className="btn btn-primary" onClick={toStatus}>
                {t('op.transfer.backToStatus')}
              </button>
              <button
                type="button"
                className="btn btn-secondary"
                onClick={() => setState({ view: 'receipts-drive' })}
              >
                {t('op.transfer.otherDrive')}
              </button>
            </div>
          </>
        )}
      </Screen>
    </>
  );
}

/** Step one of an export or of reading receipts: touch the stick (the list follows plugging and pulling). */
function PickStick({
  title,
  actionLabel,
  busy,
  error,
  runningId,
  onFollow,
  onPick,
  onBack,
}: {
  title: string;
  actionLabel: string;
  busy: boolean;
  error: ApiError | null;
  runningId: string | null;
  onFollow: (taskId: string) => void;
  onPick: (drive: DriveView) => void;
  onBack: () => void;
}) {
  const { t } = useTranslation();
  const { drives, error: drivesError } = useDrives();
  return (
    <>
      <h2 className="step-title">{title}</h2>
      <ErrorBox error={error} />
      {runningId && (
        <p className="follow-running">
          <button type="button" className="btn btn-secondary" onClick={() => onFollow(runningId)}>
            {t('op.transfer.followRunning')}
          </button>
        </p>
      )}
      <DrivePicker
        drives={drives}
        error={drivesError}
        actionLabel={actionLabel}
        busy={busy}
        onPick={onPick}
      />
      <div className="actions">
        <button type="button" className="btn btn-secondary" onClick={onBack} disabled={busy}>
          {t('common.back')}
        </button>
      </div>
    </>
  );
}
