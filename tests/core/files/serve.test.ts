import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, sep } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseRange, resolveInside, serveFile } from '../../../main/core/files/serve';

// A real folder layout: <tmp>/root is served; <tmp>/secret.txt and <tmp>/outside/ sit next to it.
let tmp: string;
let root: string;
const BODY = 'abcdefghijklmnopqrstuvwxyz0123456789'; // 36 bytes

beforeAll(() => {
  tmp = mkdtempSync(join(tmpdir(), 'balai-serve-'));
  root = join(tmp, 'root');
  mkdirSync(join(root, 'media'), { recursive: true });
  mkdirSync(join(tmp, 'outside'));
  writeFileSync(join(tmp, 'secret.txt'), 'SECRET');
  writeFileSync(join(tmp, 'outside', 'secret.txt'), 'SECRET');
  writeFileSync(join(root, 'index.html'), '<h1>hi</h1>');
  writeFileSync(join(root, 'media', 'clip.mp4'), BODY);
  writeFileSync(join(root, 'media', 'empty.txt'), '');
  writeFileSync(join(root, 'a file.txt'), 'spaced');
  writeFileSync(join(root, '..notes.txt'), 'dots in a name are fine');
  // Links inside the root: one to a file outside, one to a folder outside, one that stays inside.
  symlinkSync(join(tmp, 'secret.txt'), join(root, 'leak.txt'));
  symlinkSync(join(tmp, 'outside'), join(root, 'out-dir'));
  symlinkSync(join(root, 'index.html'), join(root, 'alias.html'));
  // The root itself reached through a link (as temp folders and junctions often are).
  symlinkSync(root, join(tmp, 'root-link'));
});

afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const get = (path: string, headers: Record<string, string> = {}, method = 'GET') =>
  serveFile(root, path, new Request('http://x/', { method, headers }));

const escapes: [string, string][] = [
  ['plain ..', '../secret.txt'],
  ['.. in the middle', 'media/../../secret.txt'],
  ['deep ..', 'media/../../../../../../../etc/passwd'],
  ['encoded dots', '%2e%2e/secret.txt'],
  ['upper-case encoded dots', '%2E%2E/secret.txt'],
  ['encoded slash', '..%2fsecret.txt'],
  ['encoded dots and slash', '%2e%2e%2fsecret.txt'],
  ['encoded slash after a folder', 'media%2f..%2f..%2fsecret.txt'],
  ['backslash', '..\\secret.txt'],
  ['encoded backslash', '..%5csecret.txt'],
  ['backslash in the middle', 'media\\..\\..\\secret.txt'],
  ['drive letter', 'C:/x'],
  ['encoded drive letter', 'C%3a/Windows/win.ini'],
  ['drive letter later in the path', 'media/C:/x'],
  ['alternate data stream', 'index.html::$DATA'],
  ['NUL', 'index.html%00.png'],
  ['raw NUL', 'index.html\0.png'],
  ['trailing space on ..', '.. /secret.txt'],
  ['trailing dot on ..', '.../secret.txt'],
  ['single dot', './index.html'],
  ['bad encoding', '%E0%A4%A'],
  ['link to a file outside', 'leak.txt'],
  ['link to a folder outside', 'out-dir/secret.txt'],
];

describe('resolveInside', () => {
  it.each(escapes)('refuses %s', (_name, path) => {
    const found = resolveInside(root, path);
    expect(found.ok).toBe(false);
  });

  it('refuses double encoding by not decoding twice (no such file, never the parent)', () => {
    for (const path of ['%252e%252e/secret.txt', '%252e%252e%252fsecret.txt', '..%252fsecret.txt']) {
      const found = resolveInside(root, path);
      expect(found.ok, path).toBe(false);
    }
  });

  it('keeps absolute-looking paths inside the root', () => {
    expect(resolveInside(root, '/etc/passwd')).toMatchObject({ ok: false, status: 404 });
    expect(resolveInside(root, '%2fetc%2fpasswd')).toMatchObject({ ok: false, status: 404 });
    expect(resolveInside(root, '//index.html')).toMatchObject({ ok: true });
  });

  it('says why: 400 for bad characters, 403 for escapes and outside links', () => {
    expect(resolveInside(root, '../secret.txt')).toMatchObject({ status: 403 });
    expect(resolveInside(root, '..%2fsecret.txt')).toMatchObject({ status: 403 });
    expect(resolveInside(root, '..\\secret.txt')).toMatchObject({ status: 400 });
    expect(resolveInside(root, 'index.html%00')).toMatchObject({ status: 400 });
    expect(resolveInside(root, 'leak.txt')).toMatchObject({ status: 403, reason: 'link leaves the root' });
    expect(resolveInside(root, 'out-dir/secret.txt')).toMatchObject({ status: 403 });
  });

  it('finds files inside, decoding once', () => {
    expect(resolveInside(root, 'index.html')).toMatchObject({ ok: true, size: 11 });
    expect(resolveInside(root, 'a%20file.txt')).toMatchObject({ ok: true, size: 6 });
    expect(resolveInside(root, 'media/clip.mp4')).toMatchObject({ ok: true, size: BODY.length });
    expect(resolveInside(root, 'media%2fclip.mp4')).toMatchObject({ ok: true });
    expect(resolveInside(root, '..notes.txt')).toMatchObject({ ok: true });
    expect(resolveInside(root, 'alias.html')).toMatchObject({ ok: true });
  });

  it('answers 404 for folders and missing files', () => {
    expect(resolveInside(root, 'media')).toMatchObject({ ok: false, status: 404 });
    expect(resolveInside(root, '')).toMatchObject({ ok: false });
    expect(resolveInside(root, 'missing.js')).toMatchObject({ ok: false, status: 404 });
    expect(resolveInside(join(tmp, 'no-such-root'), 'index.html')).toMatchObject({ ok: false, status: 404 });
  });

  it('works when the root is reached through a link, and still refuses links out', () => {
    const linked = join(tmp, 'root-link');
    const found = resolveInside(linked, 'media/clip.mp4');
    expect(found).toMatchObject({ ok: true });
    if (found.ok) expect(found.file.startsWith(root + sep)).toBe(true);
    expect(resolveInside(linked, 'leak.txt')).toMatchObject({ ok: false, status: 403 });
    expect(resolveInside(linked, '../secret.txt')).toMatchObject({ ok: false, status: 403 });
  });
});

describe('serveFile', () => {
  it.each(escapes)('refuses %s without the secret', async (_name, path) => {
    const res = get(path);
    expect(res.status).toBeGreaterThanOrEqual(400);
    expect(res.status).toBeLessThan(500);
    expect(await res.text()).not.toContain('SECRET');
  });

  it('serves the whole file without Range', async () => {
    const res = get('media/clip.mp4', {}, 'GET');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('video/mp4');
    expect(res.headers.get('content-length')).toBe(String(BODY.length));
    expect(res.headers.get('accept-ranges')).toBe('bytes');
    expect(res.headers.get('content-range')).toBeNull();
    expect(await res.text()).toBe(BODY);
  });

  it.each([
    ['bytes=0-9', 0, 9],
    ['bytes=10-', 10, 35],
    ['bytes=-5', 31, 35],
    ['bytes=30-1000', 30, 35],
    ['bytes=-1000', 0, 35],
    ['bytes=35-35', 35, 35],
  ])('answers %s with 206 and exactly those bytes', async (range, start, end) => {
    const res = get('media/clip.mp4', { range });
    expect(res.status).toBe(206);
    expect(res.headers.get('content-range')).toBe(`bytes ${start}-${end}/${BODY.length}`);
    expect(res.headers.get('content-length')).toBe(String(end - start + 1));
    expect(await res.text()).toBe(BODY.slice(start, end + 1));
  });

  it.each(['bytes=36-', 'bytes=100-200', 'bytes=-0', 'bytes=9-3'])('answers %s with 416', async (range) => {
    const res = get('media/clip.mp4', { range });
    expect(res.status).toBe(416);
    expect(res.headers.get('content-range')).toBe(`bytes */${BODY.length}`);
    expect(await res.text()).toBe('');
  });

  it('answers any range of an empty file with 416, and the empty file itself with 200', async () => {
    expect(get('media/empty.txt', { range: 'bytes=-5' }).status).toBe(416);
    expect(get('media/empty.txt', { range: 'bytes=0-' }).status).toBe(416);
    const whole = get('media/empty.txt');
    expect(whole.status).toBe(200);
    expect(whole.headers.get('content-length')).toBe('0');
    expect(await whole.text()).toBe('');
  });

  it('ignores Range headers it does not understand (multi-range, other units)', async () => {
    for (const range of ['bytes=0-1,5-6', 'items=0-1', 'bytes=abc']) {
      const res = get('media/clip.mp4', { range });
      expect(res.status, range).toBe(200);
      expect(await res.text()).toBe(BODY);
    }
  });

  it('answers HEAD with the headers and no body, also for a range', () => {
    const head = get('media/clip.mp4', {}, 'HEAD');
    expect(head.status).toBe(200);
    expect(head.headers.get('content-length')).toBe(String(BODY.length));
    expect(head.body).toBeNull();
    const ranged = get('media/clip.mp4', { range: 'bytes=0-9' }, 'HEAD');
    expect(ranged.status).toBe(206);
    expect(ranged.headers.get('content-length')).toBe('10');
    expect(ranged.body).toBeNull();
  });

  it('refuses methods other than GET and HEAD', () => {
    const res = get('index.html', {}, 'POST');
    expect(res.status).toBe(405);
    expect(res.headers.get('allow')).toBe('GET, HEAD');
  });

  it('adds the caller headers and nosniff', () => {
    const res = serveFile(root, 'index.html', new Request('http://x/'), {
      headers: { 'content-security-policy': "default-src 'self'" },
    });
    expect(res.headers.get('content-security-policy')).toBe("default-src 'self'");
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8');
  });
});

describe('parseRange', () => {
  it('reads one range and clamps the end to the size', () => {
    expect(parseRange(null, 10)).toBeNull();
    expect(parseRange('bytes=0-9', 10)).toEqual({ start: 0, end: 9 });
    expect(parseRange('bytes=2-99', 10)).toEqual({ start: 2, end: 9 });
    expect(parseRange(' bytes=-3 ', 10)).toEqual({ start: 7, end: 9 });
    expect(parseRange('bytes=-', 10)).toBeNull();
    expect(parseRange('bytes=10-', 10)).toBe('unsatisfiable');
    expect(parseRange('bytes=99999999999999999999-', 10)).toBe('unsatisfiable');
    expect(parseRange('bytes=0-0', 0)).toBe('unsatisfiable');
  });
});
