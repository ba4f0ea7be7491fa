import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { useTempDirs } from '../helpers/core';
import { writeRelease } from '../helpers/releases';

const ROOT = resolve(import.meta.dirname, '..', '..');
const BALAI = join(ROOT, 'bin', 'balai.js');
const KEYS = join(ROOT, 'tests', 'fixtures', 'keys');
const run = (...args: string[]) =>
  spawnSync(process.execPath, [BALAI, ...args], { encoding: 'utf8', timeout: 60_000 });

describe('balai update sign / verify', () => {
  const tempDir = useTempDirs('balai-cli-update-');

  /** A data folder that trusts the fixture publisher, as `balai keys trust` leaves it. */
  function trustingData(): string {
    const data = tempDir();
    mkdirSync(join(data, 'keys', 'publishers'), { recursive: true });
    copyFileSync(
      join(KEYS, 'fixture-publisher.pub.json'),
      join(data, 'keys', 'publishers', '896b0d76a59b3a0c.json'),
    );
    return data;
  }

  it('signs what electron-builder built, and verifies it as a kiosk would', () => {
    const dir = tempDir();
    const release = writeRelease(dir, '1.3.0');
    const signed = run('update', 'sign', dir, '--key', join(KEYS, 'fixture-publisher.key.json'));
    expect(signed.status, signed.stderr).toBe(0);
    expect(signed.stdout).toMatch(
      /latest\.yml: 1\.3\.0 \(balai-belajar-setup-1\.3\.0\.exe\), signed by 896b0d76a59b3a0c/,
    );
    const data = trustingData();
    const verified = run('update', 'verify', dir, '--data', data, '--current', '1.2.0', '--json');
    expect(verified.status, verified.stderr).toBe(0);
    expect(JSON.parse(verified.stdout)).toMatchObject({
      version: '1.3.0',
      channel: 'latest',
      platform: 'win32',
      installer: release.installer,
      size: 200_000,
      keyId: '896b0d76a59b3a0c',
    });
    // Not newer than 1.3.0; not trusted without the publisher key; tampered.
    const older = run('update', 'verify', dir, '--data', data, '--current', '1.3.0');
    expect(older.status).toBe(1);
    expect(older.stderr).toMatch(/refused \(not_newer\)/);
    expect(older.stderr).toMatch(/ditolak/);
    expect(run('update', 'verify', dir, '--data', tempDir()).stderr).toMatch(/unknown publisher key/);
    writeFileSync(join(dir, release.installer), 'changed');
    expect(run('update', 'verify', dir, '--data', data).stderr).toMatch(/refused \(tampered\)/);
  });

  it('refuses to sign a folder whose latest.yml does not match its installer, or has none', () => {
    const dir = tempDir();
    const release = writeRelease(dir, '1.3.0');
    writeFileSync(join(dir, release.installer), 'not the installer latest.yml describes');
    const signed = run('update', 'sign', dir, '--key', join(KEYS, 'fixture-publisher.key.json'));
    expect(signed.status).toBe(1);
    expect(signed.stderr).toMatch(/cannot sign: .*(bytes|sha512)/);
    rmSync(join(dir, 'latest.yml'));
    expect(run('update', 'sign', dir, '--key', join(KEYS, 'fixture-publisher.key.json')).stderr).toMatch(
      /no update info for win32/,
    );
    expect(run('update', 'verify', dir).stderr).toMatch(/refused \(unsigned\)/);
  });

  it('answers wrong usage with exit 2', () => {
    expect(run('update').status).toBe(2);
    expect(run('update', 'sign', tempDir()).status).toBe(2);
    expect(run('update', 'verify', tempDir(), '--channel', 'nightly').status).toBe(2);
    expect(run('update', 'verify', tempDir(), '--platform', 'darwin').status).toBe(2);
    expect(run('update', 'sign', tempDir(), '--key', join(KEYS, 'fixture-publisher.pub.json')).status).toBe(
      1,
    );
  });
});
