import { mkdirSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { connect } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readKiosk } from '../../main/core/setup/kiosk';
import { hostGate } from '../../main/host/names';
import {
  HEADERS_TIMEOUT_MS,
  PortInUse,
  REQUEST_TIMEOUT_MS,
  SESSION_COOKIE,
  startHost,
  type RunningHost,
} from '../../main/host/server';
import { DESA, openTestCore, setUpVillage, tempDir, type TestKiosk, type Village } from '../helpers/core';

// The browser-mode host on loopback with a real core, sent requests with node:http so that Host, Origin and
// cookies are exactly what a hostile page or client would send.
const tmp = tempDir('balai-host-hardening-');
const rendererDir = join(tmp.dir, 'renderer');
mkdirSync(rendererDir, { recursive: true });
writeFileSync(join(rendererDir, 'index.html'), '<!doctype html><title>Balai Belajar</title>');
afterAll(() => tmp.cleanup());

interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
}

function send(
  host: RunningHost,
  path: string,
  options: { method?: string; headers?: Record<string, string>; body?: string } = {},
): Promise<Answer> {
  const url = new URL(host.url);
  return new Promise((done, fail) => {
    const req = request(
      {
        host: url.hostname,
        port: url.port,
        path,
        method: options.method ?? (options.body ? 'POST' : 'GET'),
        headers: {
          ...(options.body ? { 'content-type': 'application/json' } : {}),
          ...options.headers,
        },
        agent: false,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () =>
          done({ status: res.statusCode ?? 0, headers: res.headers, text: Buffer.concat(chunks).toString() }),
        );
        res.on('error', fail);
      },
    );
    req.on('error', fail);
    req.end(options.body);
  });
}

const call = (method: string, args: unknown) => JSON.stringify({ method, args });
const port = (host: RunningHost) => Number(new URL(host.url).port);
const cookieOf = (answer: Answer) => String(answer.headers['set-cookie'] ?? '').split(';')[0]!;

describe('DNS rebinding: only the names the host listens on are answered', () => {
  let kiosk: TestKiosk;
  let host: RunningHost;

  beforeAll(async () => {
    // A kiosk not yet set up: the page that reaches it first would choose the operator's PIN.
    kiosk = openTestCore(join(tmp.dir, 'fresh'));
    await kiosk.core.prepare();
    host = await startHost({ core: kiosk.core, rendererDir });
  });
  afterAll(async () => {
    await host?.close();
    kiosk?.close();
  });

  const setUp = call('setup.create', {
    desaCode: DESA,
    operator: { fullName: 'Penyusup', jabatan: 'sekretaris_desa', pin: '135790' },
  });

  it('refuses a rebound name with 421 and no data, and the kiosk stays not set up', async () => {
    const evil = `evil.example:${port(host)}`;
    for (const [path, body] of [
      ['/api/call', setUp],
      ['/api/call', call('auth.roster', {})],
      ['/', undefined],
      ['/content/x/1.0.0/course.json', undefined],
    ] as const) {
      const answer = await send(host, path, { headers: { host: evil, origin: `http://${evil}` }, body });
      expect(answer.status, path).toBe(421);
      expect(JSON.parse(answer.text)).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
      expect(answer.headers['set-cookie']).toBeUndefined();
    }
    expect(readKiosk(kiosk.core.services.db)).toBeUndefined();
  });

  it('refuses the right name on another port, a name with a trailing dot and no Host at all', async () => {
    for (const name of [`127.0.0.1:${port(host) + 1}`, `localhost.:${port(host)}`, `127.0.0.1`]) {
      const answer = await send(host, '/api/call', {
        headers: { host: name },
        body: call('auth.roster', {}),
      });
      expect(answer.status, name).toBe(421);
    }
  });

  it('refuses a foreign Origin with 403 even when the Host is right', async () => {
    for (const origin of ['http://evil.example', 'null', `https://127.0.0.1:${port(host)}`]) {
      const answer = await send(host, '/api/call', { headers: { origin }, body: call('auth.roster', {}) });
      expect(answer.status, origin).toBe(403);
      expect(answer.text).not.toContain('cards');
    }
    expect((await send(host, '/', { headers: { origin: 'http://evil.example' } })).status).toBe(403);
  });

  it('answers its own names: 127.0.0.1, localhost and [::1] with its port, in any letter case', async () => {
    for (const name of [`127.0.0.1:${port(host)}`, `LocalHost:${port(host)}`, `[::1]:${port(host)}`]) {
      const answer = await send(host, '/api/call', {
        headers: { host: name, origin: `http://${name}` },
        body: call('auth.roster', {}),
      });
      expect(answer.status, name).toBe(200);
      expect(JSON.parse(answer.text)).toMatchObject({ ok: true });
    }
    expect((await send(host, '/')).status).toBe(200);
  });

  it('opened on every address, answers each address of this computer, also one that came up later', () => {
    let lan = [{ address: '192.168.1.5', family: 'IPv4' }];
    const gate = hostGate(
      { address: '0.0.0.0', family: 'IPv4', port: 4780 },
      () => ({ lo: [{ address: '127.0.0.1', family: 'IPv4' }], eth0: lan }) as never,
    );
    expect(gate.refusal('192.168.1.5:4780', 'http://192.168.1.5:4780')).toBeNull();
    expect(gate.refusal('192.168.1.9:4780', undefined)?.status).toBe(421);
    lan = [...lan, { address: '192.168.1.9', family: 'IPv4' }];
    expect(gate.refusal('192.168.1.9:4780', undefined)).toBeNull();
    expect(gate.refusal('evil.example:4780', undefined)?.status).toBe(421);
    const one = hostGate({ address: '10.0.0.2', family: 'IPv4', port: 80 });
    expect(one.refusal('10.0.0.2', 'http://10.0.0.2')).toBeNull();
    expect(one.refusal('10.0.0.3', undefined)?.status).toBe(421);
  });
});

describe('sessions exist only after a login or set-up', () => {
  let village: Village;
  let host: RunningHost;
  let learnerId: string;

  beforeAll(async () => {
    village = await setUpVillage(join(tmp.dir, 'village'));
    learnerId = await village.addLearner('Ani Pelajar', '246810');
    host = await startHost({ core: village.core, rendererDir });
  });
  afterAll(async () => {
    await host?.close();
    village?.close();
  });

  const login = () =>
    send(host, '/api/call', { body: call('auth.login', { accountId: learnerId, pin: '246810' }) });

  it('anonymous calls get no cookie, and 300 of them leave a logged-in learner logged in', async () => {
    const loggedIn = await login();
    const cookie = cookieOf(loggedIn);
    expect(cookie.startsWith(`${SESSION_COOKIE}=`)).toBe(true);
    const before = village.core.services.sessions.loggedInCount();
    for (let i = 0; i < 300; i++) {
      const answer = await send(host, '/api/call', { body: call('system.ping', { echo: String(i) }) });
      expect(answer.status).toBe(200);
      expect(answer.headers['set-cookie']).toBeUndefined();
    }
    const me = await send(host, '/api/call', { headers: { cookie }, body: call('auth.me', {}) });
    expect(JSON.parse(me.text)).toMatchObject({ ok: true, value: { account: { id: learnerId } } });
    expect(village.core.services.sessions.loggedInCount()).toBe(before);
  });

  it('a failed login leaves no session; a stale cookie is cleared', async () => {
    const wrong = await send(host, '/api/call', {
      body: call('auth.login', { accountId: learnerId, pin: '061728' }),
    });
    expect(JSON.parse(wrong.text)).toMatchObject({ ok: false, error: { code: 'WRONG_PIN' } });
    expect(wrong.headers['set-cookie']).toBeUndefined();
    const stale = await send(host, '/api/call', {
      headers: { cookie: `${SESSION_COOKIE}=from-before-a-restart` },
      body: call('auth.me', {}),
    });
    expect(JSON.parse(stale.text)).toMatchObject({ ok: true, value: { account: null } });
    expect(String(stale.headers['set-cookie'])).toMatch(new RegExp(`^${SESSION_COOKIE}=;.*Max-Age=0`));
  });

  it('a login never keeps a token it was sent (no session fixation); a logged-out session ends', async () => {
    const first = cookieOf(await login());
    await send(host, '/api/call', {
      headers: { cookie: first },
      body: call('auth.logout', { reason: 'user' }),
    });
    // The logged-out token, planted in a browser, then used for someone's login: a new token comes back.
    const again = await send(host, '/api/call', {
      headers: { cookie: first },
      body: call('auth.login', { accountId: learnerId, pin: '246810' }),
    });
    const second = cookieOf(again);
    expect(second.startsWith(`${SESSION_COOKIE}=`)).toBe(true);
    expect(second).not.toBe(first);
    const planted = await send(host, '/api/call', { headers: { cookie: first }, body: call('auth.me', {}) });
    expect(JSON.parse(planted.text)).toMatchObject({ ok: true, value: { account: null } });
    expect(village.core.services.sessions.get(first.split('=')[1]!)).toBeUndefined();
  });

  it('serves lesson files to a logged-in session only', async () => {
    const lesson = '/content/pengelolaan-keuangan-desa/9.9.9/media/a.png';
    const anonymous = await send(host, lesson);
    expect(anonymous.status).toBe(401);
    const cookie = cookieOf(await login());
    // Logged in, the path goes on to the allow-list (a version that is not installed: 404).
    expect((await send(host, lesson, { headers: { cookie } })).status).toBe(404);
    await send(host, '/api/call', { headers: { cookie }, body: call('auth.logout', { reason: 'user' }) });
    expect((await send(host, lesson, { headers: { cookie } })).status).toBe(401);
  });
});

describe('the host cuts off slow clients and says when its port is taken', () => {
  let kiosk: TestKiosk;
  beforeAll(() => {
    kiosk = openTestCore(join(tmp.dir, 'slow'));
  });
  afterAll(() => kiosk?.close());

  it('sets request and header time-outs', async () => {
    const host = await startHost({ core: kiosk.core, rendererDir });
    try {
      expect(host.server.headersTimeout).toBe(HEADERS_TIMEOUT_MS);
      expect(host.server.requestTimeout).toBe(REQUEST_TIMEOUT_MS);
      expect(HEADERS_TIMEOUT_MS).toBeLessThanOrEqual(15_000);
    } finally {
      await host.close();
    }
  });

  it('closes a connection whose headers never finish (408), instead of holding it for a minute', async () => {
    const host = await startHost({
      core: kiosk.core,
      rendererDir,
      timeouts: { headersMs: 300, requestMs: 600 },
    });
    try {
      const started = Date.now();
      const answer = await new Promise<string>((done, fail) => {
        const socket = connect(port(host), '127.0.0.1', () => {
          socket.write(`GET / HTTP/1.1\r\nHost: 127.0.0.1:${port(host)}\r\nX-Slow: a`);
        });
        let text = '';
        socket.on('data', (c: Buffer) => (text += c.toString()));
        socket.on('close', () => done(text));
        socket.on('error', fail);
        setTimeout(() => {
          socket.destroy();
          done('still open after 5 s');
        }, 5_000);
      });
      expect(answer).toMatch(/^HTTP\/1\.1 408/);
      expect(Date.now() - started).toBeLessThan(4_000);
    } finally {
      await host.close();
    }
  });

  it('a busy port is said in both languages with the --port hint', async () => {
    const first = await startHost({ core: kiosk.core, rendererDir });
    try {
      const second = startHost({ core: kiosk.core, rendererDir, port: port(first) });
      await expect(second).rejects.toBeInstanceOf(PortInUse);
      const error = (await second.catch((e: unknown) => e)) as PortInUse;
      expect(error.message).toContain(`port ${port(first)} is already in use`);
      expect(error.message).toContain('--port');
      expect(error.indonesian).toContain(`Port ${port(first)} sudah dipakai`);
      expect(error.indonesian).toContain('--port');
    } finally {
      await first.close();
    }
  });
});
