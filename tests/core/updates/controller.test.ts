import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../../../main/core/clock';
import { Db } from '../../../main/core/db/database';
import { memoryLogger } from '../../../main/core/log';
import { MAX_INSTALL_ATTEMPTS, UpdateController, type Presence } from '../../../main/core/updates/controller';
import {
  DEFAULT_UPDATE_SETTINGS,
  writeUpdateSettings,
  readUpdateSettings,
} from '../../../main/core/updates/settings';
import { UpdateStateStore } from '../../../main/core/updates/state';
import { useTempDirs } from '../../helpers/core';
import { FakeUpdater } from '../../helpers/fake-updater';
import { updateInfoYaml, writeRelease, writeSignedRelease } from '../../helpers/releases';
import { devTrust } from '../../helpers/pki';
import { deadUrl, startStaticServer, type StaticServer } from '../../helpers/static-server';

const MIN = 60_000;
const HOUR = 60 * MIN;

interface Rig {
  controller: UpdateController;
  updater: FakeUpdater;
  presence: Presence & { user: boolean; idle: number };
  clock: ManualClock;
  log: ReturnType<typeof memoryLogger>;
  db: Db;
  dataDir: string;
  osOnline: { value: boolean | null };
  /** A new controller over the same data folder: the app started again, maybe as another version. */
  restart(running: string): Rig;
}

const servers: StaticServer[] = [];
const dbs: Db[] = [];
afterEach(async () => {
  while (servers.length) await servers.pop()!.close();
  while (dbs.length) dbs.pop()!.close();
});

async function feed(dir: string): Promise<StaticServer> {
  const server = await startStaticServer(dir);
  servers.push(server);
  return server;
}

function rig(dataDir: string, running: string, feedUrl: string | null, clock = new ManualClock()): Rig {
  const db = Db.open(join(dataDir, 'balai.sqlite'));
  dbs.push(db);
  if (feedUrl) writeUpdateSettings(db, { feedUrl });
  const log = memoryLogger();
  const updater = new FakeUpdater();
  const presence = {
    user: false,
    idle: 0,
    loggedIn() {
      return this.user;
    },
    idleMs() {
      return this.idle;
    },
  };
  const osOnline = { value: null as boolean | null };
  const controller = new UpdateController({
    state: new UpdateStateStore(() => db),
    settings: () => readUpdateSettings(db),
    defaultFeedUrl: null,
    running,
    platform: 'win32',
    trust: () => devTrust(),
    fetch: (input, init) => fetch(input, init),
    updater,
    presence,
    osOnline: () => osOnline.value,
    updatesDir: join(dataDir, 'updates'),
    clock,
    log,
    random: () => 0,
  });
  return {
    controller,
    updater,
    presence,
    clock,
    log,
    db,
    dataDir,
    osOnline,
    restart: (next) => {
      db.close();
      return rig(dataDir, next, null, clock);
    },
  };
}

describe('the update controller (online feed)', () => {
  const tempDir = useTempDirs('balai-updates-');

  it('with no connection: one small request, no error, then nothing until the probe interval', async () => {
    const r = rig(tempDir(), '1.2.0', await deadUrl());
    await r.controller.tick();
    let status = r.controller.status();
    expect(status).toMatchObject({ connected: false, lastCheckAt: null, lastError: null, pending: null });
    expect(Date.parse(status.nextCheckAt!) - r.clock.now().getTime()).toBe(15 * MIN);
    expect(r.log.lines.join('\n')).toMatch(/no connection to the update feed/);
    // The OS says offline: no request at all.
    r.clock.advance(20 * MIN);
    r.osOnline.value = false;
    await r.controller.tick();
    expect(r.controller.status().lastCheckAt).toBeNull();
    status = r.controller.status();
    expect(status.connected).toBe(false);
  });

  it('finds a newer signed release, downloads it in the background, and waits for a quiet moment', async () => {
    const dir = tempDir();
    await writeSignedRelease(join(dir, 'feed'), '1.3.0');
    const server = await feed(join(dir, 'feed'));
    const r = rig(join(dir, 'data'), '1.2.0', server.url);
    r.presence.user = true; // someone is learning
    await r.controller.tick();
    expect(r.updater.downloads).toEqual([{ version: '1.3.0', bytes: 200_000 }]);
    expect(r.updater.feeds).toEqual([{ url: server.url, channel: 'latest' }]);
    expect(r.controller.status()).toMatchObject({
      currentVersion: '1.2.0',
      channel: 'latest',
      connected: true,
      lastCheckResult: 'update_found',
      pending: { version: '1.3.0', source: 'online', state: 'ready' },
    });
    // Logged in, for hours: never installed.
    r.presence.idle = 5 * HOUR;
    await r.controller.tick();
    expect(r.updater.installs).toBe(0);
    // Logged out, but the PC was just used.
    r.presence.user = false;
    r.presence.idle = 2 * MIN;
    await r.controller.tick();
    expect(r.updater.installs).toBe(0);
    // Nobody for ten minutes: now.
    r.presence.idle = 10 * MIN;
    await r.controller.tick();
    expect(r.updater.installs).toBe(1);
    // The feed was asked only once: later ticks do not check again before the schedule.
    expect(server.requests.filter((p) => p.endsWith('signature.json'))).toHaveLength(1);
  });

  it('does not install while the operator postpones it', async () => {
    const dir = tempDir();
    await writeSignedRelease(join(dir, 'feed'), '1.3.0');
    const server = await feed(join(dir, 'feed'));
    const r = rig(join(dir, 'data'), '1.2.0', server.url);
    r.presence.user = true;
    await r.controller.tick();
    const status = r.controller.postpone(120);
    expect(Date.parse(status.postponedUntil!) - r.clock.now().getTime()).toBe(2 * HOUR);
    r.presence.user = false;
    r.presence.idle = HOUR;
    await r.controller.tick();
    expect(r.updater.installs).toBe(0);
    r.clock.advance(2 * HOUR);
    await r.controller.tick();
    expect(r.updater.installs).toBe(1);
  });

  it('up to date: nothing downloaded, the next check after the check interval', async () => {
    const dir = tempDir();
    await writeSignedRelease(join(dir, 'feed'), '1.3.0');
    const server = await feed(join(dir, 'feed'));
    const r = rig(join(dir, 'data'), '1.3.0', server.url);
    await r.controller.tick();
    const status = r.controller.status();
    expect(status).toMatchObject({
      connected: true,
      lastCheckResult: 'up_to_date',
      pending: null,
      lastError: null,
    });
    expect(Date.parse(status.nextCheckAt!) - r.clock.now().getTime()).toBe(6 * HOUR);
    expect(r.updater.feeds).toEqual([]);
    r.clock.advance(6 * HOUR - 1);
    await r.controller.tick();
    expect(server.requests.filter((p) => p.endsWith('signature.json'))).toHaveLength(1);
    r.clock.advance(1);
    await r.controller.tick();
    expect(server.requests.filter((p) => p.endsWith('signature.json'))).toHaveLength(2);
  });

  it('a failing server: the error is logged and shown, and retried after a growing back-off', async () => {
    const dir = tempDir();
    await writeSignedRelease(join(dir, 'feed'), '1.3.0');
    const server = await feed(join(dir, 'feed'));
    server.fail = 503;
    const r = rig(join(dir, 'data'), '1.2.0', server.url);
    await r.controller.tick();
    let status = r.controller.status();
    expect(status).toMatchObject({
      connected: true,
      lastCheckResult: 'failed',
      lastError: { code: 'http_error' },
    });
    expect(status.lastError!.message).toMatch(/HTTP 503/);
    expect(Date.parse(status.nextCheckAt!) - r.clock.now().getTime()).toBe(30_000); // first back-off, random 0
    expect(r.log.lines.join('\n')).toMatch(/error update check failed; trying again later/);
    r.clock.advance(29_000);
    await r.controller.tick();
    expect(server.requests).toHaveLength(1);
    r.clock.advance(1_000);
    await r.controller.tick();
    expect(server.requests).toHaveLength(2);
    status = r.controller.status();
    expect(Date.parse(status.nextCheckAt!) - r.clock.now().getTime()).toBe(60_000); // doubled
    // The server recovers: the back-off ends and the update comes.
    server.fail = null;
    r.clock.advance(60_000);
    await r.controller.tick();
    expect(r.controller.status()).toMatchObject({
      lastCheckResult: 'update_found',
      pending: { state: 'ready' },
    });
  });

  it('refuses an unsigned feed, a tampered latest.yml and a release of another channel', async () => {
    const dir = tempDir();
    // Unsigned: electron-builder's output without our signature.json.
    writeRelease(join(dir, 'unsigned'), '1.3.0');
    // Tampered: latest.yml rewritten after signing (a different installer hash).
    const tampered = await writeSignedRelease(join(dir, 'tampered'), '1.3.0');
    writeFileSync(
      join(dir, 'tampered', 'latest.yml'),
      updateInfoYaml(tampered.installer, Buffer.from('another installer'), '1.3.0'),
    );
    // A beta release on a kiosk that follows latest.
    await writeSignedRelease(join(dir, 'beta'), '1.3.0-beta.1');
    for (const [name, code] of [
      ['unsigned', 'unsigned'],
      ['tampered', 'tampered'],
      ['beta', 'other_channel'],
    ] as const) {
      const server = await feed(join(dir, name));
      const r = rig(join(dir, `data-${name}`), '1.2.0', server.url);
      await r.controller.tick();
      expect(r.controller.status(), name).toMatchObject({
        lastCheckResult: 'refused',
        lastError: { code },
        pending: null,
      });
      expect(r.updater.feeds, name).toEqual([]); // electron-updater never saw it
    }
  });

  it('a beta kiosk takes the beta release from the beta channel file', async () => {
    const dir = tempDir();
    await writeSignedRelease(join(dir, 'feed'), '1.3.0-beta.1');
    const server = await feed(join(dir, 'feed'));
    const r = rig(join(dir, 'data'), '1.2.0', server.url);
    writeUpdateSettings(r.db, { channel: 'beta' });
    await r.controller.tick();
    expect(r.updater.feeds).toEqual([{ url: server.url, channel: 'beta' }]);
    expect(r.controller.status().pending).toMatchObject({ version: '1.3.0-beta.1', state: 'ready' });
  });

  it('refuses when the updater is offered another file than the signed one', async () => {
    const dir = tempDir();
    await writeSignedRelease(join(dir, 'feed'), '1.3.0');
    const server = await feed(join(dir, 'feed'));
    const r = rig(join(dir, 'data'), '1.2.0', server.url);
    r.updater.tamperCheck = (facts) => ({ ...facts, sha512: 'X'.repeat(86) + '==' });
    await r.controller.tick();
    expect(r.updater.downloads).toEqual([]);
    expect(r.controller.status()).toMatchObject({ pending: null, lastError: { code: 'mismatch' } });
  });

  it('the operator can check now, but not without a feed', async () => {
    const r = rig(tempDir(), '1.2.0', null);
    expect(await r.controller.checkNow()).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    expect(readUpdateSettings(r.db)).toEqual(DEFAULT_UPDATE_SETTINGS);
  });
});

describe('the update controller at the next start', () => {
  const tempDir = useTempDirs('balai-updates-');

  it('installs a downloaded update at start, before anyone logs in, and forgets it once it runs', async () => {
    const dir = tempDir();
    await writeSignedRelease(join(dir, 'feed'), '1.3.0');
    const server = await feed(join(dir, 'feed'));
    const first = rig(join(dir, 'data'), '1.2.0', server.url);
    first.presence.user = true;
    await first.controller.tick();
    expect(first.updater.installs).toBe(0);
    // The app is closed (power off) before a quiet moment came. Next start, still 1.2.0:
    const second = first.restart('1.2.0');
    await second.controller.start(0);
    expect(second.updater.installs).toBe(1);
    // The installer ran; the app starts as 1.3.0.
    const third = second.restart('1.3.0');
    await third.controller.start(0);
    expect(third.updater.installs).toBe(0);
    expect(third.controller.status()).toMatchObject({ currentVersion: '1.3.0', pending: null });
  });

  it('gives up on a version that does not install, instead of quitting at every start', async () => {
    const dir = tempDir();
    await writeSignedRelease(join(dir, 'feed'), '1.3.0');
    const server = await feed(join(dir, 'feed'));
    let r = rig(join(dir, 'data'), '1.2.0', server.url);
    r.presence.user = true;
    await r.controller.tick();
    for (let i = 0; i < MAX_INSTALL_ATTEMPTS; i++) {
      r = r.restart('1.2.0'); // the installer did not take: still the old version
      await r.controller.start(0);
      expect(r.updater.installs, `start ${i + 1}`).toBe(1);
    }
    r = r.restart('1.2.0');
    await r.controller.start(0);
    expect(r.updater.installs).toBe(0);
    expect(r.controller.status()).toMatchObject({ pending: null, lastError: { code: 'install_failed' } });
  });

  it('forgets a download that was cut off', async () => {
    const dir = tempDir();
    const r = rig(join(dir, 'data'), '1.2.0', null);
    new UpdateStateStore(() => r.db).setPending(r.clock.now(), {
      version: '1.3.0',
      source: 'online',
      state: 'downloading',
    });
    mkdirSync(join(dir, 'data', 'updates', 'ready'), { recursive: true });
    const next = r.restart('1.2.0');
    await next.controller.start(0);
    expect(next.controller.status().pending).toBeNull();
    expect(existsSync(join(dir, 'data', 'updates', 'ready'))).toBe(false);
  });
});

describe('the operator’s quiet time', () => {
  const tempDir = useTempDirs('balai-updates-');

  it('is the idle time the controller waits for before installing', async () => {
    const dir = tempDir();
    await writeSignedRelease(join(dir, 'feed'), '1.3.0');
    const server = await feed(join(dir, 'feed'));
    const r = rig(join(dir, 'data'), '1.2.0', server.url);
    writeUpdateSettings(r.db, { quietMinutes: 30 });
    r.presence.idle = 20 * MIN;
    await r.controller.tick();
    expect(r.updater.installs).toBe(0);
    r.presence.idle = 30 * MIN;
    await r.controller.tick();
    expect(r.updater.installs).toBe(1);
  });
});
