import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { sql } from '../../../main/core/db/sql';
import { quarantineList } from '../../../main/core/lrs/store';
import { uploadStatus } from '../../../main/core/lrs/status';
import { plainSecretBox } from '../../../main/core/lrs/secret-box';
import { useTempDirs } from '../../helpers/core';
import { freePort, recordLearning, startLrs, type TestLrs } from '../../helpers/lrs';
import { startFaultProxy, type FaultProxy } from '../../helpers/lrs-proxy';
import { uploaderFor } from './lrs-kit';

/** Runs `body` with a fresh real LRS (and a fault proxy in front of it, if asked), stopped afterwards. */
async function withLrs(
  body: (lrs: TestLrs, proxy: FaultProxy | null) => Promise<void>,
  proxy?: Omit<Parameters<typeof startFaultProxy>[0], 'target'>,
): Promise<void> {
  const lrs = await startLrs();
  const p = proxy ? await startFaultProxy({ ...proxy, target: `http://127.0.0.1:${lrs.port}` }) : null;
  try {
    await body(lrs, p);
  } finally {
    await p?.close();
    await lrs.stop();
  }
}

const deliveredOnce = (db: ReturnType<typeof uploaderFor>['db']) =>
  db.get<{ n: number; seqs: number }>(
    sql`SELECT COUNT(*) AS n, COUNT(DISTINCT seq) AS seqs FROM deliveries WHERE via = 'lrs'`,
  )!;

describe('the LRS uploader against a real LRS', () => {
  const tempDir = useTempDirs('balai-lrs-test-');

  it('10,000 statements through a proxy failing 30 % of calls: every statement is stored exactly once', async () => {
    await withLrs(
      async (lrs, proxy) => {
        // Retry-After is honoured up to maxRetryAfterMs: cut to 250 ms here so the test takes seconds, not
        // minutes (tests/core/lrs/backoff.test.ts checks a full Retry-After).
        const { db, uploader } = uploaderFor(tempDir(), proxy!.endpoint, {
          config: { backoff: { baseMs: 5, maxMs: 40, maxRetryAfterMs: 250 } },
        });
        const ids = recordLearning(db, 10_000);
        const progress: [number, number][] = [];
        const result = await uploader.run({ onProgress: (done, total) => progress.push([done, total]) });
        if (!result.ok) throw new Error(result.error.message);
        expect(result.value).toMatchObject({ end: 'empty', sent: 10_000, quarantined: 0, pending: 0 });

        const stored = await lrs.statements();
        const storedIds = stored.map((s) => s.id);
        expect(storedIds.length).toBe(10_000);
        expect(new Set(storedIds).size).toBe(10_000);
        expect(new Set(storedIds)).toEqual(new Set(ids));
        expect(deliveredOnce(db)).toEqual({ n: 10_000, seqs: 10_000 });

        // The faults really happened, about as often as asked, every kind of them.
        const counts = proxy!.counts();
        const requests = proxy!.events.length;
        const failed = counts.error500 + counts.throttle429 + counts.hang + counts.reset + counts.drop;
        expect(failed / requests).toBeGreaterThan(0.2);
        expect(failed / requests).toBeLessThan(0.4);
        for (const kind of ['error500', 'throttle429', 'hang', 'reset', 'drop', 'slow'] as const)
          expect(counts[kind], kind).toBeGreaterThan(0);
        expect(result.value.failures).toBe(0); // the last batch went through

        // After a 429 nothing reaches the LRS before the (capped) Retry-After has passed.
        proxy!.events.forEach((e, i) => {
          const next = proxy!.events[i + 1];
          if (e.outcome === 'throttle429' && next) expect(next.at - e.at).toBeGreaterThanOrEqual(245);
        });

        // Progress for a progress bar: from 0 of 10,000 up to 10,000 of 10,000, never backwards.
        expect(progress[0]).toEqual([0, 10_000]);
        expect(progress.at(-1)).toEqual([10_000, 10_000]);
        for (let i = 1; i < progress.length; i++)
          expect(progress[i]![0]).toBeGreaterThanOrEqual(progress[i - 1]![0]);

        const status = uploadStatus(db, plainSecretBox);
        expect(status).toMatchObject({ pending: 0, sent: 10_000, quarantined: 0, backoffStep: 0 });
        expect(status.lastSuccessAt).not.toBeNull();
        db.close();
      },
      { seed: 2026, rate: 0.3, slowRate: 0.05, slowMs: 120, retryAfterSeconds: 1 },
    );
  }, 120_000);

  it('a statement the LRS rejects is quarantined with its reason while the rest of its batch is delivered', async () => {
    await withLrs(async (lrs) => {
      const { db, uploader } = uploaderFor(tempDir(), lrs.endpoint);
      const ids = recordLearning(db, 250);
      // Statement 137 (in the second batch) gets a scaled score of 5: xAPI allows -1..1, so the LRS says 400.
      const bad = db.get<{ statement: string }>(sql`SELECT statement FROM outbox WHERE seq = 137`)!;
      const changed = { ...(JSON.parse(bad.statement) as object), result: { score: { scaled: 5 } } };
      db.run(sql`UPDATE outbox SET statement = ${JSON.stringify(changed)} WHERE seq = 137`);

      const result = await uploader.run();
      if (!result.ok) throw new Error(result.error.message);
      expect(result.value).toMatchObject({ end: 'empty', sent: 249, quarantined: 1, pending: 0 });
      const stored = new Set((await lrs.statements()).map((s) => s.id));
      expect(stored.size).toBe(249);
      expect(stored.has(ids[136]!)).toBe(false);
      expect(ids.filter((id) => id !== ids[136]).every((id) => stored.has(id))).toBe(true);

      const [q, ...more] = quarantineList(db);
      expect(more).toEqual([]);
      expect(q).toMatchObject({ seq: 137, statementId: ids[136], reason: 'rejected', httpStatus: 400 });
      expect(q!.detail).toContain('result.score.scaled');
      // Nothing is deleted: the statement is still in the outbox, as recorded, for the bundle and the operator.
      expect(db.get(sql`SELECT COUNT(*) AS n FROM outbox`)).toEqual({ n: 250 });
      expect(uploadStatus(db, plainSecretBox)).toMatchObject({ pending: 0, sent: 249, quarantined: 1 });

      // A second run has nothing to do; the quarantined statement is not sent again.
      const again = await uploader.run();
      expect(again.ok && again.value).toMatchObject({ end: 'empty', sent: 0, quarantined: 0 });
      db.close();
    });
  });

  it('409: the LRS holds the same statement (only the verb display differs) → delivered; a different one → quarantined', async () => {
    await withLrs(async (lrs) => {
      const { db, uploader } = uploaderFor(tempDir(), lrs.endpoint);
      const ids = recordLearning(db, 30);
      const statement = (seq: number) =>
        JSON.parse(
          db.get<{ statement: string }>(sql`SELECT statement FROM outbox WHERE seq = ${seq}`)!.statement,
        ) as {
          verb: { id: string; display: Record<string, string> };
          object: { id: string };
          timestamp: string;
        };
      // Someone sent statement 5 before with another verb display and its time in UTC: the same statement
      // for xAPI, but Learning Locker compares the display too and answers 409.
      const same = statement(5);
      same.verb.display = { 'en-US': 'viewed' };
      same.timestamp = new Date(same.timestamp).toISOString();
      // And statement 20's id was used for another lesson: a real conflict.
      const different = statement(20);
      different.object.id = `${different.object.id}-lain`;
      expect(await lrs.post([same, different])).toBe(200);

      const result = await uploader.run();
      if (!result.ok) throw new Error(result.error.message);
      expect(result.value).toMatchObject({ end: 'empty', sent: 29, quarantined: 1 });
      expect(quarantineList(db)).toEqual([
        expect.objectContaining({ seq: 20, statementId: ids[19], reason: 'conflict', httpStatus: 409 }),
      ]);
      expect(quarantineList(db)[0]!.detail).toContain('object.id');
      const stored = await lrs.statements();
      expect(stored.length).toBe(30);
      expect(deliveredOnce(db)).toEqual({ n: 29, seqs: 29 });
      db.close();
    });
  });

  it('connectivity is a real request to the endpoint: the LRS answers; a closed port and a hotspot page do not', async () => {
    await withLrs(async (lrs) => {
      const dir = tempDir();
      const { db, uploader } = uploaderFor(dir, lrs.endpoint);
      expect(await uploader.check()).toEqual({ ok: true, value: { reachable: true, error: null } });
      expect(uploadStatus(db, plainSecretBox)).toMatchObject({ lastCheckOk: true });
      db.close();

      const closed = uploaderFor(tempDir(), `http://127.0.0.1:${await freePort()}/xAPI/`);
      const down = await closed.uploader.check();
      expect(down.ok && down.value.reachable).toBe(false);
      expect(uploadStatus(closed.db, plainSecretBox)).toMatchObject({ lastCheckOk: false });
      closed.db.close();

      // A hotspot's login page answers 200 to everything: reachable network, but no LRS there.
      const portal = createServer((_req, res) =>
        res.writeHead(200, { 'content-type': 'text/html' }).end('<h1>Login WiFi</h1>'),
      );
      await new Promise<void>((r) => portal.listen(0, '127.0.0.1', r));
      try {
        const address = portal.address() as AddressInfo;
        const hotspot = uploaderFor(tempDir(), `http://127.0.0.1:${address.port}/xAPI/`);
        recordLearning(hotspot.db, 3);
        const checked = await hotspot.uploader.check();
        expect(checked.ok && checked.value).toMatchObject({
          reachable: false,
          error: expect.stringMatching(/not an xAPI 1.0 LRS/) as unknown,
        });
        // And the uploader sends nothing there: it looks first, and keeps the statements.
        const run = await hotspot.uploader.run({ maxFailures: 1 });
        expect(run.ok && run.value).toMatchObject({
          end: 'unreachable',
          sent: 0,
          pending: 3,
          error: { code: 'not_lrs' },
        });
        hotspot.db.close();
      } finally {
        portal.close();
      }
    });
  });
});
