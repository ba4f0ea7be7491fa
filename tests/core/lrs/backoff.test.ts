import { describe, expect, it } from 'vitest';
import { backoffDelay, parseRetryAfter } from '../../../main/core/lrs/backoff';
import type { FetchFn } from '../../../main/core/lrs/client';
import { quarantineList, readUploaderState } from '../../../main/core/lrs/store';
import { Uploader, type UploadConfig } from '../../../main/core/lrs/uploader';
import { readLrsConnection } from '../../../main/core/lrs/settings';
import { plainSecretBox } from '../../../main/core/lrs/secret-box';
import { useTempDirs } from '../../helpers/core';
import { recordLearning } from '../../helpers/lrs';
import { seededRandom } from '../../helpers/lrs-proxy';
import { silentLogger } from '../../../main/core/log';
import { uploaderFor } from './lrs-kit';

const BACKOFF = { baseMs: 1000, maxMs: 60_000, maxRetryAfterMs: 3_600_000 };

describe('back-off', () => {
  it('doubles with each step, jitters within the upper half, and stops growing at the cap', () => {
    const random = seededRandom(1);
    for (let step = 0; step < 12; step++) {
      const cap = Math.min(60_000, 1000 * 2 ** step);
      for (let i = 0; i < 50; i++) {
        const d = backoffDelay(step, BACKOFF, random);
        expect(d).toBeGreaterThanOrEqual(cap / 2);
        expect(d).toBeLessThanOrEqual(cap);
      }
    }
    expect(backoffDelay(0, BACKOFF, () => 0)).toBe(500);
    expect(backoffDelay(0, BACKOFF, () => 0.999999)).toBe(1000);
    expect(backoffDelay(3, BACKOFF, () => 0)).toBe(4000);
    expect(backoffDelay(1000, BACKOFF, () => 1)).toBe(60_000);
    // Jitter spreads kiosks that failed together: many different waits for the same step.
    const spread = new Set(Array.from({ length: 100 }, () => backoffDelay(4, BACKOFF, random)));
    expect(spread.size).toBeGreaterThan(50);
  });

  it('never waits less than Retry-After asks, up to its cap', () => {
    expect(backoffDelay(0, BACKOFF, () => 0, 30_000)).toBe(30_000);
    expect(backoffDelay(10, BACKOFF, () => 1, 5_000)).toBe(60_000); // the back-off is already longer
    expect(backoffDelay(0, { ...BACKOFF, maxRetryAfterMs: 10_000 }, () => 0, 999_999)).toBe(10_000);
  });

  it('reads Retry-After as seconds or as an HTTP date', () => {
    const now = new Date('2026-11-02T01:00:00Z');
    expect(parseRetryAfter('120', now)).toBe(120_000);
    expect(parseRetryAfter(' 0 ', now)).toBe(0);
    expect(parseRetryAfter('Mon, 02 Nov 2026 01:00:30 GMT', now)).toBe(30_000);
    expect(parseRetryAfter('Mon, 02 Nov 2026 00:59:00 GMT', now)).toBe(0);
    expect(parseRetryAfter('soon', now)).toBeNull();
    expect(parseRetryAfter(null, now)).toBeNull();
  });
});

/** The statement ids of a POST the uploader made (its body is always a string). */
const idsIn = (init: RequestInit) => (JSON.parse(init.body as string) as { id: string }[]).map((s) => s.id);

/** A scripted LRS: `about` answers 200; each POST gets the next scripted answer (null, and after the script: 200 with the ids). */
function scriptedLrs(script: ((() => Response | Promise<Response>) | null)[]) {
  const calls: { method: string; url: string }[] = [];
  const fetch: FetchFn = async (url, init) => {
    calls.push({ method: init.method ?? 'GET', url });
    if (url.endsWith('/about')) return Response.json({ version: ['1.0.3'] });
    const next = script.shift();
    if (next) return next();
    const ids = idsIn(init);
    return Response.json(ids);
  };
  return { fetch, calls };
}

/** An uploader on a kiosk database with `count` statements, talking to `fetch`; waits are recorded, not slept. */
function scriptedUploader(dir: string, count: number, fetch: FetchFn, config: Partial<UploadConfig> = {}) {
  const { db, clock } = uploaderFor(dir, 'https://lrs.example.id/xAPI/');
  const ids = recordLearning(db, count);
  const waits: number[] = [];
  const uploader = new Uploader({
    db,
    clock,
    log: silentLogger,
    connection: () => readLrsConnection(db, plainSecretBox),
    fetch,
    config: { backoff: config.backoff ?? BACKOFF, ...config },
    random: () => 0.5,
    sleep: (ms) => {
      waits.push(ms);
      return Promise.resolve();
    },
  });
  return { db, clock, ids, uploader, waits };
}

describe('the uploader retries with back-off (scripted LRS)', () => {
  const tempDir = useTempDirs('balai-lrs-test-');

  it('waits longer after each failure, honours a full Retry-After, and starts again from the bottom after a success', async () => {
    const lrs = scriptedLrs([
      () => new Response('down', { status: 503 }),
      () => new Response('down', { status: 502 }),
      () => new Response('slow down', { status: 429, headers: { 'Retry-After': '120' } }),
      null,
      () => new Response('down', { status: 500 }),
    ]);
    const { db, uploader, waits } = scriptedUploader(tempDir(), 150, lrs.fetch, { maxFailures: 10 });
    const result = await uploader.run();
    expect(result.ok && result.value).toMatchObject({ end: 'empty', sent: 150, failures: 0 });
    // 503, 502 → steps 0 and 1 (the middle of their jitter: 750, 1500); 429 → the full 120 s it asked for;
    // the first batch then goes through and the step starts again, so the 500 on the second waits 750.
    expect(waits).toEqual([750, 1500, 120_000, 750]);
    expect(readUploaderState(db)).toMatchObject({ backoffStep: 0, nextAttemptAt: null });
    db.close();
  });

  it('gives up after maxFailures in a row ("unreachable"), keeping the back-off step and the next attempt time', async () => {
    const refused: FetchFn = () =>
      Promise.reject(new TypeError('fetch failed', { cause: new Error('connect ECONNREFUSED') }));
    const { db, clock, uploader, waits } = scriptedUploader(tempDir(), 10, refused, { maxFailures: 3 });
    const result = await uploader.run();
    expect(result.ok && result.value).toMatchObject({
      end: 'unreachable',
      sent: 0,
      pending: 10,
      failures: 3,
      error: { code: 'unreachable' },
    });
    expect(waits).toEqual([750, 1500]); // no wait after the last failure: the run ends
    const state = readUploaderState(db);
    expect(state).toMatchObject({ backoffStep: 3, lastErrorCode: 'unreachable', lastCheckOk: false });
    expect(state.lastError).toContain('ECONNREFUSED');
    // The third failure was at step 2 (base·2² = 4 s, the middle of its jitter: 3 s) by the kiosk's clock.
    expect(Date.parse(state.nextAttemptAt!) - clock.now().getTime()).toBe(3000);
    // A run from the schedule goes on from step 3; one the operator asks for starts again from 0.
    const again = await uploader.run({ resetBackoff: true, maxFailures: 1 });
    expect(again.ok && again.value.end).toBe('unreachable');
    expect(readUploaderState(db).backoffStep).toBe(1);
    db.close();
  });

  it('stops at once when the LRS refuses the credentials (401): "refused", nothing marked', async () => {
    const lrs = scriptedLrs([() => new Response('{"message":"Unauthorised"}', { status: 401 })]);
    const { db, uploader, waits } = scriptedUploader(tempDir(), 10, lrs.fetch);
    const result = await uploader.run();
    expect(result.ok && result.value).toMatchObject({
      end: 'refused',
      sent: 0,
      pending: 10,
      error: { code: 'auth', httpStatus: 401 },
    });
    expect(lrs.calls.filter((c) => c.method === 'POST')).toHaveLength(1);
    expect(waits).toEqual([]);
    db.close();
  });

  it('a 200 that is not the ids sent (a hotspot login page) is no acknowledgement: nothing is marked', async () => {
    const portal = () =>
      new Response('<html>Masuk ke WiFi.id</html>', {
        status: 200,
        headers: { 'content-type': 'text/html' },
      });
    const lrs = scriptedLrs([portal, portal]);
    const { db, uploader } = scriptedUploader(tempDir(), 5, lrs.fetch, { maxFailures: 2 });
    const result = await uploader.run();
    expect(result.ok && result.value).toMatchObject({
      end: 'unreachable',
      sent: 0,
      pending: 5,
      error: { code: 'bad_response' },
    });
    expect(quarantineList(db)).toEqual([]);
    db.close();
  });

  it('409 when the key may not read statements (403): the conflict is isolated by halves and quarantined as unverified', async () => {
    // The LRS answers 409 to any batch holding statement 3, 403 to every GET, and takes everything else.
    let conflictId = '';
    let posts = 0;
    const fetch: FetchFn = (url, init) => {
      posts += init.method === 'POST' ? 1 : 0;
      return Promise.resolve(
        url.endsWith('/about')
          ? Response.json({ version: ['1.0.3'] })
          : init.method === 'GET'
            ? new Response('forbidden', { status: 403 })
            : idsIn(init).includes(conflictId)
              ? new Response('conflict', { status: 409 })
              : Response.json(idsIn(init)),
      );
    };
    const { db, ids, uploader } = scriptedUploader(tempDir(), 8, fetch);
    conflictId = ids[2]!;
    const result = await uploader.run();
    expect(result.ok && result.value).toMatchObject({ end: 'empty', sent: 7, quarantined: 1 });
    expect(quarantineList(db)).toEqual([
      expect.objectContaining({ seq: 3, reason: 'conflict_unverified', httpStatus: 403 }),
    ]);
    expect(posts).toBeLessThanOrEqual(8); // 8, 4+4, 2+2, 1+1: halves, not one by one
    db.close();
  });

  it('409 with the stored statement missing (an LRS that answers 409 for ids it does not return): sent again alone', async () => {
    let conflictId = '';
    const fetch: FetchFn = (url, init) =>
      Promise.resolve(
        url.endsWith('/about')
          ? Response.json({ version: ['1.0.3'] })
          : init.method === 'GET'
            ? new Response('{"message":"No Statement found"}', { status: 404 })
            : idsIn(init).includes(conflictId)
              ? new Response('conflict', { status: 409 })
              : Response.json(idsIn(init)),
      );
    const { db, ids, uploader } = scriptedUploader(tempDir(), 6, fetch);
    conflictId = ids[4]!;
    const result = await uploader.run();
    expect(result.ok && result.value).toMatchObject({ end: 'empty', sent: 5, quarantined: 1 });
    expect(quarantineList(db)).toEqual([
      expect.objectContaining({ seq: 5, reason: 'conflict_unverified', httpStatus: 409 }),
    ]);
    db.close();
  });
});

describe('stopping and looking', () => {
  const tempDir = useTempDirs('balai-lrs-test-');

  it('an abort stops a run in the middle of a request: "cancelled", nothing marked, nothing counted as failed', async () => {
    const abort = new AbortController();
    let started = 0;
    const fetch: FetchFn = (url, init) => {
      if (url.endsWith('/about')) return Promise.resolve(Response.json({ version: ['1.0.3'] }));
      started++;
      abort.abort();
      // An LRS that never answers: only the abort ends the request (as fetch does: an AbortError).
      return new Promise((_, reject) => {
        const fail = () => reject(new DOMException('aborted', 'AbortError'));
        if (init.signal?.aborted) fail();
        else init.signal?.addEventListener('abort', fail);
      });
    };
    const { db, uploader } = scriptedUploader(tempDir(), 20, fetch);
    const result = await uploader.run({ signal: abort.signal });
    expect(result.ok && result.value).toMatchObject({ end: 'cancelled', sent: 0, pending: 20, failures: 0 });
    expect(started).toBe(1);
    expect(readUploaderState(db)).toMatchObject({ backoffStep: 0, lastErrorCode: null });
    expect(uploader.isRunning).toBe(false);
    db.close();
  });

  it('a second run while one is going is refused (BUSY)', async () => {
    let release = () => {};
    const fetch: FetchFn = (url, init) =>
      url.endsWith('/about')
        ? new Promise((resolve) => (release = () => resolve(Response.json({ version: ['1.0.3'] }))))
        : Promise.resolve(Response.json(idsIn(init)));
    const { db, uploader } = scriptedUploader(tempDir(), 3, fetch);
    const first = uploader.run();
    expect(await uploader.run()).toMatchObject({ ok: false, error: { code: 'BUSY' } });
    await new Promise((r) => setImmediate(r));
    release();
    expect((await first).ok).toBe(true);
    db.close();
  });
});
