import { createReadStream, existsSync, statSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { join } from 'node:path';

/**
 * A plain HTTP server on 127.0.0.1 over a folder, standing in for a publisher's web server (update feed,
 * course catalogue). `fail` makes every answer a 500; every request's path is recorded.
 */
export interface StaticServer {
  url: string;
  requests: string[];
  fail: number | null;
  close(): Promise<void>;
}

export async function startStaticServer(dir: string): Promise<StaticServer> {
  const state: { requests: string[]; fail: number | null } = { requests: [], fail: null };
  const server: Server = createServer((req, res) => {
    const path = decodeURIComponent((req.url ?? '/').split('?')[0]!);
    state.requests.push(path);
    if (state.fail !== null) return void res.writeHead(state.fail).end('failing on purpose');
    const file = join(dir, ...path.split('/').filter((p) => p && p !== '..'));
    if (!existsSync(file) || !statSync(file).isFile()) return void res.writeHead(404).end('not found');
    res.writeHead(200, { 'Content-Length': statSync(file).size });
    createReadStream(file).pipe(res);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (!address || typeof address === 'string') throw new Error('no port');
  return {
    url: `http://127.0.0.1:${address.port}/`,
    get requests() {
      return state.requests;
    },
    get fail() {
      return state.fail;
    },
    set fail(value) {
      state.fail = value;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

/** A URL on 127.0.0.1 where nothing listens: a request there finds no connection. */
export async function deadUrl(): Promise<string> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (!address || typeof address === 'string') throw new Error('no port');
  return `http://127.0.0.1:${address.port}/`;
}
