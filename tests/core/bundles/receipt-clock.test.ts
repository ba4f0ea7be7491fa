import { describe, expect, it } from 'vitest';
import { applyReceiptsFromDrive } from '../../../main/core/bundles/apply';
import { clockCheck } from '../../../main/core/clock-sanity';
import { useTempDirs } from '../../helpers/core';
import { makeHub } from '../../helpers/hub';
import { mustExport, villageWithResults } from './kiosk';

describe('clock sanity from receipts', () => {
  const tempDir = useTempDirs();

  it('a receipt the hub issued two days after the kiosk’s clock makes the kiosk warn the operator', async () => {
    const w = await villageWithResults(tempDir());
    const first = await mustExport(w);
    expect(clockCheck(w.core.services).warn).toBe(false);
    const hubTime = new Date(w.clock.now().getTime() + 2 * 24 * 3600_000).toISOString();
    await makeHub().answerOnStick(first.file, w.stick.mountpoint, { at: hubTime });
    const applied = await applyReceiptsFromDrive(w.core.services, w.stick, { actorId: w.operatorId });
    expect(applied.ok).toBe(true);
    const check = clockCheck(w.core.services);
    expect(check).toMatchObject({ warn: true, source: 'receipt' });
    expect(check.behindMinutes).toBeGreaterThanOrEqual(2 * 24 * 60 - 1);
    w.close();
  });
});
