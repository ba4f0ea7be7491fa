import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { ManualClock } from '../../main/core/clock';
import type { Db } from '../../main/core/db/database';
import { sql } from '../../main/core/db/sql';
import { Recorder, type LearningEvent } from '../../main/core/recorder/recorder';
import { ACTIVITY_TYPES, activityIds } from '../../main/core/recorder/profile';

/**
 * A real Learning Record Store for tests: Learning Locker's statements service (`xapi-statements`, a dev
 * dependency) on a free loopback port, with its files in a temp folder. Statements are kept in memory, so
 * each started LRS begins empty.
 */
export interface TestLrs {
  /** The xAPI endpoint, ending in '/': `http://127.0.0.1:<port>/xAPI/`. */
  endpoint: string;
  port: number;
  /** Every statement the LRS holds, read with GET statements page by page (following `more`). */
  statements(): Promise<{ id: string; [key: string]: unknown }[]>;
  /** POST statements straight to the LRS (not through any proxy); answers the status. */
  post(statements: unknown[]): Promise<number>;
  stop(): Promise<void>;
}

const ROOT = resolve(import.meta.dirname, '..', '..');
const LRS_MAIN = join(ROOT, 'node_modules', 'xapi-statements', 'dist', 'index.js');
const HEADERS = {
  'X-Experience-API-Version': '1.0.3',
  'Content-Type': 'application/json',
  Authorization: `Basic ${Buffer.from('test:test').toString('base64')}`,
};
/** Learning Locker listens on every interface; this makes `listen(port)` bind to loopback only. */
const LOOPBACK_ONLY =
  'data:text/javascript,import net from "node:net";const listen=net.Server.prototype.listen;' +
  'net.Server.prototype.listen=function(...a){if(typeof a[0]==="number"&&typeof a[1]!=="string")' +
  'a.splice(1,0,"127.0.0.1");return listen.apply(this,a)};';

export async function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolvePort(port));
    });
  });
}

async function waitForAbout(base: string, child: ChildProcess, deadlineMs: number): Promise<boolean> {
  const until = Date.now() + deadlineMs;
  while (Date.now() < until) {
    if (child.exitCode !== null) return false;
    try {
      const res = await fetch(`${base}about`, { headers: { 'X-Experience-API-Version': '1.0.3' } });
      if (res.ok) return true;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return false;
}

export async function startLrs(): Promise<TestLrs> {
  const dir = mkdtempSync(join(tmpdir(), 'balai-lrs-'));
  let lastOutput = '';
  for (let tries = 0; tries < 3; tries++) {
    const port = await freePort();
    const child = spawn(process.execPath, ['--import', LOOPBACK_ONLY, LRS_MAIN], {
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
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const keep = (chunk: Buffer) => {
      lastOutput = (lastOutput + chunk.toString('utf8')).slice(-4000);
    };
    child.stdout?.on('data', keep);
    child.stderr?.on('data', keep);
    const endpoint = `http://127.0.0.1:${port}/xAPI/`;
    if (!(await waitForAbout(endpoint, child, 20_000))) {
      child.kill('SIGKILL');
      continue;
    }
    const exited = new Promise<void>((r) => child.once('exit', () => r()));
    return {
      endpoint,
      port,
      async statements() {
        const all: { id: string; [key: string]: unknown }[] = [];
        let url = `${endpoint}statements?limit=1000`;
        for (;;) {
          const res = await fetch(url, { headers: HEADERS });
          if (!res.ok) throw new Error(`LRS GET statements: HTTP ${res.status}`);
          const page = (await res.json()) as { statements: { id: string }[]; more: string };
          all.push(...page.statements);
          if (!page.more) return all;
          url = new URL(page.more, endpoint).href;
        }
      },
      async post(statements) {
        const res = await fetch(`${endpoint}statements`, {
          method: 'POST',
          headers: HEADERS,
          body: JSON.stringify(statements),
        });
        await res.arrayBuffer();
        return res.status;
      },
      async stop() {
        if (child.exitCode === null) {
          child.kill('SIGTERM');
          await Promise.race([exited, new Promise((r) => setTimeout(r, 3000))]);
          if (child.exitCode === null) child.kill('SIGKILL');
        }
        rmSync(dir, { recursive: true, force: true });
      },
    };
  }
  rmSync(dir, { recursive: true, force: true });
  throw new Error(`the test LRS did not start:\n${lastOutput}`);
}

/**
 * Records `count` learning events through the real Recorder (as the kiosk does), in transactions of 100:
 * lessons of a few courses opened by a few learners. Answers the statement ids in sequence order.
 */
export function recordLearning(
  db: Db,
  count: number,
  identity = { deviceId: '0b6f3f5e-4f0c-4d51-9e0e-6d1c1a2b3c4d', desaCode: '33.02.05.2001' },
): string[] {
  const clock = new ManualClock(new Date('2026-11-02T08:00:00+07:00'));
  const recorder = new Recorder(db, clock, () => identity);
  const learners = Array.from(
    { length: 7 },
    (_, i) => `7a1c${String(i).padStart(4, '0')}-1111-4222-8333-444455556666`,
  );
  for (let done = 0; done < count;) {
    const events: LearningEvent[] = [];
    for (; events.length < 100 && done < count; done++) {
      const course = `kursus-${done % 3}`;
      events.push({
        learnerId: learners[done % learners.length]!,
        verb: 'experienced',
        object: {
          id: activityIds.lesson(course, `l${done}`),
          type: ACTIVITY_TYPES.lesson,
          name: `Pelajaran ${done}`,
        },
        parents: [{ id: activityIds.course(course), type: ACTIVITY_TYPES.course }],
        extensions: { 'https://w3id.org/balai-belajar/xapi/ext/course-version': '1.0.0' },
      });
      clock.advance(1000);
    }
    recorder.record(events, () => undefined);
  }
  return db.all<{ id: string }>(sql`SELECT id FROM outbox ORDER BY seq`).map((r) => r.id);
}
