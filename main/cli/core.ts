import { createCore, type Core } from '../core/app';
import type { DriveSource } from '../core/drives/drive';
import { consoleLogger, silentLogger } from '../core/log';
import { APP_VERSION, RESOURCES_DIR } from './paths';

/** Cheaper scrypt for tests and demos run by tests (`--fast-hash`); never for a real kiosk. */
export const FAST_SCRYPT = { N: 2 ** 10, r: 8, p: 1 };

export function openCore(
  dataDir: string,
  opts: {
    fastHash?: boolean;
    /** A demo village (`balai demo`) keeps its well-known PINs (123456); never a real kiosk. */
    allowWeakPins?: boolean;
    idleSeconds?: number | null;
    warningSeconds?: number | null;
    quiet?: boolean;
    /** Default: this computer's removable drives. */
    drives?: DriveSource;
    /** Upload to the LRS on a schedule: only the long-running host (`balai serve`), never a one-shot command. */
    uploadSchedule?: boolean;
    /** Hold the data folder alone while open (`balai serve`): throws DataFolderInUse when it is held. */
    exclusive?: boolean;
  } = {},
): Core {
  return createCore({
    dataDir,
    resourcesDir: RESOURCES_DIR,
    appVersion: APP_VERSION,
    shell: 'browser',
    log: opts.quiet ? silentLogger : consoleLogger(),
    drives: opts.drives,
    exclusive: opts.exclusive,
    config: {
      ...(opts.fastHash ? { scrypt: FAST_SCRYPT } : {}),
      allowWeakPins: opts.allowWeakPins ?? false,
      idleSecondsOverride: opts.idleSeconds ?? null,
      uploadSchedule: opts.uploadSchedule ?? false,
      ...(opts.warningSeconds != null ? { warningSeconds: opts.warningSeconds } : {}),
    },
  });
}

/** Calls the API as a CLI session; a refusal becomes an exception with the error code. */
export async function callOrThrow<T>(core: Core, token: string, method: string, args: unknown): Promise<T> {
  const result = await core.call(token, method, args);
  if (!result.ok) throw new Error(`${method}: ${result.error.code} ${result.error.message}`);
  return result.value as T;
}
