import { describe, expect, it } from 'vitest';
import type { Db } from '../../../main/core/db/database';
import { sql } from '../../../main/core/db/sql';
import { useTempDirs } from '../../helpers/core';
import { recordLearning, startLrs } from '../../helpers/lrs';
import { uploaderFor } from './lrs-kit';

/**
 * Counts the durable commits made on `db` from now on: each outermost transaction, and each statement outside
 * one that changed something (with synchronous=FULL each is an fsync, the slow part of an upload on a kiosk's disk).
 */
function countCommits(db: Db): () => number {
  let commits = 0;
  let depth = 0;
  const transaction = db.transaction.bind(db);
  const run = db.run.bind(db);
  db.transaction = <T>(fn: () => T): T => {
    if (depth === 0) commits++;
    depth++;
    try {
      return transaction(fn);
    } finally {
      depth--;
    }
  };
  db.run = (query) => {
    const result = run(query);
    if (depth === 0 && result.changes > 0) commits++;
    return result;
  };
  return () => commits;
}

describe('the uploader and the database', () => {
  const tempDir = useTempDirs('balai-lrs-commits-');

  it('makes one durable commit per batch it delivers (marked delivered and the success noted together)', async () => {
    const lrs = await startLrs();
    try {
      // A generous timeout: a check timed out on a loaded machine would add failure notes to the count.
      const { db, uploader } = uploaderFor(tempDir(), lrs.endpoint, { config: { timeoutMs: 30_000 } });
      recordLearning(db, 500);
      const commits = countCommits(db);
      const result = await uploader.run();
      if (!result.ok) throw new Error(result.error.message);
      expect(result.value).toMatchObject({ end: 'empty', sent: 500, pending: 0 });
      expect(db.get(sql`SELECT COUNT(*) AS n FROM deliveries WHERE via = 'lrs'`)).toEqual({ n: 500 });
      // 5 batches of 100, plus the uploader's state row made, the reachability check before the first batch and
      // the idle note after the last.
      expect(commits()).toBeLessThanOrEqual(5 + 3);
      expect(db.get(sql`SELECT backoff_step, last_success_at IS NOT NULL AS ok FROM lrs_uploader`)).toEqual({
        backoff_step: 0,
        ok: 1,
      });
      db.close();
    } finally {
      await lrs.stop();
    }
  });
});
