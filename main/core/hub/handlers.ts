import type { hubApi } from '../../api/hub';
import { err, ok } from '../../api/result';
import type { HandlerMap } from '../context';
import { resolveDrive } from '../drives/paths';
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
    const status = hubStatus(services.db);
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

  'hub.acceptKey': async ({ deviceId, keyId }, { services, account }) => {
    const done = await acceptKey(services, deviceId, keyId, { actorId: account.id });
    return done.ok ? ok({ accepted: true as const }) : done;
  },

  'hub.rejectKey': ({ deviceId, keyId }, { services, account }) => {
    const done = rejectKey(services, deviceId, keyId, { actorId: account.id });
    return done.ok ? ok({ rejected: true as const }) : done;
  },

  'hub.report': ({ level, regionCode }, { services }) => {
    const report = hubReport(services, { level, regionCode });
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
