import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Readable } from 'node:stream';
import type { Core } from '../core/app';
import { handleContentRequest } from '../core/content/origin';

/** A SCO's whole CMI (4 MiB) and a little more; the local LRS takes less (1 MiB). */
const MAX_CONTENT_BODY = 4 * 1024 * 1024 + 64 * 1024;

/**
 * Browser mode's content origins (SCORM and H5P launches): a second listener on 127.0.0.1, answering `http://<token>.localhost:<port>`,
 * one origin per launch (Chromium resolves every `*.localhost` to loopback). A SCO is thereby cross-site to
 * the app (`127.0.0.1:<app port>`): the app's SameSite=Strict session cookie never reaches it, its CSP keeps
 * its requests on its own origin, and no two learners share its storage. Electron serves the same handler
 * on a privileged scheme of its own.
 */
export async function startScoOrigin(
  core: Core,
  appOrigin: string,
): Promise<{ server: Server; close(): Promise<void> }> {
  let port = 0;
  const server = createServer((req, res) => {
    const token = tokenOf(req, port);
    if (!token) {
      res.writeHead(421, { 'content-type': 'text/plain' });
      res.end('not a SCO origin');
      return;
    }
    void answer(core, token, req, appOrigin, port)
      .then(async (response) => {
        res.writeHead(response.status, Object.fromEntries(response.headers));
        if (!response.body) return void res.end();
        const body = Readable.fromWeb(response.body);
        body.on('error', () => res.destroy());
        res.on('close', () => body.destroy());
        body.pipe(res);
        await Promise.resolve();
      })
      .catch((error: unknown) => {
        core.services.log.error('SCO request failed', { url: req.url, error: String(error) });
        if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain' });
        res.end('internal error');
      });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  port = (server.address() as AddressInfo).port;
  const originFor = (token: string) => `http://${token}.localhost:${port}`;
  core.services.scorm.serveOrigins(originFor);
  core.services.au.serveOrigins(originFor);
  core.services.h5p.serveOrigins(originFor);
  return {
    server,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** The launch token from the Host header; anything else (an IP, another name or port) is refused. */
function tokenOf(req: IncomingMessage, port: number): string | undefined {
  const match = /^([a-z2-7]{32})\.localhost:(\d+)$/.exec(req.headers.host ?? '');
  return match && Number(match[2]) === port ? match[1] : undefined;
}

async function answer(core: Core, token: string, req: IncomingMessage, appOrigin: string, port: number) {
  const chunks: Buffer[] = [];
  const hasBody = req.method !== 'GET' && req.method !== 'HEAD';
  let size = 0;
  if (hasBody)
    for await (const chunk of req as AsyncIterable<Buffer>) {
      // Past the largest body any content request may have, stop reading: the handler answers 413.
      size += chunk.length;
      if (size > MAX_CONTENT_BODY) return new Response('request too large', { status: 413 });
      chunks.push(chunk);
    }
  const headers = new Headers();
  for (const [k, v] of Object.entries(req.headers)) if (typeof v === 'string') headers.set(k, v);
  const request = new Request(`http://${token}.localhost:${port}${req.url ?? '/'}`, {
    method: req.method ?? 'GET',
    headers,
    body: hasBody ? Buffer.concat(chunks) : undefined,
  });
  return handleContentRequest(core.services, token, request, appOrigin);
}
