import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { useTempDirs } from '../helpers/core';

const BALAI = resolve(import.meta.dirname, '..', '..', 'bin', 'balai.js');
const run = (...args: string[]) =>
  spawnSync(process.execPath, [BALAI, ...args], { encoding: 'utf8', timeout: 60_000 });

describe('the balai command', { timeout: 150_000 }, () => {
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

  it('under npm run balai, relative paths are the caller’s folder, and nothing lands in the checkout', () => {
    const caller = tempDir();
    const name = `kunci-uji-${process.pid}.json`;
    const repo = resolve(import.meta.dirname, '..', '..');
    try {
      const r = spawnSync(
        'npm',
        ['--prefix', repo, 'run', '--silent', 'balai', '--', 'keygen', '--out', name],
        {
          cwd: caller,
          encoding: 'utf8',
          timeout: 60_000,
        },
      );
      expect(r.status, r.stderr).toBe(0);
      expect(existsSync(join(caller, name))).toBe(true);
      expect(existsSync(join(caller, `${name}.pub.json`))).toBe(true);
      expect(existsSync(join(repo, name))).toBe(false);
    } finally {
      for (const f of readdirSync(repo).filter((f) => f.startsWith(name))) rmSync(join(repo, f));
    }
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
      '246813',
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
      '246813',
      '--fast-hash',
    );
    expect(second.status).toBe(1);
    expect(second.stderr).toMatch(/ALREADY_SET_UP/);
    expect(second.stderr).toMatch(/ditolak/);
  });

  it('makes a demo village with learners and some learning: certificates, failed posttests, learners midway', () => {
    const dir = tempDir();
    const r = run('demo', '--data', dir, '--learners', '4', '--json', '--fast-hash');
    expect(r.status, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout) as {
      learners: { pin: string; plan: string }[];
      certificates: number;
      failedPosttests: number;
    };
    expect(out.learners.map((l) => l.pin)).toEqual(['100001', '100002', '100003', '100004']);
    expect(out.learners.map((l) => l.plan)).toEqual(['passes', 'fails', 'retries', 'midway']);
    expect(run('demo', '--data', dir, '--fast-hash').status).toBe(1);
    expect(JSON.parse(r.stdout)).toMatchObject({ operator: { name: 'Operator Desa (demo)', pin: '123456' } });
    const text = run('demo', '--data', tempDir(), '--learners', '0', '--fast-hash');
    expect(text.status, text.stderr).toBe(0);
    expect(text.stdout).toContain('Operator: "Operator Desa (demo)" (tap this name), PIN 123456');

    // What the command says is what the data folder holds.
    const db = new Database(join(dir, 'balai.sqlite'), { readonly: true });
    try {
      const count = (query: string) => (db.prepare(query).get() as { n: number }).n;
      const certificates = count('SELECT COUNT(*) AS n FROM certificates');
      const failedPost = count(
        "SELECT COUNT(*) AS n FROM quiz_attempts WHERE quiz_kind = 'post' AND submitted_at IS NOT NULL AND passed = 0",
      );
      expect(certificates).toBeGreaterThanOrEqual(1);
      expect(failedPost).toBeGreaterThanOrEqual(1);
      expect(certificates).toBe(out.certificates);
      expect(failedPost).toBe(out.failedPosttests);
      expect(count("SELECT COUNT(*) AS n FROM outbox WHERE verb = 'certified'")).toBe(certificates);
      // Two starter courses have a posttest: learners 1 and 3 pass both (3 after failing each once),
      // learner 2 fails both.
      expect(certificates).toBe(4);
      expect(failedPost).toBe(4);
      // Learner 4 is midway: some lessons done, no posttest.
      expect(
        count("SELECT COUNT(DISTINCT learner_id) AS n FROM lesson_progress WHERE status = 'completed'"),
      ).toBe(4);
    } finally {
      db.close();
    }
  });
});
