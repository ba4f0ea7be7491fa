import type { z } from 'zod';
import type { MethodSpec, SpecMap } from '../api/define';
import type { Result } from '../api/result';
import type { Clock } from './clock';
import type { Db } from './db/database';
import type { Logger } from './log';
import type { Session, SessionStore } from './session/store';
import type { AccountRow } from './auth/accounts';
import type { Regions } from './regions/regions';
import type { Recorder } from './recorder/recorder';
import type { CourseStore } from './courses/store';
import type { H5pRuntime } from './content/h5p/runtime';
import type { AuRuntime } from './content/au/runtime';
import type { ScormRuntime } from './content/scorm/runtime';
import type { RootKey } from './pki/format';
import type { Trust } from './pki/trust';
import type { DriveSource } from './drives/drive';
import type { Tasks } from './tasks/tasks';
import type { SecretBox } from './lrs/secret-box';
import type { UploadScheduler } from './lrs/scheduler';
import type { UploadConfig, Uploader } from './lrs/uploader';
import type { FetchFn } from './updates/http';
import type { UpdateController } from './updates/controller';

/** What the shell running the core can do for it (exit kiosk mode, etc.). The HTTP host says no. */
export interface Platform {
  readonly shell: 'electron' | 'browser';
  /** Leave kiosk mode (Electron: the window becomes a normal, closable window). */
  exitKiosk(): boolean;
  /** Seals secrets at rest (the LRS secret): Electron's safeStorage, or the explicit `plain` box. */
  readonly secretBox: SecretBox;
}

/** Sizes and timings that tests shrink. */
export interface CoreConfig {
  dataDir: string;
  resourcesDir: string;
  appVersion: string;
  /** scrypt cost for PIN and recovery-code hashes; tests use a small N. */
  scrypt: { N: number; r: number; p: number };
  /** Overrides the idle setting (seconds); tests use a few seconds. */
  idleSecondsOverride: number | null;
  warningSeconds: number;
  /** Back-off after each lockout, in seconds: 1st, 2nd, 3rd… (the last repeats). */
  lockoutSeconds: readonly number[];
  maxFailedPins: number;
  /** Let new PINs be weak (a demo village's well-known 123456); never for a real kiosk. */
  allowWeakPins: boolean;
  /** Run the LRS upload schedule while the core runs (off in tests, which upload when they ask). */
  uploadSchedule: boolean;
  /** Between scheduled upload passes while all is well. */
  uploadIntervalMs: number;
  /** Batch size, timeouts and back-off of the uploader; tests shrink them. */
  upload: Partial<UploadConfig>;
}

/**
 * Swapping the data folder under a running core (restore at the set-up screen): `replace` closes the
 * database, runs `work` on the folder, then reopens it (whatever `work` returned) and redoes start-up work.
 * While it runs, every other call answers `BUSY`.
 */
export interface DataControl {
  readonly replacing: boolean;
  replace<T>(work: (dataDir: string) => Promise<Result<T>>): Promise<Result<T>>;
}

/**
 * Everything a handler may use. Built once in `createCore`; `db`, `recorder` and `courses` are opened again
 * after a restore (`data.replace`), and so is `uploader`; read them from `services` at call time, never keep them.
 */
export interface Services {
  readonly db: Db;
  readonly clock: Clock;
  readonly log: Logger;
  readonly config: CoreConfig;
  readonly sessions: SessionStore;
  readonly regions: Regions;
  readonly recorder: Recorder;
  readonly courses: CourseStore;
  /** Open SCORM launches and the SCO origin that serves them (main/core/content/scorm). */
  readonly scorm: ScormRuntime;
  /** Open H5P launches, served on the same content origin listener (main/core/content/h5p). */
  readonly h5p: H5pRuntime;
  /** Open cmi5 AU and Tin Can launches and their local LRS credentials (main/core/content/au). */
  readonly au: AuRuntime;
  /** The roots of trust the app ships (resources/keys/roots). */
  readonly roots: readonly RootKey[];
  /** What this kiosk or hub trusts now: the roots, the revocation lists it holds, the clock, its desa. */
  trust(): Trust;
  readonly tasks: Tasks;
  /** Removable drives plugged in now (flashdisks; sub-folders of `--drives DIR` in tests). */
  readonly drives: DriveSource;
  readonly platform: Platform;
  readonly data: DataControl;
  /** Sends the outbox to the LRS (opened again with the data after a restore). */
  readonly uploader: Uploader;
  /** Runs the uploader on a schedule while the app runs; `runNow` is the operator's "send now". */
  readonly uploads: UploadScheduler;
  /** How the core reaches the network (LRS, course catalogue): Electron's net.fetch, or the global fetch. */
  readonly fetch: FetchFn;
  /** The app updater, set by the Electron shell in an installed app; null in browser mode and tests. */
  readonly updates: { controller: UpdateController | null };
}

export interface AnyCtx {
  readonly services: Services;
  readonly session: Session;
  /** The logged-in account, if any. */
  readonly account: AccountRow | null;
}

export interface AuthedCtx extends AnyCtx {
  readonly account: AccountRow;
}

export type Handler<M> =
  M extends MethodSpec<infer I, infer O, infer R>
    ? (input: z.output<I>, ctx: R extends 'anyone' ? AnyCtx : AuthedCtx) => Result<O> | Promise<Result<O>>
    : never;

/** A feature's handlers, typed by its spec. */
export type HandlerMap<S extends SpecMap> = { [K in keyof S]: Handler<S[K]> };
