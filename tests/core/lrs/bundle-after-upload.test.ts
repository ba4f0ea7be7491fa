import { describe, expect, it } from 'vitest';
import { applyReceiptsFromDrive, pendingSummary } from '../../../main/core/bundles/apply';
import { sql } from '../../../main/core/db/sql';
import { plainSecretBox } from '../../../main/core/lrs/secret-box';
import { readLrsConnection, saveLrsSettings } from '../../../main/core/lrs/settings';
import { Uploader } from '../../../main/core/lrs/uploader';
import { useTempDirs } from '../../helpers/core';
import { makeHub } from '../../helpers/hub';
import { startLrs } from '../../helpers/lrs';
import { mustExport, unzipAll, villageWithResults, type BundleVillage } from '../bundles/kiosk';
import { FAST_UPLOAD } from './lrs-kit';

const outboxIds = (w: BundleVillage) =>
  w.core.services.db.all<{ id: string }>(sql`SELECT id FROM outbox ORDER BY seq`).map((r) => r.id);

async function bundleIds(file: string): Promise<string[]> {
  const files = await unzipAll(file);
  return files
    .get('statements.ndjson')!
    .toString('utf8')
    .split('\n')
    .filter(Boolean)
    .map((line) => (JSON.parse(line) as { id: string }).id);
}

/** A learner opens and finishes a lesson: new statements. */
async function learn(w: BundleVillage, learner: string, pin: string, lessonId: string): Promise<void> {
  const token = await w.loginAs(learner, pin);
  await w.must(token, 'lessons.open', { courseId: 'uji-dasar', lessonId });
  await w.must(token, 'lessons.progress', {
    courseId: 'uji-dasar',
    lessonId,
    position: 100,
    completed: true,
  });
}

describe('uploaded statements and USB bundles', () => {
  const tempDir = useTempDirs();

  it('a statement the LRS acknowledged is not in the next bundle; receipts with the gap it leaves still apply', async () => {
    const lrs = await startLrs();
    try {
      const w = await villageWithResults(tempDir());
      const { db, clock, log } = w.core.services;
      expect(
        saveLrsSettings(db, plainSecretBox, clock, {
          endpoint: lrs.endpoint,
          key: 'kiosk',
          secret: 'rahasia-kiosk-1',
        }).ok,
      ).toBe(true);
      const uploader = new Uploader({
        db,
        clock,
        log,
        connection: () => readLrsConnection(db, plainSecretBox),
        config: FAST_UPLOAD,
      });

      // Bundle 1 carries everything so far (no receipt yet); then learner A learns more.
      const first = await mustExport(w);
      const inFirst = outboxIds(w);
      expect(first.statements.count).toBe(inFirst.length);
      await learn(w, w.learnerA, '172839', 'l2');

      // The link comes up: all of it reaches the LRS, bundle 1's statements and the new ones alike.
      const uploaded = await uploader.run();
      expect(uploaded.ok && uploaded.value).toMatchObject({ end: 'empty', sent: outboxIds(w).length });
      const inLrs = new Set((await lrs.statements()).map((s) => s.id));
      expect(pendingSummary(w.core.services)).toMatchObject({ pending: 0, delivered: 0 });

      // Learner B learns; the next bundle holds only that: nothing the LRS acknowledged.
      await learn(w, w.learnerB, '283940', 'l2');
      const fresh = outboxIds(w).filter((id) => !inLrs.has(id));
      expect(fresh.length).toBeGreaterThan(0);
      expect(pendingSummary(w.core.services).pending).toBe(fresh.length);
      const second = await mustExport(w);
      const ids = await bundleIds(second.file);
      expect(ids).toEqual(fresh);
      expect(ids.some((id) => inLrs.has(id))).toBe(false);
      expect(second.statements.count).toBe(fresh.length);

      // The hub imports both bundles; its receipt lists runs with a gap where the LRS-only statements are.
      const hub = makeHub();
      await hub.answerOnStick(first.file, w.stick.mountpoint);
      await hub.answerOnStick(second.file, w.stick.mountpoint, { at: '2026-11-03T09:00:00.000+07:00' });
      const applied = await applyReceiptsFromDrive(w.core.services, w.stick);
      if (!applied.ok) throw new Error(applied.error.message);
      expect(applied.value.receipts.every((r) => r.outcome !== 'refused')).toBe(true);
      expect(applied.value.pending).toBe(0);
      const hubDelivered = db.get<{ n: number }>(
        sql`SELECT COUNT(*) AS n FROM deliveries WHERE via = 'hub'`,
      )!.n;
      expect(hubDelivered).toBe(inFirst.length + fresh.length);
      // The statements between the runs (uploaded only) stay delivered by the LRS alone, and nothing is pending.
      expect(pendingSummary(w.core.services)).toMatchObject({ pending: 0, delivered: hubDelivered });
      w.close();
    } finally {
      await lrs.stop();
    }
  });
});
