import type { hubApi } from '../../api/hub';
import { err, ok } from '../../api/result';
import type { HandlerMap } from '../context';
import { backupSecret } from '../backup/passphrase';
import { resolveDrive, resolveOnDrive } from '../drives/paths';
import { createHubBackup } from './backup';
import { HUB_BACKUP_EXTENSION } from './backup-format';
import { hubCertificate, importHubCertificateFromDrive, writeCertificateRequest } from './certificate';
import { installationMode, requireHub } from './identity';
import { listHubBackupsOnDrive, restoreHubBackup } from './restore';
import { answerOnStick } from './answer';
import { importBundles } from './import';
import { initHub } from './init';
import { acceptKey, heldKeys, rejectKey } from './keys';
import { passUp } from './pass-up';
import { hubReport } from './reports';
import { exportReport } from './reports-export';
import { hubStatus } from './status';

const gone = () => err('DRIVE_NOT_FOUND', 'that drive is not plugged in');

/** The office admin's work on a hub: import, answer, pass up, held keys, reports. Set-up is for anyone. */
export const hubHandlers: HandlerMap<typeof hubApi> = {
  'hub.setup': (input, { services, session }) => {
    const done = initHub(services, input);
    if (!done.ok) return done;
    services.sessions.bind(session, done.value.operatorId);
    const { hubId, name, regionCode, regionLevel, regionName, keyId, operatorId, recoveryCode } = done.value;
    return ok({ hubId, name, regionCode, regionLevel, regionName, keyId, operatorId, recoveryCode });
  },

  'hub.status': (_input, { services }) => {
    const status = hubStatus(services.db, services.trust());
    return status.ok ? ok({ status: status.value }) : status;
  },

  'hub.import': async ({ driveId }, { services, account }) => {
    const drive = await resolveDrive(services.drives, driveId);
    if (!drive) return gone();
    const started = services.tasks.start('hub-import', (task) =>
      importBundles(services, drive, {
        signal: task.signal,
        actorId: account.id,
        onProgress: (p) => task.progress(p.done, p.total, p.path ?? undefined),
      }),
    );
    if (!started.ok) return err('BUSY', 'an import is still running', { taskId: started.runningId });
    return ok({ taskId: started.id });
  },

  'hub.answer': async ({ driveId, deviceIds, courses }, { services, account }) => {
    const drive = await resolveDrive(services.drives, driveId);
    if (!drive) return gone();
    return answerOnStick(services, drive, { deviceIds, courses, actorId: account.id });
  },

  'hub.passUp': async ({ driveId, all }, { services, account }) => {
    const drive = await resolveDrive(services.drives, driveId);
    if (!drive) return gone();
    const started = services.tasks.start('hub-pass-up', (task) =>
      passUp(services, drive, {
        all,
        signal: task.signal,
        actorId: account.id,
        onProgress: (done, total) => task.progress(done, total),
      }),
    );
    if (!started.ok) return err('BUSY', 'bundles are still being passed up', { taskId: started.runningId });
    return ok({ taskId: started.id });
  },

  'hub.held': (_input, { services }) => ok({ held: heldKeys(services) }),

  'hub.certificate': (_input, { services }) =>
    ok({ certificate: hubCertificate(services, services.trust()) }),

  'hub.certRequest': async ({ driveId }, { services, account }) => {
    const drive = await resolveDrive(services.drives, driveId);
    if (!drive) return gone();
    return writeCertificateRequest(services, drive, { actorId: account.id });
  },

  'hub.certImport': async ({ driveId }, { services, account }) => {
    const drive = await resolveDrive(services.drives, driveId);
    if (!drive) return gone();
    const done = importHubCertificateFromDrive(services, drive, { actorId: account.id });
    return done.ok ? ok({ certificate: done.value }) : done;
  },

  'hub.backup': async ({ driveId, passphrase }, { services, account }) => {
    const drive = await resolveDrive(services.drives, driveId);
    if (!drive) return gone();
    // A passphrase that cannot be used is said at once, on the form, not as a failed task.
    const hub = requireHub(services.db);
    if (!hub.ok) return hub;
    const secret = backupSecret(passphrase, hub.value.recovery_hash);
    if (!secret.ok) return secret;
    const started = services.tasks.start('hub-backup', async (task) => {
      const done = await createHubBackup(services, {
        drive,
        passphrase,
        actorId: account.id,
        onProgress: (stage, at, total) => task.progress(at, total, stage),
      });
      if (!done.ok) return done;
      const { path, sizeBytes, createdAt, passphrase: kind, counts } = done.value;
      return ok({ path, sizeBytes, createdAt, passphrase: kind, counts });
    });
    if (!started.ok) return err('BUSY', 'a backup is still being written', { taskId: started.runningId });
    return ok({ taskId: started.id });
  },

  'setup.hubBackups': async ({ driveId }, { services }) => {
    if (installationMode(services.db)) return err('ALREADY_SET_UP', 'this installation is already set up');
    const drive = await resolveDrive(services.drives, driveId);
    if (!drive) return gone();
    const found = await listHubBackupsOnDrive(drive);
    return ok({
      backups: found.map((b) => ({
        path: b.path,
        sizeBytes: b.sizeBytes,
        problem: b.problem,
        hub: b.header
          ? {
              hubId: b.header.hubId,
              name: b.header.hubName,
              regionCode: b.header.regionCode,
              regionLevel: b.header.regionLevel,
              regionName: b.header.regionName,
              createdAt: b.header.createdAt,
              appVersion: b.header.appVersion,
              passphrase: b.header.passphrase,
            }
          : null,
      })),
    });
  },

  'setup.hubRestore': async ({ driveId, path, passphrase }, { services }) => {
    if (installationMode(services.db)) return err('ALREADY_SET_UP', 'this installation is already set up');
    if (!path.toLowerCase().endsWith(HUB_BACKUP_EXTENSION))
      return err('BAD_INPUT', `not a ${HUB_BACKUP_EXTENSION} file`);
    const drive = await resolveDrive(services.drives, driveId);
    if (!drive) return gone();
    const file = resolveOnDrive(drive, path);
    if (!file.ok) return err('BAD_INPUT', file.reason);
    const restored = await services.data.replace((dataDir) =>
      restoreHubBackup(file.path, dataDir, passphrase, { log: services.log }),
    );
    if (!restored.ok) return restored;
    const { hubId, name, regionCode, backupCreatedAt, counts } = restored.value;
    return ok({ restored: { hubId, name, regionCode, backupCreatedAt, counts } });
  },

  'hub.acceptKey': async ({ deviceId, keyId }, { services, account }) => {
    const done = await acceptKey(services, deviceId, keyId, { actorId: account.id });
    return done.ok ? ok({ accepted: true as const }) : done;
  },

  'hub.rejectKey': ({ deviceId, keyId }, { services, account }) => {
    const done = rejectKey(services, deviceId, keyId, { actorId: account.id });
    return done.ok ? ok({ rejected: true as const }) : done;
  },

  'hub.report': ({ level, regionCode, offset, limit }, { services }) => {
    const report = hubReport(services, { level, regionCode, offset, limit });
    return report.ok ? ok({ report: report.value }) : report;
  },

  'hub.reportFile': async ({ level, regionCode, format }, { services, account }) => {
    const file = await exportReport(services, { level, regionCode, format, actorId: account.id });
    if (!file.ok) return file;
    return ok({
      fileName: file.value.fileName,
      base64: file.value.bytes.toString('base64'),
      rows: file.value.rows,
    });
  },
};
