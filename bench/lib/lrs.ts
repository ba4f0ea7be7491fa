import { createServer } from 'node:net';
import { join } from 'node:path';
import { REPO_ROOT } from './balai';
import { spawnInScope, stop } from './process';
import type { Scope } from './scope';

/**
 * A real Learning Record Store for the benches: Learning Locker's statements service (`xapi-statements`, a
 * dev dependency) on a free loopback port, configured as in tests/helpers/lrs.ts (statements in memory, so
 * every started LRS begins empty), but its process belongs to a bench scope: stopped when the scope closes,
 * killed if the bench exits without its clean-up.
 */
export interface BenchLrs {
  /** The xAPI endpoint, ending in '/': `http://127.0.0.1:<port>/xAPI/`. */
  endpoint: string;
  pid: number;
  /** How many statements it holds, read with GET statements page by page (following `more`). */
  countStatements(): Promise<{ count: number; distinct: number }>;
  /** Stops it now (also done when the scope closes). */
  stop(): Promise<void>;
}

const LRS_MAIN = join(REPO_ROOT, 'node_modules', 'xapi-statements', 'dist', 'index.js');
/** Learning Locker listens on every interface; this makes `listen(port)` bind to loopback only. */
const LOOPBACK_ONLY =
  'data:text/javascript,import net from "node:net";const listen=net.Server.prototype.listen;' +
  'net.Server.prototype.listen=function(...a){if(typeof a[0]==="number"&&typeof a[1]!=="string")' +
  'a.splice(1,0,"127.0.0.1");return listen.apply(this,a)};';
/** The test LRS takes any Basic credentials; these are what the bench's uploader and bare script send. */
export const BENCH_LRS_KEY = 'kiosk-bench';
export const BENCH_LRS_SECRET = 'rahasia-bench-123';

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

async function answersAbout(endpoint: string): Promise<boolean> {
  try {
    const res = await fetch(`${endpoint}about`, { headers: { 'X-Experience-API-Version': '1.0.3' } });
    await res.arrayBuffer();
    return res.ok;
  } catch {
    return false;
  }
}

/** Starts an empty LRS (its files in a temp folder of `scope`) and resolves once it answers `GET about`. */
export async function startBenchLrs(scope: Scope, timeoutMs = 20_000): Promise<BenchLrs> {
  const dir = scope.tmpDir('lrs');
  let output = '';
  for (let tries = 0; tries < 3; tries++) {
    const port = await freePort();
    const child = spawnInScope(scope, process.execPath, ['--import', LOOPBACK_ONLY, LRS_MAIN], {
      cwd: dir,
      env: {
        ...process.env,
        EXPRESS_PORT: String(port),
        AUTH_REPO: 'test',
        EVENTS_REPO: 'test',
        MODELS_REPO: 'memory',
        STORAGE_REPO: 'local',
        FS_LOCAL_STORAGE_DIR: join(dir, 'storage'),
        EXPRESS_MORGAN_DIRECTORY: join(dir, 'access-logs'),
        SERVICE_AWAIT_UPDATES: 'true',
        WINSTON_CONSOLE_LEVEL: 'error',
      },
    });
    const keep = (chunk: Buffer) => {
      output = (output + chunk.toString('utf8')).slice(-4_000);
    };
    child.stdout.on('data', keep);
    child.stderr.on('data', keep);
    const endpoint = `http://127.0.0.1:${port}/xAPI/`;
    const until = Date.now() + timeoutMs;
    let up = false;
    while (!up && Date.now() < until && child.exitCode === null) {
      up = await answersAbout(endpoint);
      if (!up) await new Promise((r) => setTimeout(r, 50));
    }
    if (!up) {
      await stop(child, 500);
      continue;
    }
    const headers = {
      'X-Experience-API-Version': '1.0.3',
      Authorization: `Basic ${Buffer.from(`${BENCH_LRS_KEY}:${BENCH_LRS_SECRET}`).toString('base64')}`,
    };
    return {
      endpoint,
      pid: child.pid!,
      async countStatements() {
        const ids = new Set<string>();
        let count = 0;
        let url = `${endpoint}statements?limit=1000`;
        for (;;) {
          const res = await fetch(url, { headers });
          if (!res.ok) throw new Error(`LRS GET statements: HTTP ${res.status}`);
          const page = (await res.json()) as { statements: { id: string }[]; more: string };
          count += page.statements.length;
          page.statements.forEach((s) => ids.add(s.id));
          if (!page.more) return { count, distinct: ids.size };
          url = new URL(page.more, endpoint).href;
        }
      },
      stop: () => stop(child),
    };
  }
  throw new Error(`the LRS (xapi-statements) did not start:\n${output}`);
}
