import { createHash } from 'node:crypto';
import {
  appendFileSync,
  cpSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../../../main/core/clock';
import { Db } from '../../../main/core/db/database';
import { memoryLogger, silentLogger } from '../../../main/core/log';
import { newPrivateKeyFile } from '../../../main/core/packages/keys';
import { UpdateController } from '../../../main/core/updates/controller';
import { stageUpdateFolder, verifyUpdateFolder, type UpdateWant } from '../../../main/core/updates/folder';
import { serveUpdateFolder } from '../../../main/core/updates/serve';
import { readUpdateSettings } from '../../../main/core/updates/settings';
import { signUpdateFolder } from '../../../main/core/updates/sign';
import { UpdateStateStore } from '../../../main/core/updates/state';
import { findStickUpdate, STICK_UPDATE_FOLDER, writeUpdateToStick } from '../../../main/core/updates/stick';
import { useTempDirs } from '../../helpers/core';
import { FakeUpdater } from '../../helpers/fake-updater';
import { PUBLISHER, updateInfoYaml, writeRelease, writeSignedRelease } from '../../helpers/releases';
import { devTrust } from '../../helpers/pki';
import { probeMount } from '../../helpers/mount';

const NO_MOUNT = probeMount();

const want = (running = '1.2.0', extra: Partial<UpdateWant> = {}): UpdateWant => ({
  trust: devTrust(),
  platform: 'win32',
  channel: 'latest',
  running,
  ...extra,
});

const sha512 = (bytes: Buffer) => createHash('sha512').update(bytes).digest('base64');

describe('an update folder on a stick', () => {
  const tempDir = useTempDirs('balai-stick-update-');

  it('passes when signed by a trusted publisher, whole, newer, and its installer matches latest.yml', async () => {
    const dir = tempDir();
    const release = await writeSignedRelease(dir, '1.3.0');
    const checked = await verifyUpdateFolder(dir, want());
    expect(checked.ok, checked.ok ? '' : checked.message).toBe(true);
    if (!checked.ok) return;
    expect(checked.update.release).toEqual({
      channel: 'latest',
      version: '1.3.0',
      channelFile: 'latest.yml',
      installer: release.installer,
    });
    expect(checked.update.installer).toEqual({
      version: '1.3.0',
      url: release.installer,
      sha512: sha512(release.bytes),
      size: release.bytes.length,
    });
    expect(checked.update.files.sort()).toEqual(
      ['latest.yml', 'signature.json', release.installer, `${release.installer}.blockmap`].sort(),
    );
    // latest.yml is electron-builder's own format: the fields electron-updater reads.
    expect(readFileSync(join(dir, 'latest.yml'), 'utf8')).toMatch(
      new RegExp(
        `^version: 1\\.3\\.0\\nfiles:\\n  - url: ${release.installer.replace(/\./g, '\\.')}\\n    sha512: \\S{86}==\\n    size: 200000\\npath: `,
      ),
    );
  });

  it('is refused when the installer was changed after signing, even with the same size', async () => {
    const dir = tempDir();
    const release = await writeSignedRelease(dir, '1.3.0');
    const changed = Buffer.from(release.bytes);
    changed[1000] = changed[1000]! ^ 0xff;
    writeFileSync(join(dir, release.installer), changed);
    expect(await verifyUpdateFolder(dir, want())).toMatchObject({ ok: false, code: 'tampered' });
    appendFileSync(join(dir, release.installer), 'x');
    expect(await verifyUpdateFolder(dir, want())).toMatchObject({ ok: false, code: 'tampered' });
  });

  it('is refused when latest.yml was rewritten to match another installer', async () => {
    const dir = tempDir();
    const release = await writeSignedRelease(dir, '1.3.0');
    const evil = Buffer.from('MZ evil installer');
    writeFileSync(join(dir, release.installer), evil);
    writeFileSync(join(dir, 'latest.yml'), updateInfoYaml(release.installer, evil, '1.3.0'));
    expect(await verifyUpdateFolder(dir, want())).toMatchObject({ ok: false, code: 'tampered' });
  });

  it('is refused unsigned, signed by a key the kiosk does not trust, or with a broken signature', async () => {
    const dir = tempDir();
    writeRelease(dir, '1.3.0');
    expect(await verifyUpdateFolder(dir, want())).toMatchObject({ ok: false, code: 'unsigned' });
    // Signed by someone else's key.
    const stranger = newPrivateKeyFile('Not our publisher');
    await signUpdateFolder(dir, { key: stranger, chain: PUBLISHER.chain }, 'win32', new Date());
    expect(await verifyUpdateFolder(dir, want())).toMatchObject({
      ok: false,
      code: 'bad_signature',
      message: expect.stringMatching(/signed by key [0-9a-f]{16}, but the chain certifies/) as unknown,
    });
    // Our key, but the signed list edited afterwards (a larger size to cover an appended file).
    await signUpdateFolder(dir, PUBLISHER, 'win32', new Date());
    const envelope = JSON.parse(readFileSync(join(dir, 'signature.json'), 'utf8')) as {
      signed: { files: { size: number }[] };
    };
    envelope.signed.files[0]!.size += 1;
    writeFileSync(join(dir, 'signature.json'), JSON.stringify(envelope));
    expect(await verifyUpdateFolder(dir, want())).toMatchObject({ ok: false, code: 'bad_signature' });
    writeFileSync(join(dir, 'signature.json'), '{"formatVersion": 1, "type": ');
    expect(await verifyUpdateFolder(dir, want())).toMatchObject({ ok: false, code: 'malformed' });
  });

  it('is refused when a signed file is missing: installer, blockmap or latest.yml', async () => {
    for (const missing of ['installer', 'blockmap', 'latest.yml'] as const) {
      const dir = tempDir();
      const release = await writeSignedRelease(dir, '1.3.0');
      const name =
        missing === 'installer'
          ? release.installer
          : missing === 'blockmap'
            ? `${release.installer}.blockmap`
            : 'latest.yml';
      rmSync(join(dir, name));
      expect(await verifyUpdateFolder(dir, want()), missing).toMatchObject({
        ok: false,
        code: 'missing_file',
      });
    }
  });

  it('is refused when it is not newer than the running app, or on another channel or platform', async () => {
    const dir = tempDir();
    await writeSignedRelease(dir, '1.3.0');
    expect(await verifyUpdateFolder(dir, want('1.3.0'))).toMatchObject({ ok: false, code: 'not_newer' });
    expect(await verifyUpdateFolder(dir, want('1.4.0'))).toMatchObject({ ok: false, code: 'not_newer' });
    expect(await verifyUpdateFolder(dir, want('1.2.0', { platform: 'linux' }))).toMatchObject({
      ok: false,
      code: 'other_platform',
    });
    const beta = tempDir();
    await writeSignedRelease(beta, '1.3.0-beta.2');
    expect(await verifyUpdateFolder(beta, want())).toMatchObject({ ok: false, code: 'other_channel' });
    expect(await verifyUpdateFolder(beta, want('1.2.0', { channel: 'beta' }))).toMatchObject({ ok: true });
  });

  it('refuses a link in place of a signed file', async () => {
    const dir = tempDir();
    const release = await writeSignedRelease(dir, '1.3.0');
    const elsewhere = join(tempDir(), 'installer.exe');
    writeFileSync(elsewhere, release.bytes);
    rmSync(join(dir, release.installer));
    symlinkSync(elsewhere, join(dir, release.installer));
    expect(await verifyUpdateFolder(dir, want())).toMatchObject({ ok: false, code: 'tampered' });
  });

  it('is copied off the stick before it is checked: only signed files, never more bytes than signed', async () => {
    const stick = tempDir();
    const release = await writeSignedRelease(stick, '1.3.0');
    writeFileSync(join(stick, 'autorun.inf'), '[autorun]\nopen=evil.exe\n');
    const dest = join(tempDir(), 'staged');
    const staged = await stageUpdateFolder(stick, dest, want());
    expect(staged.ok).toBe(true);
    expect(readdirSync(dest).sort()).toEqual(
      ['latest.yml', 'signature.json', release.installer, `${release.installer}.blockmap`].sort(),
    );
    // A grown installer is cut off at its signed size while copying, and nothing is left behind.
    appendFileSync(join(stick, release.installer), Buffer.alloc(1_000_000));
    const again = await stageUpdateFolder(stick, dest, want());
    expect(again).toMatchObject({ ok: false, code: 'tampered' });
    expect(existsSync(dest)).toBe(false);
  });

  it('is found at the root of a stick as balai-update/', async () => {
    const stick = tempDir();
    expect(findStickUpdate({ mountpoint: stick })).toBeNull();
    mkdirSync(join(stick, STICK_UPDATE_FOLDER));
    expect(findStickUpdate({ mountpoint: stick })).toBeNull(); // no signature.json: not an update
    await writeSignedRelease(join(stick, STICK_UPDATE_FOLDER), '1.3.0');
    expect(findStickUpdate({ mountpoint: stick })).toBe(join(stick, STICK_UPDATE_FOLDER));
  });
});

describe('the local update server', () => {
  const tempDir = useTempDirs('balai-stick-serve-');

  it('answers latest.yml and the installer over HTTP on 127.0.0.1, and nothing else', async () => {
    const dir = tempDir();
    const release = await writeSignedRelease(dir, '1.3.0');
    writeFileSync(join(dir, 'secret.txt'), 'not signed, never served');
    const checked = await verifyUpdateFolder(dir, want());
    if (!checked.ok) throw new Error(checked.message);
    const started = await serveUpdateFolder(checked.update, silentLogger);
    if (!started.ok) throw new Error(started.reason);
    const served = started.served;
    const url = served.url;
    try {
      expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/[A-Za-z0-9_-]{22}\/$/);
      // electron-updater's generic provider adds ?noCache=… to the channel file request.
      const yml = await fetch(`${url}latest.yml?noCache=1abc`);
      expect(yml.status).toBe(200);
      expect(await yml.text()).toBe(readFileSync(join(dir, 'latest.yml'), 'utf8'));
      const exe = await fetch(`${url}${encodeURIComponent(release.installer)}`);
      expect(exe.status).toBe(200);
      const bytes = Buffer.from(await exe.arrayBuffer());
      expect(sha512(bytes)).toBe(sha512(release.bytes));
      expect((await fetch(`${url}${release.installer}.blockmap`)).status).toBe(200);
      const head = await fetch(`${url}${release.installer}`, { method: 'HEAD' });
      expect(head.headers.get('content-length')).toBe(String(release.bytes.length));
      // A resumed download asks for a range.
      const part = await fetch(`${url}${release.installer}`, { headers: { Range: 'bytes=100-199' } });
      expect(part.status).toBe(206);
      expect(Buffer.from(await part.arrayBuffer())).toEqual(release.bytes.subarray(100, 200));
      expect(
        (await fetch(`${url}${release.installer}`, { headers: { Range: 'bytes=999999-' } })).status,
      ).toBe(416);
      // Unsigned files, other prefixes, escapes and writes: no.
      for (const path of ['secret.txt', '..%2Fsecret.txt', '%2e%2e/secret.txt', '']) {
        expect((await fetch(`${url}${path}`)).status, path).toBe(404);
      }
      expect((await fetch(new URL('/latest.yml', url))).status).toBe(404);
      expect((await fetch(`${url}latest.yml`, { method: 'PUT', body: 'x' })).status).toBe(405);
    } finally {
      await served.stop();
    }
    await expect(fetch(`${url}latest.yml`)).rejects.toThrow();
    await served.stop(); // twice is fine
  });

  it('stops by itself after its time limit', async () => {
    const dir = tempDir();
    await writeSignedRelease(dir, '1.3.0');
    const checked = await verifyUpdateFolder(dir, want());
    if (!checked.ok) throw new Error(checked.message);
    const log = memoryLogger();
    const started = await serveUpdateFolder(checked.update, log, 50);
    if (!started.ok) throw new Error(started.reason);
    await new Promise((r) => setTimeout(r, 150));
    await expect(fetch(`${started.served.url}latest.yml`)).rejects.toThrow();
    expect(log.lines.join('\n')).toMatch(/stopped after its time limit/);
  });
});

describe('an update from a stick, end to end', () => {
  const tempDir = useTempDirs('balai-stick-e2e-');
  const dbs: Db[] = [];
  afterEach(() => {
    while (dbs.length) dbs.pop()!.close();
  });

  function controllerFor(dataDir: string, running: string) {
    const db = Db.open(join(dataDir, 'balai.sqlite'));
    dbs.push(db);
    const updater = new FakeUpdater();
    const presence = { loggedIn: () => false, idleMs: () => 0 };
    const controller = new UpdateController({
      state: new UpdateStateStore(() => db),
      settings: () => readUpdateSettings(db),
      defaultFeedUrl: null,
      running,
      platform: 'win32',
      trust: () => devTrust(),
      fetch: () => Promise.reject(new Error('no network in this test')),
      updater,
      presence,
      osOnline: () => false,
      updatesDir: join(dataDir, 'updates'),
      clock: new ManualClock(),
      log: silentLogger,
    });
    return { controller, updater, db };
  }

  it('is copied, checked, served on 127.0.0.1 to the updater, downloaded, and the server is gone after', async () => {
    const stick = tempDir();
    await writeSignedRelease(join(stick, STICK_UPDATE_FOLDER), '1.3.0');
    const data = tempDir();
    const { controller, updater } = controllerFor(data, '1.2.0');
    const result = await controller.fromStick(findStickUpdate({ mountpoint: stick })!);
    expect(result).toEqual({ ok: true, value: { version: '1.3.0' } });
    expect(updater.feeds).toHaveLength(1);
    expect(updater.feeds[0]!.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\//);
    expect(updater.feeds[0]!.channel).toBe('latest');
    expect(updater.downloads).toEqual([{ version: '1.3.0', bytes: 200_000 }]);
    await expect(fetch(`${updater.feeds[0]!.url}latest.yml`)).rejects.toThrow(); // stopped
    expect(controller.status().pending).toMatchObject({ version: '1.3.0', source: 'stick', state: 'ready' });
    // Pulling the stick changes nothing: the checked copy is kept for the install (and the next start).
    rmSync(stick, { recursive: true, force: true });
    expect(readdirSync(join(data, 'updates', 'ready'))).toContain('signature.json');
  });

  it('refuses an older, a tampered and an unsigned stick folder with the reason for the operator', async () => {
    const cases: [string, (dir: string) => Promise<void>, string][] = [
      ['older', (dir) => writeSignedRelease(dir, '1.1.0').then(() => undefined), 'not_newer'],
      [
        'tampered',
        async (dir) => {
          const r = await writeSignedRelease(dir, '1.3.0');
          writeFileSync(join(dir, r.installer), Buffer.alloc(r.bytes.length));
        },
        'tampered',
      ],
      ['unsigned', (dir) => Promise.resolve(void writeRelease(dir, '1.3.0')), 'unsigned'],
    ];
    for (const [name, make, code] of cases) {
      const stick = join(tempDir(), STICK_UPDATE_FOLDER);
      await make(stick);
      const { controller, updater } = controllerFor(tempDir(), '1.2.0');
      const result = await controller.fromStick(stick);
      expect(result, name).toMatchObject({
        ok: false,
        error: { code: 'INVALID_CONTENT', details: { reason: code } },
      });
      expect(updater.feeds, name).toEqual([]);
      expect(controller.status().lastError, name).toMatchObject({ code });
    }
  });

  it('installs the kept copy at the next start when no quiet moment came before', async () => {
    const stick = tempDir();
    await writeSignedRelease(join(stick, STICK_UPDATE_FOLDER), '1.3.0');
    const data = tempDir();
    const first = controllerFor(data, '1.2.0');
    await first.controller.fromStick(join(stick, STICK_UPDATE_FOLDER));
    first.db.close();
    rmSync(stick, { recursive: true, force: true }); // the stick went home with the operator
    const second = controllerFor(data, '1.2.0');
    await second.controller.start(0);
    expect(second.updater.downloads).toHaveLength(1);
    expect(second.updater.installs).toBe(1);
  });
});

describe('a hub writes its update folder onto a stick', () => {
  const tempDir = useTempDirs('balai-hub-update-');

  it('checks it, writes it as balai-update/ (replacing an older one), and a kiosk takes it', async () => {
    const source = tempDir();
    await writeSignedRelease(source, '1.3.0');
    const stick = tempDir();
    await writeSignedRelease(join(stick, STICK_UPDATE_FOLDER), '1.2.5');
    const progress: number[] = [];
    const written = await writeUpdateToStick(
      source,
      stick,
      { trust: devTrust(), platform: 'win32' },
      (done) => progress.push(done),
    );
    expect(written).toMatchObject({ ok: true, version: '1.3.0', path: join(stick, STICK_UPDATE_FOLDER) });
    expect(progress.at(-1)).toBe(written.ok ? written.bytes : -1);
    expect(readdirSync(stick)).toEqual([STICK_UPDATE_FOLDER]); // no temp or old folder left
    const found = findStickUpdate({ mountpoint: stick })!;
    expect(await verifyUpdateFolder(found, want('1.2.0'))).toMatchObject({
      ok: true,
      update: { release: { version: '1.3.0' } },
    });
  });

  it('refuses to write a folder that does not verify, and leaves the stick as it was', async () => {
    const source = tempDir();
    const release = await writeSignedRelease(source, '1.3.0');
    appendFileSync(join(source, release.installer), 'x');
    const stick = tempDir();
    cpSync(source, join(stick, 'other'), { recursive: true });
    const written = await writeUpdateToStick(source, stick, { trust: devTrust(), platform: 'win32' });
    expect(written).toMatchObject({ ok: false, reason: 'refused' });
    expect(readdirSync(stick)).toEqual(['other']);
  });

  it('says so when the stick is gone', async () => {
    const source = tempDir();
    await writeSignedRelease(source, '1.3.0');
    expect(
      await writeUpdateToStick(source, join(tempDir(), 'pulled'), {
        trust: devTrust(),
        platform: 'win32',
      }),
    ).toMatchObject({ ok: false, reason: 'stick_removed' });
  });

  describe.skipIf(NO_MOUNT !== null)('on a real small or read-only filesystem (tmpfs)', () => {
    if (NO_MOUNT) console.log(`skipped: ${NO_MOUNT}`);
    const mounted: string[] = [];
    afterEach(() => {
      while (mounted.length) spawnSync('umount', ['-l', mounted.pop()!]);
    });
    const stick = (options: string) => {
      const mountpoint = join(tempDir(), 'STICK');
      mkdirSync(mountpoint);
      const r = spawnSync('mount', ['-t', 'tmpfs', '-o', options, 'tmpfs', mountpoint], { encoding: 'utf8' });
      if (r.status !== 0) throw new Error(r.stderr);
      mounted.push(mountpoint);
      return mountpoint;
    };

    it('a full stick and a read-only stick are refused with their reason, and left clean', async () => {
      const source = tempDir();
      await writeSignedRelease(source, '1.3.0');
      const trust = { trust: devTrust(), platform: 'win32' as const };
      const full = stick('size=64k');
      expect(await writeUpdateToStick(source, full, trust)).toMatchObject({
        ok: false,
        reason: 'stick_full',
      });
      expect(readdirSync(full)).toEqual([]);
      const readOnly = stick('ro,size=4m');
      expect(await writeUpdateToStick(source, readOnly, trust)).toMatchObject({
        ok: false,
        reason: 'stick_read_only',
      });
    });
  });
});
