import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Readable } from 'node:stream';
import type { Core } from '../core/app';
import { serveApp } from '../core/files/routes';

export const SESSION_COOKIE = 'balai_session';
/** Largest API request body accepted; every method's input is far smaller. */
export const MAX_BODY_BYTES = 256 * 1024;

export interface HostOptions {
  core: Core;
  /** The built renderer (out/renderer). */
  rendererDir: string;
  host?: string;
  port?: number;
}

export interface RunningHost {
  server: Server;
  url: string;
  close(): Promise<void>;
}

/**
 * The same API as the Electron preload, over HTTP on 127.0.0.1: `POST /api/call {method, args}` with a session
 * cookie (HttpOnly, SameSite=Strict), plus the UI and course content as static files with Range support.
 */
export async function startHost(options: HostOptions): Promise<RunningHost> {
  const { core, rendererDir } = options;
  const server = createServer((req, res) => {
    handle(core, rendererDir, req, res).catch((error: unknown) => {
      core.services.log.error('host request failed', { url: req.url, error: String(error) });
      if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain' });
      res.end('internal error');
    });
  });
  server.keepAliveTimeout = 5_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => resolve());
  });
  const address = server.address() as AddressInfo;
  const hostName = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  return {
    server,
    url: `http://${hostName}:${address.port}/`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

async function handle(
  core: Core,
  rendererDir: string,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<void> {
  const url = new URL(req.url ?? '/', 'http://localhost');
  if (url.pathname === '/api/call') return handleCall(core, req, res);
  const request = new Request(url, { method: req.method ?? 'GET', headers: headersOf(req) });
  const response = serveApp(core, rendererDir, url.pathname, request);
  res.writeHead(response.status, Object.fromEntries(response.headers));
  if (!response.body) return void res.end();
  const body = Readable.fromWeb(response.body);
  body.on('error', () => res.destroy());
  res.on('close', () => body.destroy());
  body.pipe(res);
}

async function handleCall(core: Core, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const send = (status: number, payload: unknown, setCookie?: string) => {
    const headers: Record<string, string> = {
      'content-type': 'application/json; charset=utf-8',
      'cache-control': 'no-store',
    };
    if (setCookie) headers['set-cookie'] = setCookie;
    res.writeHead(status, headers);
    res.end(JSON.stringify(payload));
  };
  const refuse = (status: number, code: string, message: string) =>
    send(status, { ok: false, error: { code, message } });

  if (req.method !== 'POST') return refuse(405, 'BAD_INPUT', 'use POST');
  if (!(req.headers['content-type'] ?? '').startsWith('application/json')) {
    return refuse(415, 'BAD_INPUT', 'content-type must be application/json');
  }
  // A page from another origin must not drive the kiosk (SameSite=Strict already keeps the cookie away).
  const origin = req.headers.origin;
  if (origin && origin !== `http://${req.headers.host}`)
    return refuse(403, 'FORBIDDEN', 'cross-origin call refused');

  const body = await readBody(req, MAX_BODY_BYTES);
  if (body === 'too-large') return refuse(413, 'TOO_LARGE', `request body over ${MAX_BODY_BYTES} bytes`);
  let text: string;
  try {
    // Strictly: a lenient decode turns stray bytes into U+FFFD, which then passes as part of a name.
    text = new TextDecoder('utf-8', { fatal: true }).decode(body);
  } catch {
    return refuse(400, 'BAD_INPUT', 'body is not valid UTF-8');
  }
  let payload: unknown;
  try {
    payload = JSON.parse(text);
  } catch {
    return refuse(400, 'BAD_INPUT', 'body is not JSON');
  }
  if (typeof payload !== 'object' || payload === null || Array.isArray(payload)) {
    return refuse(400, 'BAD_INPUT', 'body must be {method, args}');
  }
  const { method, args } = payload as { method?: unknown; args?: unknown };

  let token = cookie(req, SESSION_COOKIE);
  let setCookie: string | undefined;
  if (!token || !core.services.sessions.get(token)) {
    token = core.newSession();
    setCookie = `${SESSION_COOKIE}=${token}; HttpOnly; SameSite=Strict; Path=/`;
  }
  const result = await core.call(token, method, args);
  send(200, result, setCookie);
}

function readBody(req: IncomingMessage, limit: number): Promise<Buffer | 'too-large'> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        // Stop keeping the bytes but let the request drain, so the 413 answer reaches the caller.
        chunks.length = 0;
        resolve('too-large');
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

function cookie(req: IncomingMessage, name: string): string | undefined {
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const [k, ...v] = part.trim().split('=');
    if (k === name) return v.join('=');
  }
  return undefined;
}

function headersOf(req: IncomingMessage): Headers {
  const headers = new Headers();
  for (const [k, v] of Object.entries(req.headers)) {
    if (typeof v === 'string') headers.set(k, v);
  }
  return headers;
}
