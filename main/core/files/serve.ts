import { createReadStream, realpathSync, statSync } from 'node:fs';
import { extname, isAbsolute, relative, resolve, sep } from 'node:path';
import { Readable } from 'node:stream';

/**
 * Serves a file from inside a root folder, for both shells: the HTTP host and Electron's `balai://`
 * protocol. Refuses anything that would leave the root (`..`, absolute paths, encoded or backslash
 * escapes, symlinks pointing out), answers HTTP Range requests by streaming only the asked bytes, so a
 * video seeks without being read into memory.
 */
export const MIME: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
  '.ttf': 'font/ttf',
  '.gif': 'image/gif',
  '.mp4': 'video/mp4',
  '.webm': 'video/webm',
  '.vtt': 'text/vtt; charset=utf-8',
  '.mp3': 'audio/mpeg',
  '.ogg': 'audio/ogg',
  '.pdf': 'application/pdf',
  '.md': 'text/markdown; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.wasm': 'application/wasm',
};

export type ResolveResult =
  { ok: true; file: string; size: number } | { ok: false; status: 400 | 403 | 404; reason: string };

/**
 * Maps a URL path (still percent-encoded, relative to the root) to a file inside `root`.
 * `root` must be absolute; it is resolved to its real path here, so a root reached through a symlink, a
 * junction or a temp folder alias still works and links inside it are judged against the real folder.
 */
export function resolveInside(root: string, encodedPath: string): ResolveResult {
  let decoded: string;
  try {
    decoded = decodeURIComponent(encodedPath);
  } catch {
    return { ok: false, status: 400, reason: 'bad encoding' };
  }
  // `\` is a separator on Windows; `:` names drives, alternate data streams and devices there.
  if (decoded.includes('\0') || decoded.includes('\\') || decoded.includes(':'))
    return { ok: false, status: 400, reason: 'bad character' };
  const parts = decoded.split('/').filter((p) => p !== '');
  if (parts.some((p) => p === '..' || p === '.')) return { ok: false, status: 403, reason: 'path escape' };
  // Windows drops trailing dots and spaces from a name (`.. ` and `..` would open the same thing).
  if (parts.some((p) => /[. ]$/.test(p))) return { ok: false, status: 400, reason: 'bad name' };
  if (isAbsolute(decoded.replace(/^\/+/, ''))) return { ok: false, status: 403, reason: 'absolute path' };
  let realRoot: string;
  try {
    realRoot = realpathSync(root);
  } catch {
    return { ok: false, status: 404, reason: 'not found' };
  }
  const candidate = resolve(realRoot, ...parts);
  if (!inside(realRoot, candidate)) return { ok: false, status: 403, reason: 'path escape' };
  let real: string;
  try {
    real = realpathSync(candidate);
  } catch {
    return { ok: false, status: 404, reason: 'not found' };
  }
  if (!inside(realRoot, real)) return { ok: false, status: 403, reason: 'link leaves the root' };
  const stat = statSync(real, { throwIfNoEntry: false });
  if (!stat?.isFile()) return { ok: false, status: 404, reason: 'not a file' };
  return { ok: true, file: real, size: stat.size };
}

function inside(root: string, path: string): boolean {
  const rel = relative(root, path);
  return rel !== '' && !isAbsolute(rel) && !rel.split(sep).includes('..');
}

export type Range = { start: number; end: number } | 'unsatisfiable' | null;

/** Parses a single `bytes=` range (multi-range requests are answered with the whole file, as RFC 9110 allows). */
export function parseRange(header: string | null, size: number): Range {
  if (!header) return null;
  const m = /^bytes=(\d*)-(\d*)$/.exec(header.trim());
  if (!m) return null;
  const [, a, b] = m;
  if (a === '' && b === '') return null;
  // No range of an empty file can be satisfied (RFC 9110 §14.1.1), not even a suffix.
  if (size === 0) return 'unsatisfiable';
  if (a === '') {
    const suffix = Number(b);
    if (suffix === 0) return 'unsatisfiable';
    return { start: Math.max(0, size - suffix), end: size - 1 };
  }
  const start = Number(a);
  const end = b === '' ? size - 1 : Math.min(Number(b), size - 1);
  if (start >= size || start > end) return 'unsatisfiable';
  return { start, end };
}

export interface ServeOptions {
  /** Extra headers on every answer (CSP, caching). */
  headers?: Record<string, string>;
}

/** A Web `Response` for a GET/HEAD of `encodedPath` inside `root`. */
export function serveFile(
  root: string,
  encodedPath: string,
  request: Request,
  options: ServeOptions = {},
): Response {
  if (request.method !== 'GET' && request.method !== 'HEAD') {
    return new Response('method not allowed', { status: 405, headers: { allow: 'GET, HEAD' } });
  }
  const found = resolveInside(root, encodedPath);
  if (!found.ok)
    return new Response(found.reason, { status: found.status, headers: { 'content-type': 'text/plain' } });
  const type = MIME[extname(found.file).toLowerCase()] ?? 'application/octet-stream';
  const base: Record<string, string> = {
    'content-type': type,
    'accept-ranges': 'bytes',
    'x-content-type-options': 'nosniff',
    ...options.headers,
  };
  const range = parseRange(request.headers.get('range'), found.size);
  if (range === 'unsatisfiable') {
    return new Response(null, {
      status: 416,
      headers: { ...base, 'content-range': `bytes */${found.size}` },
    });
  }
  const start = range?.start ?? 0;
  const end = range?.end ?? found.size - 1;
  const length = found.size === 0 ? 0 : end - start + 1;
  const headers = {
    ...base,
    'content-length': String(length),
    ...(range ? { 'content-range': `bytes ${start}-${end}/${found.size}` } : {}),
  };
  const body =
    request.method === 'HEAD' || length === 0
      ? null
      : (Readable.toWeb(createReadStream(found.file, { start, end })) as ReadableStream<Uint8Array>);
  return new Response(body, { status: range ? 206 : 200, headers });
}
