/**
 * When the kiosk looks for an app update, when it installs one, and which ones it refuses. Plain
 * functions of the state and the time: no Electron, no timers, no I/O (tests/core/updates/policy.test.ts).
 */
import { channelAccepts, channelOfVersion, compareSemver, parseSemver, type UpdateChannel } from './version';

/** Timings of the update schedule. Injectable: tests shrink them. */
export interface UpdatePolicy {
  /** Between checks while the connection lasts. */
  checkIntervalMs: number;
  /** Between small requests that look for a connection while there is none. */
  probeIntervalMs: number;
  /** No one logged in and the PC untouched this long: a quiet moment to install. */
  quietIdleMs: number;
  /** Back-off after a failed check: first wait, and the cap. */
  backoffBaseMs: number;
  backoffMaxMs: number;
  /** The operator may put an installation off for at most this long at a time. */
  maxPostponeMs: number;
}

export const DEFAULT_UPDATE_POLICY: UpdatePolicy = {
  checkIntervalMs: 6 * 60 * 60_000,
  probeIntervalMs: 15 * 60_000,
  quietIdleMs: 10 * 60_000,
  backoffBaseMs: 60_000,
  backoffMaxMs: 6 * 60 * 60_000,
  maxPostponeMs: 7 * 24 * 60 * 60_000,
};

/** What the schedule needs to know (times as epoch milliseconds; null: never). */
export interface ScheduleState {
  /** The last request to the feed got an answer from a server (any HTTP answer counts). */
  connected: boolean;
  /** The last request that found no connection. */
  lastProbeAt: number | null;
  /** The last check that got an answer. */
  lastCheckAt: number | null;
  /** Not before this time after a failed check (back-off); null: no back-off. */
  nextAttemptAt: number | null;
}

export type CheckDecision =
  | { check: true; why: 'first' | 'schedule' | 'probe' | 'retry' | 'operator' }
  | { check: false; why: 'os-offline' | 'backoff' | 'not-due' | 'busy'; retryInMs: number | null };

/**
 * Whether to send a request to the update feed now. The request itself decides whether there is a
 * connection (an OS that says "online" may sit behind a dead 3G link): while there is none, one small
 * request every `probeIntervalMs`; while there is, a check every `checkIntervalMs`. After a failure the
 * back-off decides. `osOnline === false` (Electron's `net.isOnline()`, reliable only when it says offline)
 * skips the request. The operator's "check now" ignores schedule and back-off, never a known-offline OS.
 */
export function decideCheck(input: {
  now: number;
  state: ScheduleState;
  policy: UpdatePolicy;
  osOnline: boolean | null;
  busy: boolean;
  operator?: boolean;
}): CheckDecision {
  const { now, state, policy } = input;
  if (input.busy) return { check: false, why: 'busy', retryInMs: null };
  if (input.osOnline === false) return { check: false, why: 'os-offline', retryInMs: policy.probeIntervalMs };
  if (input.operator) return { check: true, why: 'operator' };
  // A back-off is set only after a failure (a check that got its answer clears it): when it ends, retry.
  if (state.nextAttemptAt !== null)
    return state.nextAttemptAt > now
      ? { check: false, why: 'backoff', retryInMs: state.nextAttemptAt - now }
      : { check: true, why: 'retry' };
  if (state.connected) {
    if (state.lastCheckAt === null) return { check: true, why: 'first' };
    const due = state.lastCheckAt + policy.checkIntervalMs;
    return due <= now
      ? { check: true, why: 'schedule' }
      : { check: false, why: 'not-due', retryInMs: due - now };
  }
  if (state.lastProbeAt === null) return { check: true, why: 'first' };
  const due = state.lastProbeAt + policy.probeIntervalMs;
  return due <= now ? { check: true, why: 'probe' } : { check: false, why: 'not-due', retryInMs: due - now };
}

/**
 * Wait before the next try after `failures` failed checks in a row (1, 2, 3…): doubling from the base up
 * to the cap, with "equal jitter" (a random point in the upper half) so kiosks that failed together do not
 * come back together.
 */
export function backoffDelay(failures: number, policy: UpdatePolicy, random: () => number): number {
  const step = Math.min(Math.max(0, failures - 1), 40);
  const cap = Math.min(policy.backoffMaxMs, policy.backoffBaseMs * 2 ** step);
  return Math.round(cap / 2 + random() * (cap / 2));
}

/** An update that is downloaded and waits for its moment. */
export interface ReadyUpdate {
  version: string;
}

export type InstallDecision =
  | { install: true; why: 'quiet' | 'at-start' }
  | {
      install: false;
      why: 'nothing-ready' | 'learner-logged-in' | 'postponed' | 'not-quiet-yet';
      /** When it is worth asking again (ms), or null: on the next event. */
      retryInMs: number | null;
    };

/**
 * Whether to install the downloaded update now. Never while anyone is logged in (installing quits the app
 * and would end a lesson); never while the operator's postponement lasts; otherwise at a quiet moment:
 * no one logged in and no input for `quietIdleMs`, or at the app's start (before anyone can log in).
 */
export function decideInstall(input: {
  now: number;
  ready: ReadyUpdate | null;
  loggedIn: boolean;
  /** How long the PC has had no keyboard or mouse input (ms). */
  idleMs: number;
  postponedUntil: number | null;
  atStart: boolean;
  policy: UpdatePolicy;
}): InstallDecision {
  if (!input.ready) return { install: false, why: 'nothing-ready', retryInMs: null };
  if (input.loggedIn)
    return { install: false, why: 'learner-logged-in', retryInMs: input.policy.quietIdleMs };
  if (input.postponedUntil !== null && input.postponedUntil > input.now)
    return { install: false, why: 'postponed', retryInMs: input.postponedUntil - input.now };
  if (input.atStart) return { install: true, why: 'at-start' };
  if (input.idleMs >= input.policy.quietIdleMs) return { install: true, why: 'quiet' };
  return { install: false, why: 'not-quiet-yet', retryInMs: input.policy.quietIdleMs - input.idleMs };
}

/** Until when an installation is put off: `minutes` from now, never beyond `maxPostponeMs`. */
export function postponeUntil(now: number, minutes: number, policy: UpdatePolicy): number {
  return now + Math.min(Math.max(0, minutes) * 60_000, policy.maxPostponeMs);
}

/** Why an offered update is refused, with a code the UI can translate. */
export interface Refusal {
  code:
    | 'bad_version'
    | 'not_newer'
    | 'other_channel'
    | 'other_platform'
    | 'unsigned'
    | 'bad_signature'
    | 'malformed'
    | 'missing_file'
    | 'tampered'
    | 'mismatch'
    | 'http_error';
  message: string;
}

/**
 * Refuses an offered version that is not SemVer, not strictly newer than the running one (no downgrades,
 * no reinstall), or published on a channel the kiosk does not follow (a `beta` on a `latest` kiosk).
 */
export function vetVersion(offered: string, running: string, channel: UpdateChannel): Refusal | null {
  const candidate = parseSemver(offered);
  if (!candidate) return { code: 'bad_version', message: `"${offered.slice(0, 64)}" is not a version` };
  const current = parseSemver(running);
  if (!current) return { code: 'bad_version', message: `the running version "${running}" is not SemVer` };
  if (compareSemver(candidate, current) <= 0)
    return { code: 'not_newer', message: `version ${offered} is not newer than the running ${running}` };
  const published = channelOfVersion(candidate);
  if (!channelAccepts(channel, published))
    return {
      code: 'other_channel',
      message: `version ${offered} is on the ${published} channel; this kiosk follows ${channel}`,
    };
  return null;
}

/** The installer as a checked update describes it: electron-updater's own fields. */
export interface InstallerFacts {
  version: string;
  url: string;
  sha512: string;
  size: number | null;
}

/**
 * The updater must download exactly what the signed update describes: same version, same installer
 * file, same sha512 and size. (electron-updater reads the feed again for itself; an answer that differs
 * from the one that was verified, e.g. a changed latest.yml between two requests, is refused.)
 */
export function vetUpdaterInfo(verified: InstallerFacts, updater: InstallerFacts): Refusal | null {
  const differs: string[] = [];
  if (updater.version !== verified.version) differs.push('version');
  if (updater.url !== verified.url) differs.push('installer name');
  if (updater.sha512 !== verified.sha512) differs.push('sha512');
  if (updater.size !== null && verified.size !== null && updater.size !== verified.size) differs.push('size');
  return differs.length
    ? {
        code: 'mismatch',
        message: `the updater was offered another file than the signed update (${differs.join(', ')})`,
      }
    : null;
}
