import { join } from 'node:path';
import { app, net, powerMonitor } from 'electron';
import electronUpdater, { type AppUpdater, type UpdateInfo } from 'electron-updater';
import type { Core } from '../core/app';
import { catalogueSyncDue, DEFAULT_CATALOGUE_SCHEDULE } from '../core/catalogue/schedule';
import { startCatalogueSync, type CatalogueSyncDeps, type CatalogueSyncResult } from '../core/catalogue/sync';
import { DriveWatcher } from '../core/drives/watcher';
import type { Logger } from '../core/log';
import { readBuiltInFeedUrl } from '../core/updates/app-update-config';
import { UpdateController, type UpdaterFeed, type UpdaterPort } from '../core/updates/controller';
import type { InstallerFacts } from '../core/updates/policy';
import { readUpdateSettings } from '../core/updates/settings';
import { UpdateStateStore } from '../core/updates/state';
import { findStickUpdate } from '../core/updates/stick';
import type { KioskState } from './kiosk';

// The glue between the core's update controller and electron-updater. Untested without the Electron binary;
// everything it decides is in main/core/updates (tests/core/updates).

/** The installer electron-updater found, in the core's terms. */
function factsOf(info: UpdateInfo): InstallerFacts | null {
  const file = info.files[0];
  return file ? { version: info.version, url: file.url, sha512: file.sha512, size: file.size ?? null } : null;
}

/**
 * electron-updater behind the core's `UpdaterPort`: no download or install of its own accord, never a
 * downgrade, no web installer; the feed and channel are set before every check (the online feed, or a stick
 * folder served on 127.0.0.1). Its own checks stay on: sha512 of the download against the feed's latest.yml,
 * and on Windows the Authenticode signature against `publisherName` in the installed app-update.yml.
 */
export function electronUpdaterPort(updater: AppUpdater, state: KioskState, log: Logger): UpdaterPort {
  updater.autoDownload = false;
  updater.autoInstallOnAppQuit = false; // an install while Windows shuts down can leave no app at all
  updater.autoRunAppAfterInstall = true;
  updater.disableWebInstaller = true;
  updater.logger = {
    info: (message?: unknown) => log.info(`updater: ${String(message)}`),
    warn: (message?: unknown) => log.warn(`updater: ${String(message)}`),
    error: (message?: unknown) => log.error(`updater: ${String(message)}`),
  };
  return {
    async check(feed: UpdaterFeed) {
      updater.setFeedURL({ provider: 'generic', url: feed.url, channel: feed.channel });
      updater.channel = feed.channel;
      updater.allowDowngrade = false; // setting `channel` turns downgrades on
      updater.allowPrerelease = feed.channel !== 'latest';
      // A stick has no blockmap of the installed version beside the new one: download the installer whole.
      updater.disableDifferentialDownload = new URL(feed.url).hostname === '127.0.0.1';
      const result = await updater.checkForUpdates();
      if (!result) throw new Error('electron-updater is not active (an unpackaged app)');
      return result.isUpdateAvailable ? factsOf(result.updateInfo) : null;
    },
    async download() {
      await updater.downloadUpdate();
    },
    install() {
      state.allowClose = true; // the kiosk window must let the updater close it
      updater.quitAndInstall(true, true);
    },
  };
}

export interface UpdatesShell {
  controller: UpdateController;
  stop(): void;
}

/**
 * Starts the update controller in a packaged app: the online feed on its schedule, and an update folder on
 * any stick plugged in. Returns null (and says why in the log) when the app is not packaged.
 */
export function startUpdates(opts: {
  core: Core;
  state: KioskState;
  resourcesDir: string;
  log: Logger;
}): UpdatesShell | null {
  const { core, log } = opts;
  if (!app.isPackaged) {
    log.info('updates are off: electron-updater only runs in a packaged app');
    return null;
  }
  const dataDir = app.getPath('userData');
  const controller = new UpdateController({
    state: new UpdateStateStore(() => core.services.db),
    settings: () => readUpdateSettings(core.services.db),
    defaultFeedUrl: readBuiltInFeedUrl(join(process.resourcesPath, 'app-update.yml')),
    running: app.getVersion(),
    platform: process.platform === 'win32' ? 'win32' : 'linux',
    trust: () => core.services.trust(),
    fetch: (input, init) => net.fetch(input, init),
    updater: electronUpdaterPort(electronUpdater.autoUpdater, opts.state, log),
    presence: {
      loggedIn: () => core.services.sessions.loggedInCount() > 0,
      idleMs: () => powerMonitor.getSystemIdleTime() * 1000,
    },
    osOnline: () => net.isOnline(),
    updatesDir: join(dataDir, 'updates'),
    clock: core.services.clock,
    log,
  });
  const watcher = new DriveWatcher(core.services.drives, { intervalMs: 5000, log });
  const unwatch = watcher.on((change) => {
    if (change.type !== 'added') return;
    const folder = findStickUpdate(change.drive);
    if (!folder) return;
    log.info('update folder found on a stick', { drive: change.drive.label });
    void controller.fromStick(folder).then((result) => {
      if (!result.ok) log.warn('update from the stick not taken', { reason: result.error.message });
    });
  });
  void watcher.start();
  void controller.start();
  const stopCatalogue = scheduleCatalogue({
    core,
    dataDir,
    log,
  });
  return {
    controller,
    stop: () => {
      unwatch();
      watcher.stop();
      controller.stop();
      stopCatalogue();
    },
  };
}

/**
 * Reads the signed course catalogue (the operator's URL) on the schedule of `catalogueSyncDue`, as a task
 * like an install from a stick. Returns the function that stops the schedule.
 */
function scheduleCatalogue(opts: { core: Core; dataDir: string; log: Logger }): () => void {
  const { core, log } = opts;
  const deps: CatalogueSyncDeps = {
    db: () => core.services.db,
    courses: () => core.services.courses,
    trust: () => core.services.trust(),
    fetch: (input, init) => net.fetch(input, init),
    clock: core.services.clock,
    log,
    dataDir: opts.dataDir,
  };
  let last: { at: number; ok: boolean } | null = null;
  let running = false;
  const tick = () => {
    const url = readUpdateSettings(core.services.db).catalogueUrl;
    const now = core.services.clock.now().getTime();
    const due = catalogueSyncDue({
      now,
      url,
      osOnline: net.isOnline(),
      running,
      lastAttemptAt: last?.at ?? null,
      lastAttemptOk: last?.ok ?? false,
      schedule: DEFAULT_CATALOGUE_SCHEDULE,
    });
    if (!due || url === null) return;
    const started = startCatalogueSync(core.services.tasks, deps, url);
    if (!started.ok) return; // the operator started one: it counts
    running = true;
    void core.services.tasks.settle(started.id, 1000).then((task) => {
      running = false;
      // The result of a catalogue.sync task is a CatalogueSyncResult (syncCatalogue's answer).
      const result = task?.state === 'done' ? (task.result as CatalogueSyncResult) : null;
      last = { at: now, ok: result !== null && result.failed.length === 0 };
    });
  };
  const timer = setInterval(() => {
    try {
      tick();
    } catch (error) {
      log.error('catalogue schedule failed', { error: String(error) });
    }
  }, 60_000);
  return () => clearInterval(timer);
}
