import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CSP } from '../../../main/core/files/routes';
import { SESSION_COOKIE, startHost, type RunningHost } from '../../../main/host/server';
import { setUpVillage, type Village } from '../../helpers/core';

// The real host on loopback with a real core: escapes are sent as raw request targets, so the client
// does not normalise them away before the server sees them.
const SECRET = 'TOP-SECRET-NEXT-TO-THE-ROOT';
const CLIP = 'abcdefghijklmnopqrstuvwxyz0123456789';
const COURSE = 'contoh-kursus';
const VERSION = '1.0.0';

let tmp: string;
let village: Village;
let host: RunningHost;
let port: number;
/** A learner's session cookie: lesson files are served to a logged-in session only. */
let learnerCookie: string;

beforeAll(async () => {
  tmp = mkdtempSync(join(tmpdir(), 'balai-host-escape-'));
  const dataDir = join(tmp, 'data');
  const rendererDir = join(tmp, 'renderer');
  mkdirSync(dataDir);
  mkdirSync(join(rendererDir, 'assets'), { recursive: true });
  writeFileSync(join(rendererDir, 'index.html'), '<!doctype html><title>Balai Belajar</title>');
  writeFileSync(join(rendererDir, 'assets', 'app.js'), 'console.log(1)');
  writeFileSync(join(tmp, 'secret.txt'), SECRET);
  writeFileSync(join(dataDir, 'secret.txt'), SECRET);

  const source = join(tmp, 'course-source');
  mkdirSync(join(source, 'lessons'), { recursive: true });
  mkdirSync(join(source, 'media'));
  writeFileSync(join(source, 'lessons', 'satu.md'), '# Satu\n\n![Klip](media/clip.mp4)\n');
  writeFileSync(join(source, 'media', 'clip.mp4'), CLIP);
  writeFileSync(
    join(source, 'course.json'),
    JSON.stringify({
      formatVersion: 1,
      id: COURSE,
      version: VERSION,
      language: 'id',
      title: 'Contoh',
      description: 'Kursus untuk uji.',
      publisher: 'Uji',
      modules: [
        { id: 'm1', title: 'Modul', lessons: [{ id: 'l1', title: 'Satu', body: 'lessons/satu.md' }] },
      ],
    }),
  );

  village = await setUpVillage(dataDir);
  const installed = village.core.services.courses.installFolder(source);
  if (!installed.ok) throw new Error(installed.reason);
  const learnerId = await village.addLearner('Ani Pelajar', '246810');
  host = await startHost({ core: village.core, rendererDir });
  port = Number(new URL(host.url).port);
  const login = await fetch(`${host.url}api/call`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ method: 'auth.login', args: { accountId: learnerId, pin: '246810' } }),
  });
  learnerCookie = (login.headers.get('set-cookie') ?? '').split(';')[0]!;
  if (!learnerCookie.startsWith(`${SESSION_COOKIE}=`)) throw new Error('login over the host failed');
});

afterAll(async () => {
  await host?.close();
  village?.close();
  rmSync(tmp, { recursive: true, force: true });
});

interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/** GET with the request target exactly as given (Node's client does not normalise the path), as the learner. */
function raw(
  path: string,
  headers: Record<string, string> = {},
  method = 'GET',
  body?: Buffer,
): Promise<Answer> {
  return new Promise((done, fail) => {
    const sent = { cookie: learnerCookie, ...headers };
    const req = request({ host: '127.0.0.1', port, path, method, headers: sent }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () =>
        done({
          status: res.statusCode ?? 0,
          headers: res.headers,
          body: Buffer.concat(chunks).toString('latin1'),
        }),
      );
      res.on('error', fail);
    });
    req.on('error', fail);
    req.end(body);
  });
}

const content = `/content/${COURSE}/${VERSION}`;

const escapes = [
  `${content}/../../../secret.txt`,
  `${content}/../../../../secret.txt`,
  `${content}/../../../balai.sqlite`,
  `${content}/%2e%2e/%2e%2e/%2e%2e/secret.txt`,
  `${content}/..%2f..%2f..%2fsecret.txt`,
  `${content}/%2e%2e%2f%2e%2e%2f%2e%2e%2fsecret.txt`,
  `${content}/media%2f..%2f..%2f..%2f..%2fsecret.txt`,
  `${content}/%252e%252e%252f%252e%252e%252fsecret.txt`,
  `${content}/..%5c..%5c..%5csecret.txt`,
  `${content}/..\\..\\..\\secret.txt`,
  `${content}/C:/Windows/win.ini`,
  `${content}/media/clip.mp4%00.txt`,
  `/content/${COURSE}/..%2f..%2fsecret.txt`,
  `/content/..%2f..%2fsecret.txt/${VERSION}/x`,
  '/../secret.txt',
  '/%2e%2e/secret.txt',
  '/..%2fsecret.txt',
  '/assets/..%2f..%2fsecret.txt',
  '/assets/%2e%2e%2f%2e%2e%2fsecret.txt',
  '/..%5csecret.txt',
  '/%252e%252e%252fsecret.txt',
  '//etc/passwd',
  '/etc/passwd',
  '/%2fetc%2fpasswd',
];

describe('the HTTP host refuses escapes from content and renderer folders', () => {
  it.each(escapes)('%s', async (path) => {
    const answer = await raw(path);
    expect(answer.status).toBeGreaterThanOrEqual(400);
    expect(answer.status).toBeLessThan(500);
    expect(answer.body).not.toContain(SECRET);
    expect(answer.body).not.toContain('SQLite format 3');
    expect(answer.body).not.toContain('root:');
  });
});

describe('the HTTP host serves what it should', () => {
  it('serves the UI with the CSP', async () => {
    const answer = await raw('/');
    expect(answer.status).toBe(200);
    expect(answer.body).toContain('Balai Belajar');
    expect(answer.headers['content-security-policy']).toBe(CSP);
    expect((await raw('/assets/app.js')).status).toBe(200);
  });

  it('serves course media with Range', async () => {
    const whole = await raw(`${content}/media/clip.mp4`);
    expect(whole.status).toBe(200);
    expect(whole.body).toBe(CLIP);
    const part = await raw(`${content}/media/clip.mp4`, { range: 'bytes=10-19' });
    expect(part.status).toBe(206);
    expect(part.headers['content-range']).toBe(`bytes 10-19/${CLIP.length}`);
    expect(part.body).toBe(CLIP.slice(10, 20));
    const tail = await raw(`${content}/media/clip.mp4`, { range: 'bytes=-5' });
    expect(tail.body).toBe(CLIP.slice(-5));
    expect((await raw(`${content}/media/clip.mp4`, { range: 'bytes=99-' })).status).toBe(416);
    const head = await raw(`${content}/media/clip.mp4`, {}, 'HEAD');
    expect(head.status).toBe(200);
    expect(head.headers['content-length']).toBe(String(CLIP.length));
    expect(head.body).toBe('');
  });

  it('answers 404 for a version that is not installed and 400 for a malformed content path', async () => {
    expect((await raw(`/content/${COURSE}/9.9.9/media/clip.mp4`)).status).toBe(404);
    expect((await raw('/content/not%20a%20course')).status).toBe(400);
    expect((await raw('/content/x')).status).toBe(400);
  });
});

describe('the HTTP host reads API calls strictly', () => {
  it('refuses a body that is not UTF-8 instead of turning its bytes into U+FFFD', async () => {
    const [before, after] = JSON.stringify({ method: 'auth.roster', args: { search: 'Ani @@' } }).split('@@');
    const body = Buffer.concat([Buffer.from(before!), Buffer.from([0xff, 0xfe]), Buffer.from(after!)]);
    const answer = await raw('/api/call', { 'content-type': 'application/json' }, 'POST', body);
    expect(answer.status).toBe(400);
    expect(JSON.parse(answer.body)).toEqual({
      ok: false,
      error: { code: 'BAD_INPUT', message: 'body is not valid UTF-8' },
    });
    const good = Buffer.from(JSON.stringify({ method: 'system.ping', args: { echo: 'Ani ✓' } }));
    expect((await raw('/api/call', { 'content-type': 'application/json' }, 'POST', good)).status).toBe(200);
  });
});
