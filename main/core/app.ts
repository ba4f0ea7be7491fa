import { join } from 'node:path';
import type { CallFn } from './dispatch/dispatch';
import { authHandlers } from './auth/handlers';
import { certificatesHandlers } from './certificates/handlers';
import { systemClock, type Clock } from './clock';
import type { CoreConfig, Platform, Services } from './context';
import { coursesHandlers } from './courses/handlers';
import { CourseStore } from './courses/store';
import { DEFAULT_SCRYPT } from './crypto/secrets';
import type { DriveSource } from './drives/drive';
import { SystemDrives } from './drives/system';
import { loadTrustedKeys } from './packages/keys';
import { Db } from './db/database';
import { createDispatcher, joinHandlers } from './dispatch/dispatch';
import { learnersHandlers } from './learners/handlers';
import { libraryHandlers } from './library/handlers';
import { consoleLogger, type Logger } from './log';
import { Recorder } from './recorder/recorder';
import { regionsHandlers } from './regions/handlers';
import { reportsHandlers } from './reports/handlers';
import { Regions } from './regions/regions';
import { SessionStore } from './session/store';
import { settingsHandlers } from './settings/handlers';
import { readSettings } from './settings/settings';
import { setupHandlers } from './setup/handlers';
import { readKiosk } from './setup/kiosk';
import { systemHandlers } from './system/handlers';
import { tasksHandlers } from './tasks/handlers';
import { Tasks } from './tasks/tasks';

export interface CoreOptions {
  dataDir: string;
  resourcesDir: string;
  appVersion: string;
  shell: Platform['shell'];
  clock?: Clock;
  log?: Logger;
  /** Where flashdisks are found; default: this computer's removable drives. */
  drives?: DriveSource;
  platform?: Partial<Omit<Platform, 'shell'>>;
  config?: Partial<Omit<CoreConfig, 'dataDir' | 'resourcesDir' | 'appVersion'>>;
}

/** The whole app without a UI: what both shells (Electron, HTTP host) and the CLI run. */
export interface Core {
  readonly services: Services;
  /** Call one API method for a session. Never throws. */
  readonly call: CallFn;
  /** A new (logged-out) session; returns its token. */
  newSession(): string;
  /** Forgets a session (an Electron window closed). */
  endSession(token: string): void;
  /** Start-up work before serving: clean up after a crash, install the built-in course packages. */
  prepare(): Promise<void>;
  close(): void;
}

export const DB_FILE = 'balai.sqlite';

export function createCore(options: CoreOptions): Core {
  const clock = options.clock ?? systemClock;
  const log = options.log ?? consoleLogger();
  const config: CoreConfig = {
    dataDir: options.dataDir,
    resourcesDir: options.resourcesDir,
    appVersion: options.appVersion,
    scrypt: options.config?.scrypt ?? DEFAULT_SCRYPT,
    idleSecondsOverride: options.config?.idleSecondsOverride ?? null,
    warningSeconds: options.config?.warningSeconds ?? 30,
    lockoutSeconds: options.config?.lockoutSeconds ?? [60, 5 * 60, 15 * 60, 60 * 60],
    maxFailedPins: options.config?.maxFailedPins ?? 5,
  };
  const db = Db.open(join(options.dataDir, DB_FILE));
  const idleMs = () =>
    (config.idleSecondsOverride ?? readSettings(db).idleMinutes * 60) * 1000 +
    config.warningSeconds * 1000 +
    15_000;
  const trustedKeyDirs = [
    join(options.resourcesDir, 'keys', 'publishers'),
    join(options.dataDir, 'keys', 'publishers'),
  ];
  const courses = new CourseStore(db, options.dataDir, clock, log, () =>
    trustedKeyDirs.flatMap((dir) =>
      loadTrustedKeys(dir, (file, reason) => log.warn('ignored a trusted-key file', { file, reason })),
    ),
  );
  const services: Services = {
    db,
    clock,
    log,
    config,
    sessions: new SessionStore(clock, idleMs),
    regions: new Regions(join(options.resourcesDir, 'regions')),
    recorder: new Recorder(db, clock, () => {
      const kiosk = readKiosk(db);
      return kiosk ? { deviceId: kiosk.device_id, desaCode: kiosk.desa_code } : null;
    }),
    courses,
    tasks: new Tasks(clock, log),
    drives: options.drives ?? new SystemDrives(),
    platform: { shell: options.shell, exitKiosk: options.platform?.exitKiosk ?? (() => false) },
  };
  const handlers = joinHandlers(
    systemHandlers,
    regionsHandlers,
    setupHandlers,
    authHandlers,
    learnersHandlers,
    settingsHandlers,
    coursesHandlers,
    certificatesHandlers,
    tasksHandlers,
    libraryHandlers,
    reportsHandlers,
  );
  return {
    services,
    call: createDispatcher(services, handlers),
    newSession: () => services.sessions.create().token,
    endSession: (token) => services.sessions.end(token),
    prepare: async () => {
      // First run: read the region list now, so the set-up screen's first list answers at once.
      if (!readKiosk(db)) setImmediate(() => services.regions.childrenOf(''));
      courses.recover();
      await courses.installBuiltins(options.resourcesDir);
    },
    close: () => db.close(),
  };
}
