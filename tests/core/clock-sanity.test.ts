import { describe, expect, it } from 'vitest';
import { isoWithOffset } from '../../main/core/clock';
import { clockCheck, latestSeenTime, noteTimeSeen } from '../../main/core/clock-sanity';
import { sql } from '../../main/core/db/sql';
import { setUpVillage, useTempDirs } from '../helpers/core';
import { makeWorld } from '../helpers/world';

const DAY = 24 * 3_600_000;

describe('clock sanity', () => {
  const tempDir = useTempDirs();

  it('a fresh kiosk whose clock runs on is not warned', async () => {
    const v = await setUpVillage(tempDir());
    expect(clockCheck(v.core.services)).toMatchObject({ warn: false, behindMinutes: 0, source: 'audit' });
    v.clock.advance(DAY);
    expect(clockCheck(v.core.services)).toMatchObject({ warn: false, behindMinutes: 0 });
    v.close();
  });

  it('warns the operator when the clock is set back behind its own records', async () => {
    const w = await makeWorld(tempDir());
    const recordedAt = w.clock.now();
    expect(latestSeenTime(w.core.services)?.at).toBe(isoWithOffset(recordedAt));
    expect((await w.must(w.operator, 'reports.clock', {})).warn).toBe(false);

    // A power cut empties the CMOS battery: the clock comes back a day behind.
    w.clock.set(new Date(recordedAt.getTime() - DAY));
    const operator = await w.loginAs(w.operatorId, '246813');
    const check = await w.must(operator, 'reports.clock', {});
    expect(check.warn).toBe(true);
    expect(check.behindMinutes).toBeGreaterThanOrEqual(1439);
    expect(check.behindMinutes).toBeLessThanOrEqual(1440);
    expect(Date.parse(check.latestSeen!)).toBe(recordedAt.getTime());
    expect(check.now).toBe(isoWithOffset(w.clock.now()));
    expect((await w.must(operator, 'reports.village', {})).clockWarning).toBe(true);

    // Records written meanwhile carry the wrong (earlier) time and do not lower what was seen.
    await w.must(operator, 'learners.create', {
      fullName: 'Citra Ketiga',
      jabatan: 'kepala_dusun',
      pin: '405162',
    });
    expect((await w.must(operator, 'reports.clock', {})).warn).toBe(true);

    // Four minutes behind is within tolerance; six is not.
    w.clock.set(new Date(recordedAt.getTime() - 4 * 60_000));
    expect(clockCheck(w.core.services).warn).toBe(false);
    w.clock.set(new Date(recordedAt.getTime() - 6 * 60_000));
    expect(clockCheck(w.core.services)).toMatchObject({ warn: true, behindMinutes: 6 });
    w.close();
  });

  it('a time learned from a receipt or the network raises the latest time seen, and never lowers it', async () => {
    const v = await setUpVillage(tempDir());
    const services = v.core.services;
    const now = v.clock.now().getTime();
    const hubTime = new Date(now + 2 * 3_600_000).toISOString();
    expect(noteTimeSeen(services, hubTime, 'receipt')).toBe(true);
    expect(latestSeenTime(services)).toEqual({ at: isoWithOffset(new Date(hubTime)), source: 'receipt' });
    expect(clockCheck(services)).toMatchObject({ warn: true, behindMinutes: 120, source: 'receipt' });

    expect(noteTimeSeen(services, new Date(now + 3_600_000).toISOString(), 'network')).toBe(false);
    expect(noteTimeSeen(services, 'Tue, 01 Dec 2026 00:00:00 GMT', 'network')).toBe(true);
    expect(latestSeenTime(services)).toMatchObject({ source: 'network' });
    expect(Date.parse(latestSeenTime(services)!.at)).toBe(Date.parse('2026-12-01T00:00:00Z'));
    expect(noteTimeSeen(services, 'bukan waktu', 'network')).toBe(false);

    // Corrected clock: no warning any more.
    v.clock.set(new Date('2026-12-01T00:03:00Z'));
    expect(clockCheck(services).warn).toBe(false);
    v.close();
  });

  it('compares times as instants, not as text, across time-zone offsets', async () => {
    const v = await setUpVillage(tempDir());
    const db = v.core.services.db;
    // As text, 10:00+07:00 sorts after 05:00+00:00; as instants it is two hours earlier.
    db.run(
      sql`INSERT INTO audit_log (at, actor_id, action) VALUES ('2027-01-01T10:00:00.000+07:00', NULL, 'x')`,
    );
    db.run(
      sql`INSERT INTO audit_log (at, actor_id, action) VALUES ('2027-01-01T05:00:00.000+00:00', NULL, 'y')`,
    );
    expect(latestSeenTime(v.core.services)).toEqual({ at: '2027-01-01T05:00:00.000+00:00', source: 'audit' });
    v.close();
  });
});
