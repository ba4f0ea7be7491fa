import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { createServer } from 'node:http';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DB_FILE } from '../../main/core/app';
import { Db } from '../../main/core/db/database';
import { sql } from '../../main/core/db/sql';
import { readKiosk } from '../../main/core/setup/kiosk';
import { setUpVillage, useTempDirs } from '../helpers/core';
import { freePort, recordLearning, startLrs } from '../helpers/lrs';
import { startFaultProxy } from '../helpers/lrs-proxy';

const BALAI = resolve(import.meta.dirname, '..', '..', 'bin', 'balai.js');
const SECRET = 'rahasia-kiosk-Adisana-42';
const run = (...args: string[]) =>
  spawnSync(process.execPath, [BALAI, ...args], { encoding: 'utf8', timeout: 60_000 });

/** `balai …` as a child that does not block this process (the proxy and test servers run in it). */
function start(...args: string[]): {
  child: ChildProcess;
  done: Promise<{ status: number | null; stdout: string; stderr: string }>;
} {
  const child = spawn(process.execPath, [BALAI, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (c: Buffer) => (stdout += c.toString('utf8')));
  child.stderr.on('data', (c: Buffer) => (stderr += c.toString('utf8')));
  const done = once(child, 'exit').then(([status]) => ({ status: status as number | null, stdout, stderr }));
  return { child, done };
}

/** A kiosk set up (in this process: quicker than a `balai setup` child), with `count` statements recorded. */
async function kioskWith(dir: string, count: number): Promise<{ data: string; ids: string[] }> {
  const data = join(dir, 'kiosk');
  const village = await setUpVillage(data);
  const db = village.core.services.db;
  const kiosk = readKiosk(db)!;
  const ids = recordLearning(db, count, { deviceId: kiosk.device_id, desaCode: kiosk.desa_code });
  village.close();
  return { data, ids };
}

/** Reads the kiosk's database (the CLI has closed it). */
function inKiosk<T>(data: string, read: (db: Db) => T): T {
  const db = Db.open(join(data, DB_FILE));
  try {
    return read(db);
  } finally {
    db.close();
  }
}

const lrsDelivered = (db: Db) =>
  db.get<{ n: number }>(sql`SELECT COUNT(*) AS n FROM deliveries WHERE via = 'lrs'`)!.n;

describe('balai lrs and balai upload', () => {
  const tempDir = useTempDirs('balai-cli-lrs-');

  it('lrs set refuses bad settings clearly, stores good ones, and never shows the secret back', async () => {
    const { data } = await kioskWith(tempDir(), 3);
    const missing = run('lrs', 'set', '--data', data, '--endpoint', 'https://lrs.example.id/xAPI/');
    expect(missing.status).toBe(2);
    expect(missing.stderr).toMatch(/--secret S/);
    const notUrl = run(
      'lrs',
      'set',
      '--data',
      data,
      '--endpoint',
      'lrs.example.id',
      '--key',
      'k',
      '--secret',
      SECRET,
    );
    expect(notUrl.status).toBe(1);
    expect(notUrl.stderr).toMatch(/endpoint: not a URL/);
    expect(notUrl.stderr).toMatch(/Ditolak: pengaturan LRS tidak sah/);

    const ok = run(
      'lrs',
      'set',
      '--data',
      data,
      '--endpoint',
      'https://lrs.example.id/xAPI/statements',
      '--key',
      'kiosk-3302052001',
      '--secret',
      SECRET,
    );
    expect(ok.status, ok.stderr).toBe(0);
    expect(ok.stdout).toBe(
      'ok: LRS https://lrs.example.id/xAPI/, key kiosk-3302052001, secret ••••••42 (stored unprotected: set it in the kiosk app to protect it)\n',
    );
    const status = run('lrs', 'status', '--data', data, '--json');
    expect(status.status, status.stderr).toBe(0);
    expect(JSON.parse(status.stdout)).toMatchObject({
      lrs: {
        endpoint: 'https://lrs.example.id/xAPI/',
        key: 'kiosk-3302052001',
        secretMasked: '••••••42',
        secretProtected: false,
      },
      pending: 3,
      sent: 0,
      quarantined: 0,
      lastSuccessAt: null,
    });
    const human = run('lrs', 'status', '--data', data);
    expect(human.stdout).toMatch(/statements: {3}3 pending, 0 sent, 0 quarantined/);
    expect(human.stdout).toMatch(/stored unprotected \(plain\)/);
    for (const out of [ok, status, human]) expect(out.stdout + out.stderr).not.toContain(SECRET);
  });

  it('upload: exit 1 without an LRS or when the LRS refuses the key; exit 3 when it stays unreachable', async () => {
    const { data } = await kioskWith(tempDir(), 5);
    const none = run('upload', '--data', data);
    expect(none.status).toBe(1);
    expect(none.stderr).toMatch(/no LRS is set/);
    expect(none.stderr).toMatch(/Ditolak: alamat LRS belum diatur/);

    // Nothing listens on that port: two attempts (a back-off of 1–2 s between them), then exit 3.
    const port = await freePort();
    expect(
      run(
        'lrs',
        'set',
        '--data',
        data,
        '--endpoint',
        `http://127.0.0.1:${port}/xAPI/`,
        '--key',
        'k',
        '--secret',
        SECRET,
      ).status,
    ).toBe(0);
    const down = run('upload', '--data', data, '--attempts', '2', '--json');
    expect(down.status, down.stderr).toBe(3);
    expect(JSON.parse(down.stdout)).toMatchObject({
      end: 'unreachable',
      sent: 0,
      pending: 5,
      failures: 2,
      error: { code: 'unreachable' },
    });
    expect(down.stderr).toMatch(/LRS tidak dapat dihubungi/);
    expect(
      inKiosk(data, (db) => db.get(sql`SELECT backoff_step, last_error_code FROM lrs_uploader`)),
    ).toEqual({
      backoff_step: 2,
      last_error_code: 'unreachable',
    });

    // An LRS that answers but refuses this kiosk's key: exit 1, at once.
    const server = createServer((req, res) => {
      if (req.url?.endsWith('/about'))
        res.writeHead(200, { 'content-type': 'application/json' }).end('{"version":["1.0.3"]}');
      else res.writeHead(401, { 'content-type': 'application/json' }).end('{"message":"Unauthorised"}');
    });
    await new Promise<void>((r) => server.listen(port, '127.0.0.1', r));
    try {
      const refused = await start('upload', '--data', data, '--attempts', '5').done;
      expect(refused.status, refused.stderr).toBe(1);
      expect(refused.stderr).toMatch(/refused: the LRS refused the key and secret \(HTTP 401/);
      expect(refused.stderr).toMatch(/periksa pengaturan LRS/);
      expect(refused.stderr).not.toContain(SECRET);
    } finally {
      server.close();
    }
  });

  it('kill the kiosk mid-upload (SIGKILL after the LRS stored a batch, before the answer): a restart goes on and delivers exactly once', async () => {
    const lrs = await startLrs();
    let posts = 0;
    let child: ChildProcess | null = null;
    // Through a proxy without faults that, at the third batch, kills the uploader after the LRS stored the
    // batch and before the answer goes back: the LRS holds it, the kiosk has not marked it.
    const proxy = await startFaultProxy({
      target: `http://127.0.0.1:${lrs.port}`,
      seed: 1,
      rate: 0,
      afterForward: async ({ method, status }) => {
        if (method !== 'POST' || status !== 200 || ++posts !== 3 || !child) return;
        const exited = once(child, 'exit');
        child.kill('SIGKILL');
        await exited;
      },
    });
    try {
      const { data, ids } = await kioskWith(tempDir(), 1000);
      expect(
        run('lrs', 'set', '--data', data, '--endpoint', proxy.endpoint, '--key', 'k', '--secret', SECRET)
          .status,
      ).toBe(0);

      const first = start('upload', '--data', data);
      child = first.child;
      const killed = await first.done;
      expect(killed.status).toBeNull(); // killed by the signal, not exited
      expect((await lrs.statements()).length).toBe(300);
      expect(inKiosk(data, lrsDelivered)).toBe(200);

      child = null;
      const again = await start('upload', '--data', data, '--json').done;
      expect(again.status, again.stderr).toBe(0);
      expect(JSON.parse(again.stdout)).toMatchObject({ end: 'empty', sent: 800, pending: 0 });
      const stored = (await lrs.statements()).map((s) => s.id);
      expect(stored.length).toBe(1000);
      expect(new Set(stored)).toEqual(new Set(ids));
      expect(inKiosk(data, lrsDelivered)).toBe(1000);
      // Batches 1 and 2 were not sent again; batch 3 was (its answer was lost): 3 + 8 POSTs.
      expect(proxy.events.filter((e) => e.method === 'POST')).toHaveLength(11);
    } finally {
      await proxy.close();
      await lrs.stop();
    }
  });

  it('a statement the LRS rejects: upload exits 0 with a note; lrs quarantine lists it; --release puts it back', async () => {
    const lrs = await startLrs();
    try {
      const { data, ids } = await kioskWith(tempDir(), 40);
      inKiosk(data, (db) => {
        const row = db.get<{ statement: string }>(sql`SELECT statement FROM outbox WHERE seq = 7`)!;
        const bad = { ...(JSON.parse(row.statement) as object), verb: { id: 'not an IRI' } };
        db.run(sql`UPDATE outbox SET statement = ${JSON.stringify(bad)} WHERE seq = 7`);
      });
      expect(
        run('lrs', 'set', '--data', data, '--endpoint', lrs.endpoint, '--key', 'k', '--secret', SECRET)
          .status,
      ).toBe(0);
      const up = await start('upload', '--data', data).done;
      expect(up.status, up.stderr).toBe(0);
      expect(up.stdout).toMatch(/ok: nothing left to send \(39 sent, 1 quarantined, 0 pending\)/);
      expect(up.stderr).toMatch(/statements in quarantine: balai lrs quarantine/);

      const list = run('lrs', 'quarantine', '--data', data);
      expect(list.status).toBe(0);
      expect(list.stdout).toContain(`seq 7 ${ids[6]} (experienced, recorded `);
      expect(list.stdout).toMatch(/rejected HTTP 400/);
      expect(list.stdout).toMatch(/verb\.id/);
      const released = run('lrs', 'quarantine', '--data', data, '--release', 'all', '--json');
      expect(JSON.parse(released.stdout)).toEqual({ released: 1, quarantined: [] });
      expect(JSON.parse(run('lrs', 'status', '--data', data, '--json').stdout)).toMatchObject({
        pending: 1,
        sent: 39,
        quarantined: 0,
      });
    } finally {
      await lrs.stop();
    }
  });
});
