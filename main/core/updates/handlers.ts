import { err, ok } from '../../api/result';
import type { updatesApi, UpdateStatusView } from '../../api/updates';
import { audit } from '../auth/audit';
import { acceptedCatalogues } from '../catalogue/state';
import { startCatalogueSync, type CatalogueSyncDeps } from '../catalogue/sync';
import type { HandlerMap, Services } from '../context';
import { resolveDrive } from '../drives/paths';
import { readUpdateSettings, writeUpdateSettings } from './settings';
import { UpdateStateStore } from './state';
import { statusView } from './status';
import { findStickUpdate } from './stick';

/** The updater's status where it runs (the installed app), else what the database holds. */
function status(services: Services): UpdateStatusView {
  const controller = services.updates.controller;
  if (controller) return { ...controller.status(), active: true };
  const settings = readUpdateSettings(services.db);
  return {
    ...statusView({
      running: services.config.appVersion,
      settings,
      feedUrl: settings.feedUrl,
      state: new UpdateStateStore(() => services.db).read(),
      nextCheckAt: null,
      busy: false,
    }),
    active: false,
  };
}

const inactive = () =>
  err('NOT_FOUND', 'app updates run only in the installed app, not in browser mode or a development run', {
    reason: 'inactive',
  });

export function catalogueDeps(services: Services): CatalogueSyncDeps {
  return {
    db: () => services.db,
    courses: () => services.courses,
    trust: () => services.trust(),
    fetch: services.fetch,
    clock: services.clock,
    log: services.log,
    dataDir: services.config.dataDir,
  };
}

/** Operator: app updates (status, check now, postpone, from a stick), their settings, the course catalogue. */
export const updatesHandlers: HandlerMap<typeof updatesApi> = {
  'updates.status': (_input, { services }) => ok({ status: status(services) }),

  'updates.check': async (_input, { services }) => {
    const controller = services.updates.controller;
    if (!controller) return inactive();
    const checked = await controller.checkNow();
    if (!checked.ok) return checked;
    return ok({ status: status(services) });
  },

  'updates.postpone': ({ minutes }, { services }) => {
    const controller = services.updates.controller;
    if (!controller) return inactive();
    controller.postpone(minutes);
    return ok({ status: status(services) });
  },

  'updates.fromStick': async ({ driveId }, { services }) => {
    const controller = services.updates.controller;
    if (!controller) return inactive();
    const drive = await resolveDrive(services.drives, driveId);
    if (!drive) return err('DRIVE_NOT_FOUND', 'that drive is not plugged in');
    const folder = findStickUpdate(drive);
    if (!folder) return err('NOT_FOUND', 'no balai-update folder on this stick', { reason: 'no_update' });
    const started = services.tasks.start('update.stick', () => controller.fromStick(folder));
    if (!started.ok) return err('BUSY', 'an update is being taken already', { taskId: started.runningId });
    return ok({ taskId: started.id });
  },

  'updates.settings': (_input, { services }) => ok({ settings: readUpdateSettings(services.db) }),

  'updates.saveSettings': (change, { services, account }) => {
    const settings = writeUpdateSettings(services.db, change);
    audit(services.db, services.clock, { actorId: account.id, action: 'settings.update', details: change });
    return ok({ settings });
  },

  'catalogue.sync': (_input, { services }) => {
    const url = readUpdateSettings(services.db).catalogueUrl;
    if (!url) return err('NOT_FOUND', 'no catalogue URL is set', { reason: 'no_url' });
    const started = startCatalogueSync(services.tasks, catalogueDeps(services), url);
    if (!started.ok) return err('BUSY', 'a catalogue sync is running', { taskId: started.runningId });
    return ok({ taskId: started.id });
  },

  'catalogue.status': (_input, { services }) =>
    ok({
      url: readUpdateSettings(services.db).catalogueUrl,
      catalogues: acceptedCatalogues(services.db).map((c) => ({
        catalogueId: c.catalogueId,
        sequence: c.sequence,
        issuedAt: c.issuedAt,
        keyId: c.keyId,
        url: c.url,
        acceptedAt: c.acceptedAt,
      })),
    }),
};
