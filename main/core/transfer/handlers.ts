import { err, ok, type Result } from '../../api/result';
import type { BackupWritten, RestoredKiosk, transferApi } from '../../api/transfer';
import { createBackup } from '../backup/create';
import { listBackupsOnDrive } from '../backup/inspect';
import { restoreBackup } from '../backup/restore';
import { applyReceiptsFromDrive, confirmHub, pendingSummary, rejectPendingHub } from '../bundles/apply';
import { startBundleExport } from '../bundles/export';
import type { HandlerMap, Services } from '../context';
import { toPublicDrive } from '../drives/drive';
import { resolveDrive, resolveOnDrive } from '../drives/paths';
import { readKiosk } from '../setup/kiosk';
import { installationMode } from '../hub/identity';
import { BACKUP_EXTENSION } from '../backup/format';
import { backupSecret } from '../backup/passphrase';

/** The set-up screen's methods answer only while no kiosk is set up. */
function notSetUp(services: Services): Result<never> | null {
  return installationMode(services.db) ? err('ALREADY_SET_UP', 'this kiosk is already set up') : null;
}

/** Operator: bundles to a stick, receipts from it, backups. Set-up screen: restore from a stick. */
export const transferHandlers: HandlerMap<typeof transferApi> = {
  'transfer.status': (_input, { services }) => ok({ status: pendingSummary(services) }),

  'transfer.export': ({ driveId }, { services, account }) => startBundleExport(services, driveId, account.id),

  'transfer.receipts': async ({ driveId }, { services, account }) => {
    const drive = await resolveDrive(services.drives, driveId);
    if (!drive) return err('DRIVE_NOT_FOUND', 'that drive is not plugged in');
    const applied = await applyReceiptsFromDrive(services, drive, { actorId: account.id });
    if (!applied.ok) return applied;
    return ok({
      receipts: applied.value.receipts.map(({ path, outcome, reason, newlyDelivered }) => ({
        path,
        outcome,
        reason,
        newlyDelivered,
      })),
      status: pendingSummary(services),
    });
  },

  'transfer.confirmHub': ({ keyId }, { services, account }) => {
    const applied = confirmHub(services, keyId, account.id);
    if (!applied.ok) return applied;
    return ok({ status: pendingSummary(services), newlyDelivered: applied.value.newlyDelivered });
  },

  'transfer.rejectHub': ({ keyId }, { services }) => {
    const done = rejectPendingHub(services, keyId);
    return done.ok ? ok({ status: pendingSummary(services) }) : done;
  },

  'backup.create': async ({ driveId, passphrase }, { services, account }) => {
    const drive = await resolveDrive(services.drives, driveId);
    if (!drive) return err('DRIVE_NOT_FOUND', 'that drive is not plugged in');
    // A passphrase that cannot be used is said at once, on the form, not as a failed task.
    const kiosk = readKiosk(services.db);
    if (!kiosk) return err('NOT_SET_UP', 'this kiosk is not set up: there is nothing to back up');
    const secret = backupSecret(passphrase, kiosk.recovery_hash);
    if (!secret.ok) return secret;
    const started = services.tasks.start('backup-create', async (task) => {
      const done = await createBackup(services, {
        drive,
        passphrase,
        actorId: account.id,
        onProgress: (p) => task.progress(p.done, p.total, p.stage),
      });
      if (!done.ok) return done;
      const { path, sizeBytes, createdAt, passphrase: kind, deviceId, desaCode, counts } = done.value;
      return ok<BackupWritten>({ path, sizeBytes, createdAt, passphrase: kind, deviceId, desaCode, counts });
    });
    if (!started.ok) return err('BUSY', 'a backup is still being written', { taskId: started.runningId });
    return ok({ taskId: started.id });
  },

  'setup.drives': async (_input, { services }) => {
    const refused = notSetUp(services);
    if (refused) return refused;
    return ok({ drives: (await services.drives.list()).map(toPublicDrive) });
  },

  'setup.backups': async ({ driveId }, { services }) => {
    const refused = notSetUp(services);
    if (refused) return refused;
    const drive = await resolveDrive(services.drives, driveId);
    if (!drive) return err('DRIVE_NOT_FOUND', 'that drive is not plugged in');
    const found = await listBackupsOnDrive(drive);
    return ok({
      backups: found.map((b) => ({
        path: b.path,
        sizeBytes: b.sizeBytes,
        problem: b.problem,
        kiosk: b.header
          ? {
              deviceId: b.header.deviceId,
              desaCode: b.header.desaCode,
              desaName: b.header.desaName,
              kecamatanName: b.header.kecamatanName,
              kabupatenName: b.header.kabupatenName,
              provinsiName: b.header.provinsiName,
              createdAt: b.header.createdAt,
              appVersion: b.header.appVersion,
              passphrase: b.header.passphrase,
            }
          : null,
      })),
    });
  },

  'setup.restore': async ({ driveId, path, passphrase }, { services }) => {
    const refused = notSetUp(services);
    if (refused) return refused;
    if (!path.toLowerCase().endsWith(BACKUP_EXTENSION))
      return err('BAD_INPUT', `not a ${BACKUP_EXTENSION} file`);
    const drive = await resolveDrive(services.drives, driveId);
    if (!drive) return err('DRIVE_NOT_FOUND', 'that drive is not plugged in');
    const file = resolveOnDrive(drive, path);
    if (!file.ok) return err('BAD_INPUT', file.reason);
    const restored = await services.data.replace((dataDir) =>
      restoreBackup(file.path, dataDir, passphrase, { clock: services.clock, log: services.log }),
    );
    if (!restored.ok) return restored;
    const r = restored.value;
    const view: RestoredKiosk = {
      deviceId: r.deviceId,
      desaCode: r.desaCode,
      desaName: r.desaName,
      kecamatanName: r.kecamatanName,
      kabupatenName: r.kabupatenName,
      provinsiName: r.provinsiName,
      backupCreatedAt: r.backupCreatedAt,
      counts: r.counts,
      // Built-in courses were installed again as the data reopened; the rest must come from a stick.
      coursesToReinstall: r.coursesToReinstall.filter((c) => !services.courses.get(c.id)),
    };
    return ok({ restored: view });
  },
};
