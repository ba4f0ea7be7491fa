import { spawnSync } from 'node:child_process';
import { rmSync, writeFileSync } from 'node:fs';
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

  const key = join(KEYS, 'fixture-publisher.key.json');
  const cert = join(KEYS, 'fixture-publisher.chain.json');

  it('signs what electron-builder built, and verifies it as a kiosk would', () => {
    const dir = tempDir();
    const release = writeRelease(dir, '1.3.0');
    const signed = run('update', 'sign', dir, '--key', key, '--cert', cert);
    expect(signed.status, signed.stderr).toBe(0);
    expect(signed.stdout).toMatch(
      /latest\.yml: 1\.3\.0 \(balai-belajar-setup-1\.3\.0\.exe\), signed by 896b0d76a59b3a0c/,
    );
    const data = tempDir();
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
    // Not newer than 1.3.0; tampered.
    const older = run('update', 'verify', dir, '--data', data, '--current', '1.3.0');
    expect(older.status).toBe(1);
    expect(older.stderr).toMatch(/refused \(not_newer\)/);
    expect(older.stderr).toMatch(/ditolak/);
    writeFileSync(join(dir, release.installer), 'changed');
    expect(run('update', 'verify', dir, '--data', data).stderr).toMatch(/refused \(tampered\)/);
  });

  it('refuses to sign a folder whose latest.yml does not match its installer, or has none', () => {
    const dir = tempDir();
    const release = writeRelease(dir, '1.3.0');
    writeFileSync(join(dir, release.installer), 'not the installer latest.yml describes');
    const signed = run('update', 'sign', dir, '--key', key, '--cert', cert);
    expect(signed.status).toBe(1);
    expect(signed.stderr).toMatch(/cannot sign: .*(bytes|sha512)/);
    rmSync(join(dir, 'latest.yml'));
    expect(run('update', 'sign', dir, '--key', key, '--cert', cert).stderr).toMatch(
      /no update info for win32/,
    );
    expect(run('update', 'verify', dir).stderr).toMatch(/refused \(unsigned\)/);
  });

  it('refuses to sign with a chain that lacks app-updates, or certifies another key', () => {
    const dir = tempDir();
    writeRelease(dir, '1.3.0');
    const coursesOnly = run(
      'update',
      'sign',
      dir,
      '--key',
      key,
      '--cert',
      join(KEYS, 'fixture-publisher.courses-only.chain.json'),
    );
    expect(coursesOnly.status).toBe(1);
    expect(coursesOnly.stderr).toMatch(/has no right "app-updates"/);
    const otherKey = run('update', 'sign', dir, '--key', join(KEYS, 'fixture-hub.key.json'), '--cert', cert);
    expect(otherKey.status).toBe(1);
    expect(otherKey.stderr).toMatch(/certifies key 896b0d76a59b3a0c, not/);
    expect(run('update', 'verify', dir).stderr).toMatch(/refused \(unsigned\)/);
  });

  it('answers wrong usage with exit 2', () => {
    expect(run('update').status).toBe(2);
    expect(run('update', 'sign', tempDir()).status).toBe(2);
    expect(run('update', 'verify', tempDir(), '--channel', 'nightly').status).toBe(2);
    expect(run('update', 'verify', tempDir(), '--platform', 'darwin').status).toBe(2);
    expect(
      run('update', 'sign', tempDir(), '--key', join(KEYS, 'fixture-publisher.pub.json'), '--cert', cert)
        .status,
    ).toBe(1);
  });
});
