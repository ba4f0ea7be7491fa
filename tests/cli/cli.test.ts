import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { useTempDirs } from '../helpers/core';

const BALAI = resolve(import.meta.dirname, '..', '..', 'bin', 'balai.js');
const run = (...args: string[]) =>
  spawnSync(process.execPath, [BALAI, ...args], { encoding: 'utf8', timeout: 60_000 });

describe('the balai command', () => {
  const tempDir = useTempDirs();

  it('prints help (exit 0), refuses wrong usage (exit 2)', () => {
    const help = run('--help');
    expect(help.status).toBe(0);
    expect(help.stdout).toMatch(/balai setup --data DIR --desa CODE --operator NAME/);
    expect(run().status).toBe(2);
    expect(run('nope').status).toBe(2);
    expect(run('setup', '--data', tempDir(), '--desa', '33.02').status).toBe(2);
    expect(run('setup', '--bogus').status).toBe(2);
  });

  it('sets a kiosk up from the command line, once (exit 1 the second time)', () => {
    const dir = tempDir();
    const first = run(
      'setup',
      '--data',
      dir,
      '--desa',
      '33.02.05.2001',
      '--operator',
      'Sri Operator',
      '--pin',
      '123456',
      '--json',
      '--fast-hash',
    );
    expect(first.status, first.stderr).toBe(0);
    const out = JSON.parse(first.stdout) as { desa: string; recoveryCode: string; deviceId: string };
    expect(out.desa).toBe('Adisana');
    expect(out.recoveryCode).toMatch(/^[A-Z2-9]{4}-/);
    const second = run(
      'setup',
      '--data',
      dir,
      '--desa',
      '33.02.05.2001',
      '--operator',
      'Sri Operator',
      '--pin',
      '123456',
      '--fast-hash',
    );
    expect(second.status).toBe(1);
    expect(second.stderr).toMatch(/ALREADY_SET_UP/);
    expect(second.stderr).toMatch(/ditolak/);
  });

  it('makes a demo village with learners and some learning', () => {
    const dir = tempDir();
    const r = run('demo', '--data', dir, '--learners', '4', '--json', '--fast-hash');
    expect(r.status, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout) as { learners: { pin: string }[] };
    expect(out.learners.map((l) => l.pin)).toEqual(['100001', '100002', '100003', '100004']);
    expect(run('demo', '--data', dir, '--fast-hash').status).toBe(1);
  });
});
