import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Readable } from 'node:stream';
import type { Core } from '../core/app';
import { serveApp } from '../core/files/routes';
import { hostGate, type HostGate } from './names';

export const SESSION_COOKIE = 'balai_session';
/** Largest API request body accepted; every method's input is far smaller. */
export const MAX_BODY_BYTES = 256 * 1024;

/** How long a client may take to send its request headers, and its whole request (a slow client is cut off). */
export const HEADERS_TIMEOUT_MS = 10_000;
export const REQUEST_TIMEOUT_MS = 30_000;

export interface HostOptions {
  core: Core;
  /** The built renderer (out/renderer). */
  rendererDir: string;
  host?: string;
  port?: number;
  /** Tests shorten these; default HEADERS_TIMEOUT_MS and REQUEST_TIMEOUT_MS. */
  timeouts?: { headersMs: number; requestMs: number };
}

/** The port is taken (another program, or another `balai serve` on another data folder). */
export class PortInUse extends Error {
  readonly indonesian: string;
  constructor(readonly port: number) {
    super(`port ${port} is already in use by another program; choose another with --port N`);
    this.indonesian = `Port ${port} sudah dipakai program lain; pilih port lain dengan --port N.`;
  }
}

export interface RunningHost {
  server: Server;
  url: string;
  close(): Promise<void>;
}

/**
 * The same API as the Electron preload, over HTTP on 127.0.0.1: `POST /api/call {method, args}` with a session
 * cookie (HttpOnly, SameSite=Strict), plus the UI and course content as static files with Range support.
 * Every request must name this host as it listens (`Host`, and `Origin` when sent: hostGate), so a page
 * elsewhere that rebinds its own name to 127.0.0.1 reads nothing. A session exists only once a login or
 * set-up bound an account to it; lesson files are served only to a logged-in session.
 */
export async function startHost(options: HostOptions): Promise<RunningHost> {
  const { core, rendererDir } = options;
  const timeouts = options.timeouts ?? { headersMs: HEADERS_TIMEOUT_MS, requestMs: REQUEST_TIMEOUT_MS };
  let gate: HostGate | undefined;
  const server = createServer(
    {
      headersTimeout: timeouts.headersMs,
      requestTimeout: timeouts.requestMs,
      // How often Node looks for requests past those time-outs (its default is 30 s).
      connectionsCheckingInterval: Math.min(1_000, timeouts.headersMs),
    },
    (req, res) => {
      // Which names it answers is known once it listens (the port may have been chosen by the system).
      gate ??= hostGate(server.address() as AddressInfo);
      handle(core, rendererDir, gate, req, res).catch((error: unknown) => {
        core.services.log.error('host request failed', { url: req.url, error: String(error) });
        if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain' });
        res.end('internal error');
      });
    },
  );
  server.keepAliveTimeout = 5_000;
  const port = options.port ?? 0;
  await new Promise<void>((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) =>
      reject(error.code === 'EADDRINUSE' ? new PortInUse(port) : error),
    );
    server.listen(port, options.host ?? '127.0.0.1', () => resolve());
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
  gate: HostGate,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<void> {
  const refused = gate.refusal(req.headers.host, req.headers.origin);
  if (refused) return sendJson(res, refused.status, { ok: false, error: refused.error });
  const url = new URL(req.url ?? '/', 'http://localhost');
  if (url.pathname === '/api/call') return handleCall(core, req, res);
  // Lesson files are for a learner (or operator) who logged in, not for whoever reaches the port.
  if (url.pathname.startsWith('/content/') && !sessionOf(core, req)?.accountId) {
    return sendJson(res, 401, { ok: false, error: { code: 'UNAUTHENTICATED', message: 'login required' } });
  }
  const request = new Request(url, { method: req.method ?? 'GET', headers: headersOf(req) });
  const response = serveApp(core, rendererDir, url.pathname, request);
  res.writeHead(response.status, Object.fromEntries(response.headers));
  if (!response.body) return void res.end();
  const body = Readable.fromWeb(response.body);
  body.on('error', () => res.destroy());
  res.on('close', () => body.destroy());
  body.pipe(res);
}

function sendJson(res: ServerResponse, status: number, payload: unknown, setCookie?: string): void {
  const headers: Record<string, string> = {
    'content-type': 'application/json; charset=utf-8',
    'cache-control': 'no-store',
  };
  if (setCookie) headers['set-cookie'] = setCookie;
  res.writeHead(status, headers);
  res.end(JSON.stringify(payload));
}

function sessionOf(core: Core, req: IncomingMessage) {
  const token = cookie(req, SESSION_COOKIE);
  return token ? core.services.sessions.get(token) : undefined;
}

async function handleCall(core: Core, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const send = (status: number, payload: unknown, setCookie?: string) =>
    sendJson(res, status, payload, setCookie);
  const refuse = (status: number, code: string, message: string) =>
    send(status, { ok: false, error: { code, message } });

  if (req.method !== 'POST') return refuse(405, 'BAD_INPUT', 'use POST');
  if (!(req.headers['content-type'] ?? '').startsWith('application/json')) {
    return refuse(415, 'BAD_INPUT', 'content-type must be application/json');
  }

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

  const session = sessionOf(core, req);
  if (session?.accountId) return send(200, await core.call(session.token, method, args));
  // No one logged in (no cookie, one from before a restart, or one whose learner logged out or idled out):
  // the call is anonymous, and only a login or a set-up it makes leaves a session, under a new token, so a
  // token planted in the browser beforehand never becomes a victim's session. The old cookie is cleared.
  if (session) core.endSession(session.token);
  const { result, token } = await core.callAnonymous(method, args);
  const setCookie = token
    ? `${SESSION_COOKIE}=${token}; HttpOnly; SameSite=Strict; Path=/`
    : cookie(req, SESSION_COOKIE) !== undefined
      ? `${SESSION_COOKIE}=; HttpOnly; SameSite=Strict; Path=/; Max-Age=0`
      : undefined;
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
