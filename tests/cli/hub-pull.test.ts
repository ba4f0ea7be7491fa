import { spawn, spawnSync } from 'node:child_process';
import { join, resolve } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Db } from '../../main/core/db/database';
import { sql } from '../../main/core/db/sql';
import { rebuildRollups } from '../../main/core/hub/rollups';
import type { PullReport } from '../../main/core/hub/pull-lrs';
import { tempDir } from '../helpers/core';
import { rollupSnapshot } from '../helpers/hub-rollups';
import { recordLearning, startLrs, type TestLrs } from '../helpers/lrs';

const BALAI = resolve(import.meta.dirname, '..', '..', 'bin', 'balai.js');
const run = (...args: string[]) =>
  spawnSync(process.execPath, [BALAI, ...args], { encoding: 'utf8', timeout: 120_000 });

/** Four kiosks of two desa of Banyumas, 2,500 statements each, as they uploaded them to the LRS. */
const KIOSKS = [
  { deviceId: '0b6f3f5e-4f0c-4d51-9e0e-6d1c1a2b3c01', desaCode: '33.02.05.2001' },
  { deviceId: '0b6f3f5e-4f0c-4d51-9e0e-6d1c1a2b3c02', desaCode: '33.02.05.2001' },
  { deviceId: '0b6f3f5e-4f0c-4d51-9e0e-6d1c1a2b3c03', desaCode: '33.02.05.2002' },
  { deviceId: '0b6f3f5e-4f0c-4d51-9e0e-6d1c1a2b3c04', desaCode: '33.02.05.2002' },
];

describe('balai hub pull-lrs (the command, against a real LRS)', () => {
  const tmp = tempDir('balai-cli-pull-');
  const data = join(tmp.dir, 'hub');
  let lrs: TestLrs;
  const pullArgs = () => [
    'hub',
    'pull-lrs',
    '--endpoint',
    lrs.endpoint,
    '--key',
    'test',
    '--secret',
    'test',
    '--data',
    data,
    '--page-size',
    '100',
    '--json',
  ];

  beforeAll(async () => {
    lrs = await startLrs();
    for (const kiosk of KIOSKS) {
      const db = Db.open(':memory:');
      recordLearning(db, 2_500, kiosk);
      const lines = db.all<{ statement: string }>(sql`SELECT statement FROM outbox ORDER BY seq`);
      for (let at = 0; at < lines.length; at += 500)
        expect(await lrs.post(lines.slice(at, at + 500).map((l) => JSON.parse(l.statement) as unknown))).toBe(
          200,
        );
      db.close();
    }
    const init = run(
      'hub',
      'init',
      '--region',
      '33.02',
      '--data',
      data,
      '--admin-pin',
      '246810',
      '--fast-hash',
    );
    expect(init.status, init.stderr).toBe(0);
  }, 180_000);

  afterAll(async () => {
    await lrs?.stop();
    tmp.cleanup();
  });

  it('refuses without credentials or with a bad --since (2), and plain http to another host (1), storing nothing', () => {
    expect(run('hub', 'pull-lrs', '--endpoint', lrs.endpoint, '--data', data).status).toBe(2);
    expect(run(...pullArgs(), '--since', 'yesterday').status).toBe(2);
    const http = pullArgs();
    http[http.indexOf('--endpoint') + 1] = 'http://lrs.example.org/xAPI/';
    const refused = run(...http);
    expect(refused.status, refused.stderr).toBe(1);
    expect(refused.stderr).toMatch(/plain http/);
    expect(refused.stderr).toMatch(/Ditolak/);
    const db = new Database(join(data, 'balai.sqlite'), { readonly: true });
    expect(db.prepare('SELECT COUNT(*) AS n FROM hub_lrs_pulls').get()).toEqual({ n: 0 });
    db.close();
  });

  it('killed (SIGKILL) in the middle of a pull, run again: goes on where it stopped, every statement once', async () => {
    const child = spawn(process.execPath, [BALAI, ...pullArgs()], { stdio: 'ignore' });
    const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
    // Killed once it has stored 20 pages: mid-pull, quite possibly mid-page.
    const file = join(data, 'balai.sqlite');
    let pages = 0;
    for (let tries = 0; tries < 1200 && pages < 20; tries++) {
      await new Promise((r) => setTimeout(r, 50));
      try {
        const reader = new Database(file, { readonly: true, fileMustExist: true });
        try {
          pages =
            (reader.prepare('SELECT pages FROM hub_lrs_pulls').get() as { pages: number } | undefined)
              ?.pages ?? 0;
        } finally {
          reader.close();
        }
      } catch {
        // the table is not there yet, or the file is busy: look again
      }
    }
    child.kill('SIGKILL');
    expect(await exited).toBeNull();
    expect(pages).toBeGreaterThanOrEqual(20);

    const resumed = run(...pullArgs());
    expect(resumed.status, resumed.stderr).toBe(0);
    const report = JSON.parse(resumed.stdout) as PullReport;
    expect(report).toMatchObject({
      end: 'done',
      resumed: true,
      received: 10_000,
      added: 10_000,
      alreadyHeld: 0,
    });
    expect(report.pages).toBe(100);

    const again = run(...pullArgs());
    expect(again.status, again.stderr).toBe(0);
    expect(JSON.parse(again.stdout)).toMatchObject({ end: 'done', resumed: false, added: 0 });

    const db = Db.open(file);
    try {
      expect(db.get(sql`SELECT COUNT(*) AS n, COUNT(DISTINCT id) AS ids FROM hub_statements`)).toEqual({
        n: 10_000,
        ids: 10_000,
      });
      // Seven learners per kiosk, each placed in the kiosk's desa without a roster.
      expect(
        db.all(sql`SELECT desa_code, personal, COUNT(*) AS n FROM hub_learners GROUP BY desa_code, personal`),
      ).toEqual([
        { desa_code: '33.02.05.2001', personal: 'none', n: 14 },
        { desa_code: '33.02.05.2002', personal: 'none', n: 14 },
      ]);
      const kept = rollupSnapshot(db);
      db.transaction(() => rebuildRollups(db));
      expect(rollupSnapshot(db)).toEqual(kept);
    } finally {
      db.close();
    }
  }, 240_000);
});
