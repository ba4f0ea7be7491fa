import { randomBytes } from 'node:crypto';
import { createReadStream, statSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { join } from 'node:path';
import type { Logger } from '../log';
import type { VerifiedUpdate } from './folder';

/** A running loopback feed: electron-updater's feed URL, and how to stop it. */
export interface ServedUpdate {
  /** `http://127.0.0.1:<port>/<random>/`: the generic provider's base URL. */
  url: string;
  /** Closes the server and every open connection; safe to call twice. */
  stop(): Promise<void>;
}

export type ServeOutcome = { ok: true; served: ServedUpdate } | { ok: false; reason: string };

/** A stick update is served only while the updater downloads it. */
export const DEFAULT_SERVE_TTL_MS = 30 * 60_000;

/**
 * Serves a verified update folder to electron-updater from an HTTP server on 127.0.0.1 (electron-updater
 * downloads only over http(s), not from a path: electron-builder#3584). Only the folder's signed files
 * answer, under a random path prefix; GET and HEAD only; single byte ranges for resumed downloads; a
 * query string (electron-updater's `?noCache=`) is ignored. The server stops by itself after `ttlMs`.
 */
export function serveUpdateFolder(
  update: Pick<VerifiedUpdate, 'dir' | 'files'>,
  log: Logger,
  ttlMs = DEFAULT_SERVE_TTL_MS,
): Promise<ServeOutcome> {
  const prefix = `/${randomBytes(16).toString('base64url')}/`;
  const names = new Set(update.files);
  const server = createServer((req, res) => {
    try {
      answer(req, res, prefix, names, update.dir);
    } catch (error) {
      log.error('update server failed', { error: String(error) });
      if (!res.headersSent) res.writeHead(500).end();
      else res.destroy();
    }
  });
  let stopped: Promise<void> | null = null;
  const stop = () => {
    stopped ??= new Promise<void>((resolve) => {
      clearTimeout(timer);
      server.close(() => resolve());
      server.closeAllConnections();
    });
    return stopped;
  };
  const timer = setTimeout(() => {
    log.info('update server stopped after its time limit');
    void stop();
  }, ttlMs);
  timer.unref();
  return new Promise((resolve) => {
    server.once('error', (error) => {
      clearTimeout(timer);
      resolve({ ok: false, reason: `could not start the local update server: ${error.message}` });
    });
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      if (!address || typeof address === 'string') {
        void stop();
        resolve({ ok: false, reason: 'the local update server has no port' });
        return;
      }
      resolve({ ok: true, served: { url: `http://127.0.0.1:${address.port}${prefix}`, stop } });
    });
  });
}

function answer(
  req: IncomingMessage,
  res: ServerResponse,
  prefix: string,
  names: Set<string>,
  dir: string,
): void {
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    res.writeHead(405, { Allow: 'GET, HEAD' }).end();
    return;
  }
  const path = (req.url ?? '').split('?')[0]!;
  let name: string | null = null;
  if (path.startsWith(prefix)) {
    try {
      name = decodeURIComponent(path.slice(prefix.length));
    } catch {
      name = null;
    }
  }
  if (name === null || !names.has(name)) {
    res.writeHead(404).end();
    return;
  }
  const file = join(dir, name);
  const size = statSync(file).size;
  const type = name.endsWith('.yml')
    ? 'text/yaml'
    : name.endsWith('.json')
      ? 'application/json'
      : 'application/octet-stream';
  const headers = { 'Content-Type': type, 'Accept-Ranges': 'bytes', 'Cache-Control': 'no-store' };
  const range = parseRange(req.headers.range, size);
  if (range === 'unsatisfiable') {
    res.writeHead(416, { 'Content-Range': `bytes */${size}` }).end();
    return;
  }
  if (range) {
    res.writeHead(206, {
      ...headers,
      'Content-Length': range.end - range.start + 1,
      'Content-Range': `bytes ${range.start}-${range.end}/${size}`,
    });
  } else res.writeHead(200, { ...headers, 'Content-Length': size });
  if (req.method === 'HEAD' || size === 0) {
    res.end();
    return;
  }
  const stream = createReadStream(file, range ?? {});
  stream.on('error', () => res.destroy());
  stream.pipe(res);
}

/** One `bytes=a-b` range (also `a-` and `-n`); null: none or several (the whole file is sent). */
function parseRange(
  header: string | undefined,
  size: number,
): { start: number; end: number } | 'unsatisfiable' | null {
  if (!header) return null;
  const m = /^bytes=(\d*)-(\d*)$/.exec(header.trim());
  if (!m || (m[1] === '' && m[2] === '')) return null;
  let start: number;
  let end: number;
  if (m[1] === '') {
    const suffix = Number(m[2]);
    if (suffix === 0) return 'unsatisfiable';
    start = Math.max(0, size - suffix);
    end = size - 1;
  } else {
    start = Number(m[1]);
    end = m[2] === '' ? size - 1 : Math.min(Number(m[2]), size - 1);
  }
  if (start >= size || start > end) return 'unsatisfiable';
  return { start, end };
}
