import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { useTempDirs } from '../helpers/core';

const BALAI = resolve(import.meta.dirname, '..', '..', 'bin', 'balai.js');
const FIXTURE = resolve(
  import.meta.dirname,
  '..',
  'fixtures',
  'formats',
  'backup-v1',
  'adisana-chosen.balaibackup',
);
const run = (args: string[], env: Record<string, string> = {}) =>
  spawnSync(process.execPath, [BALAI, ...args], {
    encoding: 'utf8',
    timeout: 60_000,
    env: { ...process.env, BALAI_BACKUP_PASSPHRASE: '', ...env },
  });

describe('balai backup', { timeout: 150_000 }, () => {
  const tempDir = useTempDirs('balai-cli-backup-');

  it('create, inspect and restore on a new data folder; refusals say why in English and Indonesian', () => {
    const dir = tempDir();
    const data = join(dir, 'kiosk');
    const stick = join(dir, 'stick');
    mkdirSync(stick);
    const setup = run([
      'setup',
      '--data',
      data,
      '--desa',
      '33.02.05.2001',
      '--operator',
      'Sri Operator',
      '--pin',
      '246813',
      '--json',
      '--fast-hash',
    ]);
    expect(setup.status, setup.stderr).toBe(0);
    const { recoveryCode, deviceId } = JSON.parse(setup.stdout) as { recoveryCode: string; deviceId: string };

    // No passphrase anywhere: a usage error, and nothing asked.
    const noPassphrase = run(['backup', 'create', '--to', stick, '--data', data]);
    expect(noPassphrase.status).toBe(2);
    expect(noPassphrase.stderr).toMatch(/--passphrase/);
    const tooShort = run(['backup', 'create', '--to', stick, '--data', data, '--passphrase', 'pendek']);
    expect(tooShort.status).toBe(1);
    expect(tooShort.stderr).toMatch(/Kata sandi minimal 8 karakter/);

    const created = run(['backup', 'create', '--to', stick, '--data', data, '--json', '--fast-hash'], {
      BALAI_BACKUP_PASSPHRASE: recoveryCode.toLowerCase(),
    });
    expect(created.status, created.stderr).toBe(0);
    const done = JSON.parse(created.stdout) as { file: string; path: string; passphrase: string };
    expect(done.passphrase).toBe('recovery-code');
    expect(done.file).toBe(join(stick, ...done.path.split('/')));
    expect(readdirSync(join(stick, 'BalaiBelajar', '33_02_05_2001', 'cadangan'))).toHaveLength(1);

    const inspected = run(['backup', 'inspect', done.file]);
    expect(inspected.status, inspected.stderr).toBe(0);
    expect(inspected.stdout).toContain(`Device id: ${deviceId}`);
    expect(inspected.stdout).toMatch(/Desa Adisana, Kec\. Kebasen/);
    expect(inspected.stdout).toMatch(/recovery code/);

    const target = join(dir, 'pc-baru');
    const wrong = run([
      'backup',
      'restore',
      done.file,
      '--data',
      target,
      '--passphrase',
      'salah-salah-salah',
    ]);
    expect(wrong.status).toBe(1);
    expect(wrong.stderr).toMatch(/wrong passphrase/);
    expect(wrong.stderr).toMatch(/Kata sandi salah atau berkas rusak/);
    expect(existsSync(target)).toBe(false);

    const restored = run([
      'backup',
      'restore',
      done.file,
      '--data',
      target,
      '--passphrase',
      recoveryCode,
      '--json',
    ]);
    expect(restored.status, restored.stderr).toBe(0);
    expect(JSON.parse(restored.stdout)).toMatchObject({ deviceId, desaCode: '33.02.05.2001' });
    const db = new Database(join(target, 'balai.sqlite'), { readonly: true });
    try {
      expect(db.prepare('SELECT device_id FROM kiosk').get()).toEqual({ device_id: deviceId });
    } finally {
      db.close();
    }

    const again = run(['backup', 'restore', done.file, '--data', target, '--passphrase', recoveryCode]);
    expect(again.status).toBe(1);
    expect(again.stderr).toMatch(/ALREADY_SET_UP/);
    expect(again.stderr).toMatch(/sudah diatur/);
    expect(run(['backup', 'restore', '--data', target]).status).toBe(2);
    expect(run(['backup', 'nope']).status).toBe(2);
  });

  it('restore says truly what comes back: built-in courses by themselves, others from a stick, keys never', () => {
    const target = join(tempDir(), 'pc-baru');
    const r = run(['backup', 'restore', FIXTURE, '--data', target], {
      BALAI_BACKUP_PASSPHRASE: 'Cadangan Desa Adisana 2026',
    });
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toMatch(
      /Built-in courses, installed again when the app first opens this folder: .*Mengenal APB Desa/,
    );
    expect(r.stdout).toMatch(
      /install again from their package \(a stick or a file\): Kursus Uji Lengkap 1\.0\.0\n/,
    );
    expect(r.stdout).toMatch(
      /not restored \(a restore never adds a trusted key\): keys\/publishers\/penerbit-uji\.json/,
    );
    expect(existsSync(join(target, 'keys'))).toBe(false);
  });

  it('inspects the v1 fixture, with and without its passphrase', () => {
    const plain = run(['backup', 'inspect', FIXTURE, '--json']);
    expect(plain.status, plain.stderr).toBe(0);
    expect(JSON.parse(plain.stdout)).toMatchObject({
      header: { formatVersion: 1, desaCode: '33.02.05.2001', createdAt: '2026-11-02T16:30:00.000+07:00' },
    });
    const checked = run(['backup', 'inspect', FIXTURE], {
      BALAI_BACKUP_PASSPHRASE: 'Cadangan Desa Adisana 2026',
    });
    expect(checked.status, checked.stderr).toBe(0);
    expect(checked.stdout).toMatch(
      /Checked with the passphrase: 3 learners, 19 statements, 1 certificates, 3 parts/,
    );
    const notBackup = run(['backup', 'inspect', BALAI]);
    expect(notBackup.status).toBe(1);
    expect(notBackup.stderr).toMatch(/bukan cadangan Balai Belajar/);
  });
});
