/**
 * A power cut in the middle of a quiz: the real host runs as a child process on a real SQLite file, a learner
 * logs in over HTTP, starts the pretest and answers some questions (each answer confirmed by the host); then
 * the whole process group is SIGKILLed (right after a confirmed answer, or while an answer call is in
 * flight), the database file is checked (`PRAGMA integrity_check`), the host is started again, and the
 * learner logs in again: `quiz.start` gives back the same attempt with the same questions and every
 * confirmed answer. Five cuts in a row on the same attempt (seeded), then the attempt is submitted, and the
 * outbox holds exactly one 'answered' statement per answer call the database kept, its sequence without a gap.
 *
 * The host is `bin/balai.js serve --fast-hash --port 0` when the UI is built (out/renderer), otherwise the
 * same core and HTTP host started by host-runner.ts (the unit tests run before the build in CI).
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AttemptView } from '../../../main/api/courses';
import { seededRandom } from '../../../main/core/quiz/draw';
import { EXTENSIONS } from '../../../main/core/recorder/profile';
import type { Statement } from '../../../main/core/recorder/recorder';

const REPO = resolve(import.meta.dirname, '../../..');
const BALAI = join(REPO, 'bin', 'balai.js');
const RUNNER = join(import.meta.dirname, 'host-runner.ts');
const UI_BUILT = existsSync(join(REPO, 'out', 'renderer', 'index.html'));
const SEED = 20261103;
const ROUNDS = 5;
/**
 * Rounds whose cut lands while an answer call is in flight, and how long after the request left: at once
 * (the host has most likely not read it yet) or a moment later (it may be writing it). The other rounds
 * are cut right after a confirmed answer.
 */
const MID_CALL = new Map([
  [1, 0],
  [3, 1.5],
]);
const COURSE = 'pengelolaan-keuangan-desa';
const QUIZ = 'pretest';

let root: string;
/** A demo village (made once, copied for the test). */
let template: string;
let learner: { id: string; pin: string };

beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), 'balai-power-cut-'));
  template = join(root, 'template');
  const demo = spawnSync(
    process.execPath,
    [BALAI, 'demo', '--data', template, '--fast-hash', '--learners', '2', '--json'],
    { encoding: 'utf8', timeout: 60_000 },
  );
  if (demo.status !== 0) throw new Error(`balai demo failed: ${demo.stderr}`);
  // The operator also learns and has not started anything: the pretest is open to them.
  const out = JSON.parse(demo.stdout) as { operator: { id: string; pin: string } };
  learner = out.operator;
}, 60_000);

afterAll(() => rmSync(root, { recursive: true, force: true }));

interface Host {
  child: ChildProcess;
  url: string;
  exited: Promise<void>;
}

async function startHost(dataDir: string): Promise<Host> {
  const args = UI_BUILT
    ? [BALAI, 'serve', '--data', dataDir, '--port', '0', '--fast-hash']
    : ['--import', 'tsx', RUNNER, dataDir];
  // detached: its own process group, so a kill of the group takes everything the host started.
  const child = spawn(process.execPath, args, {
    cwd: REPO,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const exited = new Promise<void>((done) => child.once('exit', () => done()));
  let stdout = '';
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const url = await new Promise<string>((done, fail) => {
    const timer = setTimeout(() => fail(new Error(`host did not start: ${stderr}`)), 20_000);
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      const m = /Balai Belajar: (http:\/\/\S+)/.exec(stdout);
      if (m) {
        clearTimeout(timer);
        done(m[1]!);
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      fail(new Error(`host exited (${code}) before starting: ${stderr}`));
    });
  });
  return { child, url, exited };
}

/** SIGKILL to the whole process group, as a power cut would; returns once no process of it is left. */
async function powerCut(host: Host): Promise<void> {
  process.kill(-host.child.pid!, 'SIGKILL');
  await host.exited;
  for (let i = 0; i < 200; i++) {
    try {
      process.kill(-host.child.pid!, 0);
    } catch {
      return;
    }
    await sleep(10);
  }
  throw new Error('process group still alive after SIGKILL');
}

interface Answer<T> {
  ok: boolean;
  value: T;
  error?: { code: string; message: string };
}

/** One API call over HTTP with a cookie jar (one cookie: the session). `sent` fires once the request is out. */
function call<T>(
  host: Host,
  jar: { cookie?: string },
  method: string,
  args: unknown,
  sent?: () => void,
): Promise<Answer<T>> {
  const body = JSON.stringify({ method, args });
  return new Promise((done, fail) => {
    const req = request(
      new URL('/api/call', host.url),
      {
        method: 'POST',
        agent: false,
        headers: {
          'content-type': 'application/json',
          'content-length': Buffer.byteLength(body),
          ...(jar.cookie ? { cookie: jar.cookie } : {}),
        },
      },
      (res) => {
        const setCookie = res.headers['set-cookie']?.[0];
        if (setCookie) jar.cookie = setCookie.split(';')[0];
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          try {
            done(JSON.parse(Buffer.concat(chunks).toString('utf8')) as Answer<T>);
          } catch (error) {
            fail(error instanceof Error ? error : new Error(String(error)));
          }
        });
        res.on('error', fail);
      },
    );
    req.on('error', fail);
    req.on('finish', () => sent?.());
    req.end(body);
  });
}

async function must<T>(host: Host, jar: { cookie?: string }, method: string, args: unknown): Promise<T> {
  const answer = await call<T>(host, jar, method, args);
  if (!answer.ok) throw new Error(`${method}: ${answer.error?.code} ${answer.error?.message}`);
  return answer.value;
}

async function logIn(host: Host): Promise<{ cookie?: string }> {
  const jar: { cookie?: string } = {};
  await must(host, jar, 'auth.login', { accountId: learner.id, pin: learner.pin });
  return jar;
}

function integrity(dataDir: string): string {
  const db = new Database(join(dataDir, 'balai.sqlite'));
  try {
    return db.pragma('integrity_check', { simple: true }) as string;
  } finally {
    db.close();
  }
}

describe('a power cut in the middle of a quiz', () => {
  it('keeps the attempt, its questions and every confirmed answer, cut after cut', async () => {
    const random = seededRandom(SEED);
    const log: string[] = [];
    const started = performance.now();
    const dataDir = join(root, 'kiosk');
    cpSync(template, dataDir, { recursive: true });
    let host = await startHost(dataDir);
    let first: AttemptView | null = null;
    /** Every answer the host kept, as the learner last gave it. */
    const kept: Record<string, string[]> = {};
    /** Answer calls the host kept (each one an 'answered' statement). */
    let keptCalls = 0;
    for (let round = 0; round < ROUNDS; round++) {
      const jar = await logIn(host);
      const { attempt } = await must<{ attempt: AttemptView }>(host, jar, 'quiz.start', {
        courseId: COURSE,
        quizId: QUIZ,
      });
      // After each cut: the same attempt, the same questions, every answer the host had confirmed.
      if (!first) first = attempt;
      expect(attempt.attemptId).toBe(first.attemptId);
      expect(attempt.questions).toEqual(first.questions);
      expect(attempt.answers).toEqual(kept);

      const questions = attempt.questions;
      const pick = (i: number) => {
        const q = questions[i]!;
        return { questionId: q.id, optionIds: [q.options[Math.floor(random() * q.options.length)]!.id] };
      };
      // Some new answers and one changed answer, each confirmed by the host before the next.
      const answered = Object.keys(kept).length;
      const k = 1 + Math.floor(random() * 2);
      const calls = [...Array.from({ length: k }, (_, i) => pick(answered + i))];
      if (answered > 0) calls.push(pick(Math.floor(random() * answered)));
      for (const a of calls) {
        await must(host, jar, 'quiz.answer', { attemptId: first.attemptId, ...a });
        kept[a.questionId] = a.optionIds;
        keptCalls++;
      }

      let inFlight: { questionId: string; optionIds: string[] } | null = null;
      let cutAfterMs = 0;
      if (MID_CALL.has(round)) {
        // The next answer is on its way when the power goes: kept whole or not at all, never half.
        inFlight = pick(answered + k);
        cutAfterMs = Math.round(random() * MID_CALL.get(round)! * 10) / 10;
        await new Promise<void>((sent) => {
          // The call never gets its answer (the host dies): only its leaving is awaited.
          call(host, jar, 'quiz.answer', { attemptId: first!.attemptId, ...inFlight }, sent).catch(() =>
            sent(),
          );
        });
        if (cutAfterMs > 0) await sleep(cutAfterMs);
      }
      await powerCut(host);
      expect(integrity(dataDir)).toBe('ok');
      host = await startHost(dataDir);

      let inFlightKept = false;
      if (inFlight) {
        // Whether the in-flight answer made it is read back as the learner would see it, next round.
        const peek = await must<{ attempt: AttemptView }>(host, await logIn(host), 'quiz.start', {
          courseId: COURSE,
          quizId: QUIZ,
        });
        const got = peek.attempt.answers[inFlight.questionId];
        if (got) {
          expect(got).toEqual(inFlight.optionIds);
          kept[inFlight.questionId] = inFlight.optionIds;
          keptCalls++;
          inFlightKept = true;
        }
      }
      log.push(
        `round ${round}: ${calls.length} confirmed answer call(s), ` +
          (inFlight
            ? `cut ${cutAfterMs} ms into another: ${inFlightKept ? 'kept' : 'not kept'}`
            : 'cut after the last confirmed one'),
      );
    }

    // After the last cut: everything still there, and the learner can finish the attempt.
    const jar = await logIn(host);
    const { attempt } = await must<{ attempt: AttemptView }>(host, jar, 'quiz.start', {
      courseId: COURSE,
      quizId: QUIZ,
    });
    expect(attempt.attemptId).toBe(first!.attemptId);
    expect(attempt.answers).toEqual(kept);
    const { result } = await must<{ result: { score: number; items: { chosen: string[] }[] } }>(
      host,
      jar,
      'quiz.submit',
      { attemptId: first!.attemptId },
    );
    expect(result.items.filter((i) => i.chosen.length > 0)).toHaveLength(Object.keys(kept).length);
    await powerCut(host);
    expect(integrity(dataDir)).toBe('ok');

    // One 'answered' statement per answer call the database kept, and the sequence without a gap.
    const db = new Database(join(dataDir, 'balai.sqlite'), { readonly: true });
    try {
      const statements = db
        .prepare(`SELECT statement FROM outbox WHERE verb = 'answered'`)
        .all()
        .map((r) => JSON.parse((r as { statement: string }).statement) as Statement)
        .filter((s) => s.context.extensions[EXTENSIONS.attemptId] === first!.attemptId);
      expect(statements).toHaveLength(keptCalls);
      const stored = db
        .prepare('SELECT question_id, option_ids FROM quiz_answers WHERE attempt_id = ?')
        .all(first!.attemptId) as { question_id: string; option_ids: string }[];
      expect(
        Object.fromEntries(stored.map((r) => [r.question_id, JSON.parse(r.option_ids) as string[]])),
      ).toEqual(kept);
      const seqs = db
        .prepare('SELECT seq FROM outbox ORDER BY seq')
        .all()
        .map((r) => (r as { seq: number }).seq);
      expect(seqs).toEqual(seqs.map((_, i) => i + 1));
    } finally {
      db.close();
    }
    console.log(
      `power-cut (${UI_BUILT ? 'balai serve' : 'host-runner'}): ${ROUNDS} cuts in ` +
        `${Math.round(performance.now() - started)} ms, ${Object.keys(kept).length} answers kept ` +
        `(${keptCalls} answer calls); ${log.join('; ')}`,
    );
  }, 120_000);
});
