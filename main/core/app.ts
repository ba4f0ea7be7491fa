import { join } from 'node:path';
import type { CallFn } from './dispatch/dispatch';
import { authHandlers } from './auth/handlers';
import { certificatesHandlers } from './certificates/handlers';
import { issueDueCertificate } from './certificates/issue';
import { whenContentAssessed } from './content/assessment';
import { systemClock, type Clock } from './clock';
import type { CoreConfig, DataControl, Platform, Services } from './context';
import { err, type Result } from '../api/result';
import { coursesHandlers } from './courses/handlers';
import { CourseStore } from './courses/store';
import { H5pRuntime } from './content/h5p/runtime';
import { auHandlers } from './content/au/handlers';
import { AuRuntime } from './content/au/runtime';
import { ScormRuntime } from './content/scorm/runtime';
import { h5pHandlers } from './content/h5p/handlers';
import { scormHandlers } from './content/scorm/handlers';
import { DEFAULT_SCRYPT } from './crypto/secrets';
import type { DriveSource } from './drives/drive';
import { SystemDrives } from './drives/system';
import { loadRoots } from './pki/roots';
import { heldRevocations } from './pki/store';
import type { Trust } from './pki/trust';
import { Db } from './db/database';
import { DB_FILE } from './db/file';
import { lockDataFolder } from './db/folder-lock';
import { createDispatcher, joinHandlers } from './dispatch/dispatch';
import { learnersHandlers } from './learners/handlers';
import { libraryHandlers } from './library/handlers';
import { consoleLogger, type Logger } from './log';
import { Recorder } from './recorder/recorder';
import { regionsHandlers } from './regions/handlers';
import { reportsHandlers } from './reports/handlers';
import { transferHandlers } from './transfer/handlers';
import { Regions } from './regions/regions';
import { SessionStore } from './session/store';
import { settingsHandlers } from './settings/handlers';
import { readSettings } from './settings/settings';
import { setupHandlers } from './setup/handlers';
import { readKiosk } from './setup/kiosk';
import { systemHandlers } from './system/handlers';
import { tasksHandlers } from './tasks/handlers';
import { Tasks } from './tasks/tasks';
import type { FetchFn } from './updates/http';
import { lrsHandlers } from './lrs/handlers';
import { updatesHandlers } from './updates/handlers';
import { hubHandlers } from './hub/handlers';
import { studioHandlers } from './studio/handlers';
import { uploadQueueFor } from './hub/forward';
import { UploadScheduler } from './lrs/scheduler';
import { plainSecretBox } from './lrs/secret-box';
import { lrsSettingsView, readLrsConnection } from './lrs/settings';
import { readUploaderState } from './lrs/store';
import { Uploader } from './lrs/uploader';

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
  /** How the uploader reaches the LRS; default: the global fetch. */
  fetch?: FetchFn;
  /**
   * Hold the data folder for this core alone while it is open (the app and `balai serve`; never a one-shot
   * CLI command): createCore throws DataFolderInUse when another host already holds it.
   */
  exclusive?: boolean;
}

/** The whole app without a UI: what both shells (Electron, HTTP host) and the CLI run. */
export interface Core {
  readonly services: Services;
  /** Call one API method for a session. Never throws. */
  readonly call: CallFn;
  /** A new (logged-out) session that is kept until ended (an Electron window); returns its token. */
  newSession(): string;
  /**
   * One call without a session (a browser tab before its login): it runs in a transient session, which is
   * kept only if the call bound an account to it (a login, a set-up, a recovery). Returns that session's
   * token, else null: anonymous calls never create nor push out a session.
   */
  callAnonymous(name: unknown, args: unknown): Promise<{ result: Result<unknown>; token: string | null }>;
  /** Forgets a session (an Electron window closed). */
  endSession(token: string): void;
  /** Start-up work before serving: clean up after a crash, install the built-in course packages. */
  prepare(): Promise<void>;
  close(): void;
}

export { DB_FILE };

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
    allowWeakPins: options.config?.allowWeakPins ?? false,
    uploadSchedule: options.config?.uploadSchedule ?? true,
    uploadIntervalMs: options.config?.uploadIntervalMs ?? 5 * 60_000,
    upload: options.config?.upload ?? {},
  };
  const secretBox = options.platform?.secretBox ?? plainSecretBox;
  const idleMs = () =>
    (config.idleSecondsOverride ?? readSettings(services.db).idleMinutes * 60) * 1000 +
    config.warningSeconds * 1000 +
    15_000;
  const roots = loadRoots(join(options.resourcesDir, 'keys', 'roots'), (file, reason) =>
    log.warn('ignored a root key file', { file, reason }),
  );
  const trust = (): Trust => {
    const db = services.db;
    const desa = readKiosk(db)?.desa_code;
    return {
      roots,
      revocations: heldRevocations(db),
      now: clock.now(),
      ...(desa ? { region: desa } : {}),
    };
  };
  /** What lives in the data folder: opened at start, and again after a restore replaced the folder. */
  const openData = () => {
    const db = Db.open(join(options.dataDir, DB_FILE));
    // A passed content posttest (a SCO) earns its certificate like a native one.
    whenContentAssessed(db, (a) => void issueDueCertificate(services, a.learnerId, a.courseId));
    const courses = new CourseStore(db, options.dataDir, clock, log, trust);
    const recorder = new Recorder(db, clock, () => {
      const kiosk = readKiosk(db);
      return kiosk ? { deviceId: kiosk.device_id, desaCode: kiosk.desa_code } : null;
    });
    const uploader = new Uploader({
      db,
      clock,
      log,
      connection: () => readLrsConnection(db, secretBox),
      // A kiosk sends its outbox; a hub forwards what it holds from its villages.
      queue: uploadQueueFor(db),
      config: config.upload,
      fetch: options.fetch,
    });
    return { db, courses, recorder, uploader };
  };
  const uploads = new UploadScheduler({
    clock,
    log,
    intervalMs: config.uploadIntervalMs,
    initialDelayMs: 30_000,
    nextAttemptAt: () => readUploaderState(services.db).nextAttemptAt,
    pass: async (signal) => {
      // Nothing set: nothing to do until the operator sets an LRS.
      if (!lrsSettingsView(services.db, secretBox)) return;
      await services.uploader.run({ signal, maxFailures: 1 });
    },
  });
  const prepare = async () => {
    // First run: read the region list now, so the set-up screen's first list answers at once.
    if (!readKiosk(services.db)) setImmediate(() => services.regions.childrenOf(''));
    services.courses.recover();
    await services.courses.installBuiltins(options.resourcesDir);
    if (config.uploadSchedule) uploads.start();
  };
  let replacing = false;
  const data: DataControl = {
    get replacing() {
      return replacing;
    },
    replace: async (work) => {
      if (replacing) return err('BUSY', 'the data folder is being replaced');
      replacing = true;
      try {
        await uploads.stop();
        services.db.close();
        let result: Awaited<ReturnType<typeof work>>;
        try {
          result = await work(options.dataDir);
        } catch (error) {
          log.error('replacing the data folder failed', { error: String(error) });
          result = err('INTERNAL', 'internal error; see the log');
        }
        Object.assign(services, openData());
        await prepare();
        return result;
      } finally {
        replacing = false;
      }
    },
  };
  const lock = options.exclusive ? lockDataFolder(options.dataDir) : null;
  let opened: ReturnType<typeof openData>;
  try {
    opened = openData();
  } catch (error) {
    lock?.release();
    throw error;
  }
  const sessions = new SessionStore(clock, idleMs);
  const services: Services = {
    ...opened,
    roots,
    trust,
    clock,
    log,
    config,
    sessions,
    scorm: new ScormRuntime(() => sessions),
    h5p: new H5pRuntime(() => sessions),
    au: new AuRuntime(() => sessions),
    regions: new Regions(join(options.resourcesDir, 'regions')),
    tasks: new Tasks(clock, log),
    drives: options.drives ?? new SystemDrives(),
    platform: {
      shell: options.shell,
      exitKiosk: options.platform?.exitKiosk ?? (() => false),
      secretBox,
    },
    data,
    uploads,
    fetch: options.fetch ?? ((url, init) => fetch(url, init)),
    updates: { controller: null },
  };
  const handlers = joinHandlers(
    systemHandlers,
    regionsHandlers,
    setupHandlers,
    authHandlers,
    learnersHandlers,
    settingsHandlers,
    coursesHandlers,
    scormHandlers,
    h5pHandlers,
    auHandlers,
    certificatesHandlers,
    tasksHandlers,
    libraryHandlers,
    reportsHandlers,
    transferHandlers,
    lrsHandlers,
    updatesHandlers,
    hubHandlers,
    studioHandlers,
  );
  const callIn = createDispatcher(services, handlers);
  return {
    services,
    call: (token, name, args) => callIn(services.sessions.get(token), name, args),
    callAnonymous: async (name, args) => {
      const session = services.sessions.transient();
      const result = await callIn(session, name, args);
      return { result, token: services.sessions.kept(session) ? session.token : null };
    },
    newSession: () => services.sessions.create().token,
    endSession: (token) => services.sessions.end(token),
    prepare,
    close: () => {
      // A pass in flight is cancelled; what it acknowledged is already committed.
      void uploads.stop();
      services.db.close();
      lock?.release();
    },
  };
}
