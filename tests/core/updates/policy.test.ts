import { describe, expect, it } from 'vitest';
import {
  backoffDelay,
  decideCheck,
  decideInstall,
  DEFAULT_UPDATE_POLICY,
  postponeUntil,
  vetUpdaterInfo,
  vetVersion,
  type ScheduleState,
  type UpdatePolicy,
} from '../../../main/core/updates/policy';
import {
  channelAccepts,
  compareSemver,
  isNewerVersion,
  parseSemver,
} from '../../../main/core/updates/version';

const MIN = 60_000;
const HOUR = 60 * MIN;
const policy: UpdatePolicy = {
  checkIntervalMs: 6 * HOUR,
  probeIntervalMs: 15 * MIN,
  quietIdleMs: 10 * MIN,
  backoffBaseMs: MIN,
  backoffMaxMs: 6 * HOUR,
  maxPostponeMs: 7 * 24 * HOUR,
};
const NOW = Date.parse('2026-11-20T10:00:00+07:00');
const fresh: ScheduleState = { connected: false, lastProbeAt: null, lastCheckAt: null, nextAttemptAt: null };
const check = (
  state: Partial<ScheduleState>,
  extra: { osOnline?: boolean | null; busy?: boolean; operator?: boolean } = {},
) =>
  decideCheck({
    now: NOW,
    state: { ...fresh, ...state },
    policy,
    osOnline: extra.osOnline ?? null,
    busy: extra.busy ?? false,
    operator: extra.operator,
  });

describe('SemVer as electron-updater reads it', () => {
  it('orders releases and pre-releases by SemVer 2.0.0 precedence', () => {
    const ordered = [
      '0.9.0',
      '1.0.0-alpha',
      '1.0.0-alpha.1',
      '1.0.0-alpha.beta',
      '1.0.0-beta',
      '1.0.0-beta.2',
      '1.0.0-beta.11',
      '1.0.0-rc.1',
      '1.0.0',
      '1.0.1',
      '1.10.0',
      '2.0.0',
    ];
    for (let i = 1; i < ordered.length; i++) {
      expect(
        compareSemver(parseSemver(ordered[i - 1]!)!, parseSemver(ordered[i]!)!),
        ordered[i],
      ).toBeLessThan(0);
      expect(compareSemver(parseSemver(ordered[i]!)!, parseSemver(ordered[i - 1]!)!)).toBeGreaterThan(0);
    }
    expect(compareSemver(parseSemver('1.2.3+build.5')!, parseSemver('1.2.3')!)).toBe(0);
  });

  it.each(['1.2', '01.2.3', '1.2.3-', 'v1.2.3', '1.2.3.4', '', ' 1.2.3', '1.2.3-beta..1', '9'.repeat(70)])(
    'does not take %j as a version',
    (text) => {
      expect(parseSemver(text)).toBeNull();
      expect(isNewerVersion(text, '0.0.1')).toBe(false);
    },
  );

  it('lets a kiosk take releases of its channel and more stable ones only', () => {
    expect(channelAccepts('latest', 'latest')).toBe(true);
    expect(channelAccepts('latest', 'beta')).toBe(false);
    expect(channelAccepts('beta', 'latest')).toBe(true);
    expect(channelAccepts('beta', 'beta')).toBe(true);
    expect(channelAccepts('beta', 'alpha')).toBe(false);
    expect(channelAccepts('alpha', 'beta')).toBe(true);
    expect(channelAccepts('alpha', 'rc')).toBe(false);
  });
});

describe('when to check', () => {
  it('sends a first request at once: the request decides whether there is a connection', () => {
    expect(check({})).toEqual({ check: true, why: 'first' });
  });

  it('sends nothing when the OS knows it is offline, even when the operator asks', () => {
    expect(check({}, { osOnline: false })).toMatchObject({ check: false, why: 'os-offline' });
    expect(check({}, { osOnline: false, operator: true })).toMatchObject({ check: false, why: 'os-offline' });
    // "online" is only a hint: it never skips the request and never replaces it.
    expect(check({}, { osOnline: true })).toEqual({ check: true, why: 'first' });
  });

  it('without a connection, probes with one small request every probe interval', () => {
    const offline = { connected: false, lastProbeAt: NOW - 5 * MIN };
    expect(check(offline)).toEqual({ check: false, why: 'not-due', retryInMs: 10 * MIN });
    expect(check({ ...offline, lastProbeAt: NOW - 15 * MIN })).toEqual({ check: true, why: 'probe' });
  });

  it('while the connection lasts, checks on the schedule', () => {
    const online = { connected: true, lastCheckAt: NOW - 2 * HOUR };
    expect(check(online)).toEqual({ check: false, why: 'not-due', retryInMs: 4 * HOUR });
    expect(check({ ...online, lastCheckAt: NOW - 6 * HOUR })).toEqual({ check: true, why: 'schedule' });
    expect(check({ connected: true })).toEqual({ check: true, why: 'first' });
  });

  it('waits out the back-off after a failure; the operator does not have to', () => {
    const failing = { connected: true, lastCheckAt: NOW - 7 * HOUR, nextAttemptAt: NOW + 3 * MIN };
    expect(check(failing)).toEqual({ check: false, why: 'backoff', retryInMs: 3 * MIN });
    expect(check({ ...failing, nextAttemptAt: NOW })).toEqual({ check: true, why: 'retry' });
    // A retry does not wait for the check interval: the failed check was recent.
    expect(check({ connected: true, lastCheckAt: NOW - MIN, nextAttemptAt: NOW - 1 })).toEqual({
      check: true,
      why: 'retry',
    });
    expect(check(failing, { operator: true })).toEqual({ check: true, why: 'operator' });
  });

  it('never runs two checks at once', () => {
    expect(check({}, { busy: true })).toMatchObject({ check: false, why: 'busy' });
  });

  it('backs off exponentially with jitter, up to the cap', () => {
    const low = (n: number) => backoffDelay(n, policy, () => 0);
    const high = (n: number) => backoffDelay(n, policy, () => 1);
    expect([low(1), high(1)]).toEqual([MIN / 2, MIN]);
    expect([low(2), high(2)]).toEqual([MIN, 2 * MIN]);
    expect([low(4), high(4)]).toEqual([4 * MIN, 8 * MIN]);
    expect(high(30)).toBe(6 * HOUR);
    expect(low(1000)).toBe(3 * HOUR);
  });
});

describe('when to install', () => {
  const ready = { version: '1.3.0' };
  const install = (extra: Partial<Parameters<typeof decideInstall>[0]>) =>
    decideInstall({
      now: NOW,
      ready,
      loggedIn: false,
      idleMs: 0,
      postponedUntil: null,
      atStart: false,
      policy,
      ...extra,
    });

  it('never while a learner is logged in, not even at start or after hours of idleness', () => {
    expect(install({ loggedIn: true, idleMs: 5 * HOUR })).toMatchObject({
      install: false,
      why: 'learner-logged-in',
    });
    expect(install({ loggedIn: true, atStart: true })).toMatchObject({
      install: false,
      why: 'learner-logged-in',
    });
  });

  it('at a quiet moment: no one logged in and no input for the quiet time', () => {
    expect(install({ idleMs: 3 * MIN })).toEqual({
      install: false,
      why: 'not-quiet-yet',
      retryInMs: 7 * MIN,
    });
    expect(install({ idleMs: 10 * MIN })).toEqual({ install: true, why: 'quiet' });
  });

  it('at the next start, before anyone logs in', () => {
    expect(install({ atStart: true, idleMs: 0 })).toEqual({ install: true, why: 'at-start' });
  });

  it('not while the operator has postponed it, then as usual', () => {
    const until = NOW + 2 * HOUR;
    expect(install({ postponedUntil: until, idleMs: HOUR })).toEqual({
      install: false,
      why: 'postponed',
      retryInMs: 2 * HOUR,
    });
    expect(install({ postponedUntil: until, atStart: true })).toMatchObject({
      install: false,
      why: 'postponed',
    });
    expect(install({ postponedUntil: NOW - 1, idleMs: HOUR })).toEqual({ install: true, why: 'quiet' });
  });

  it('nothing without a downloaded update', () => {
    expect(install({ ready: null, idleMs: HOUR, atStart: true })).toMatchObject({
      install: false,
      why: 'nothing-ready',
    });
  });

  it('a postponement is capped', () => {
    expect(postponeUntil(NOW, 60, policy)).toBe(NOW + HOUR);
    expect(postponeUntil(NOW, 100_000, policy)).toBe(NOW + 7 * 24 * HOUR);
    expect(postponeUntil(NOW, -5, policy)).toBe(NOW);
    expect(DEFAULT_UPDATE_POLICY.maxPostponeMs).toBe(7 * 24 * HOUR);
  });
});

describe('what to refuse', () => {
  it('a version that is not newer: no downgrade, no reinstall', () => {
    expect(vetVersion('1.2.0', '1.2.0', 'latest')).toMatchObject({ code: 'not_newer' });
    expect(vetVersion('1.1.9', '1.2.0', 'latest')).toMatchObject({ code: 'not_newer' });
    expect(vetVersion('1.2.0-beta.3', '1.2.0', 'beta')).toMatchObject({ code: 'not_newer' });
    expect(vetVersion('1.2.1', '1.2.0', 'latest')).toBeNull();
  });

  it('a version from a channel the kiosk does not follow', () => {
    expect(vetVersion('1.3.0-beta.1', '1.2.0', 'latest')).toMatchObject({ code: 'other_channel' });
    expect(vetVersion('1.3.0-beta.1', '1.2.0', 'beta')).toBeNull();
    expect(vetVersion('1.3.0-alpha.1', '1.2.0', 'beta')).toMatchObject({ code: 'other_channel' });
    expect(vetVersion('1.3.0-rc.1', '1.2.0', 'alpha')).toMatchObject({ code: 'other_channel' });
  });

  it('something that is not a version', () => {
    expect(vetVersion('latest', '1.2.0', 'latest')).toMatchObject({ code: 'bad_version' });
  });

  it('an updater answer that differs from the signed update in version, file, hash or size', () => {
    const signed = { version: '1.3.0', url: 'setup-1.3.0.exe', sha512: 'A'.repeat(86) + '==', size: 10 };
    expect(vetUpdaterInfo(signed, { ...signed })).toBeNull();
    expect(vetUpdaterInfo(signed, { ...signed, size: null })).toBeNull();
    expect(vetUpdaterInfo(signed, { ...signed, version: '1.3.1' })?.message).toMatch(/version/);
    expect(vetUpdaterInfo(signed, { ...signed, url: 'evil.exe' })?.message).toMatch(/installer name/);
    expect(vetUpdaterInfo(signed, { ...signed, sha512: 'B'.repeat(86) + '==' })?.message).toMatch(/sha512/);
    expect(vetUpdaterInfo(signed, { ...signed, size: 11 })).toMatchObject({ code: 'mismatch' });
  });
});
