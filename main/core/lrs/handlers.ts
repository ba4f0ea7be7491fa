import type { lrsApi, UploadStatus } from '../../api/lrs';
import { err, ok } from '../../api/result';
import { audit } from '../auth/audit';
import type { HandlerMap, Services } from '../context';
import { releaseUploadQuarantine, uploadQuarantineList } from '../hub/forward-quarantine';
import { clearLrsSettings, lrsSettingsView, saveLrsSettings } from './settings';
import { uploadStatus } from './status';

function status(services: Services): UploadStatus {
  return {
    ...uploadStatus(services.db, services.platform.secretBox),
    running: services.uploader.isRunning,
  };
}

/** Operator: the LRS settings, "send now", the status and the quarantine. The schedule runs on its own. */
export const lrsHandlers: HandlerMap<typeof lrsApi> = {
  'lrs.status': (_input, { services }) => ok({ status: status(services) }),

  'lrs.set': (input, { services, account }) => {
    const saved = saveLrsSettings(services.db, services.platform.secretBox, services.clock, input);
    if (!saved.ok) return saved;
    audit(services.db, services.clock, {
      actorId: account.id,
      action: 'lrs.set',
      // Never the secret: where results go and under which key, and whether the secret is sealed.
      details: {
        endpoint: saved.value.endpoint,
        key: saved.value.key,
        protected: saved.value.secretProtected,
      },
    });
    services.uploads.runNow();
    return ok({ lrs: saved.value });
  },

  'lrs.clear': (_input, { services, account }) => {
    if (!lrsSettingsView(services.db, services.platform.secretBox)) return err('NOT_FOUND', 'no LRS is set');
    clearLrsSettings(services.db);
    audit(services.db, services.clock, { actorId: account.id, action: 'lrs.clear' });
    return ok({ cleared: true });
  },

  'lrs.check': async (_input, { services }) => {
    const checked = await services.uploader.check();
    if (!checked.ok) return checked;
    return ok({ reachable: checked.value.reachable, status: status(services) });
  },

  'lrs.upload': (_input, { services }) => {
    if (!lrsSettingsView(services.db, services.platform.secretBox)) return err('NOT_FOUND', 'no LRS is set');
    if (services.uploader.isRunning) return err('BUSY', 'an upload is already running');
    const started = services.tasks.start('lrs-upload', (task) =>
      services.uploader.run({
        signal: task.signal,
        resetBackoff: true,
        onProgress: (done, total) => task.progress(done, total),
      }),
    );
    if (!started.ok) return err('BUSY', 'an upload is already running', { taskId: started.runningId });
    return ok({ taskId: started.id });
  },

  'lrs.quarantine': ({ offset, limit }, { services }) =>
    ok({
      items: uploadQuarantineList(services.db, limit, offset),
      total: uploadStatus(services.db, services.platform.secretBox).quarantined,
    }),

  'lrs.release': ({ seqs }, { services, account }) => {
    const released = releaseUploadQuarantine(services.db, seqs);
    audit(services.db, services.clock, {
      actorId: account.id,
      action: 'lrs.release',
      details: { released, seqs: seqs === 'all' ? 'all' : seqs.slice(0, 50) },
    });
    if (released > 0) services.uploads.runNow();
    return ok({ released, status: status(services) });
  },
};
