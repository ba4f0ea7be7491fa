import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ManualClock } from '../../../main/core/clock';
import { Db } from '../../../main/core/db/database';
import { sql } from '../../../main/core/db/sql';
import { Recorder, type LearningEvent, type Statement } from '../../../main/core/recorder/recorder';
import { EXTENSIONS } from '../../../main/core/recorder/profile';
import { useTempDirs } from '../../helpers/core';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
const event: LearningEvent = {
  learnerId: '11111111-2222-4333-8444-555555555555',
  verb: 'completed',
  object: {
    id: 'https://w3id.org/balai-belajar/xapi/course/c/lesson/l',
    type: 'http://adlnet.gov/expapi/activities/lesson',
    name: 'L',
  },
};

describe('the learning-event recorder', () => {
  const tempDir = useTempDirs();
  const open = () => {
    const db = Db.open(join(tempDir(), 'r.sqlite'));
    db.raw.exec('CREATE TABLE domain (x INTEGER)');
    const clock = new ManualClock(new Date('2026-11-02T03:04:05.678Z'));
    return {
      db,
      clock,
      recorder: new Recorder(db, clock, () => ({ deviceId: 'dev-1', desaCode: '33.02.05.2001' })),
    };
  };

  it('writes the domain record and its statement in one transaction, with UUID, time zone and sequence', () => {
    const { db, recorder } = open();
    recorder.record(event, () => db.run(sql`INSERT INTO domain VALUES (1)`));
    recorder.record([event, event], () => db.run(sql`INSERT INTO domain VALUES (2)`));
    const rows = db.all<{ seq: number; id: string; statement: string }>(
      sql`SELECT * FROM outbox ORDER BY seq`,
    );
    expect(rows.map((r) => r.seq)).toEqual([1, 2, 3]);
    const s = JSON.parse(rows[0]!.statement) as Statement;
    expect(s.id).toMatch(UUID);
    expect(s.id).toBe(rows[0]!.id);
    expect(s.timestamp).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}[+-]\d\d:\d\d$/);
    expect(new Date(s.timestamp).toISOString()).toBe('2026-11-02T03:04:05.678Z');
    expect(s.actor).toEqual({
      objectType: 'Agent',
      account: { homePage: 'https://w3id.org/balai-belajar/xapi/kiosk/dev-1', name: event.learnerId },
    });
    expect(s.context.extensions).toMatchObject({
      [EXTENSIONS.sequence]: 1,
      [EXTENSIONS.deviceId]: 'dev-1',
      [EXTENSIONS.desaCode]: '33.02.05.2001',
    });
    expect(new Set(rows.map((r) => r.id)).size).toBe(3);
    expect(db.get<{ n: number }>(sql`SELECT COUNT(*) AS n FROM domain`)!.n).toBe(2);
  });

  it('writes neither when the domain write fails, and the sequence has no gap afterwards', () => {
    const { db, recorder } = open();
    expect(() =>
      recorder.record(event, () => {
        db.run(sql`INSERT INTO domain VALUES (1)`);
        throw new Error('domain write failed');
      }),
    ).toThrow('domain write failed');
    expect(db.get<{ n: number }>(sql`SELECT COUNT(*) AS n FROM domain`)!.n).toBe(0);
    expect(db.get<{ n: number }>(sql`SELECT COUNT(*) AS n FROM outbox`)!.n).toBe(0);
    recorder.record(event, () => db.run(sql`INSERT INTO domain VALUES (2)`));
    expect(db.get<{ seq: number }>(sql`SELECT seq FROM outbox`)!.seq).toBe(1);
  });

  it('refuses to record before the kiosk has an identity', () => {
    const { db, clock } = open();
    const recorder = new Recorder(db, clock, () => null);
    expect(() => recorder.record(event, () => db.run(sql`INSERT INTO domain VALUES (1)`))).toThrow(
      /not set up/,
    );
    expect(db.get<{ n: number }>(sql`SELECT COUNT(*) AS n FROM domain`)!.n).toBe(0);
  });

  it('survives a reopen: statements are durable and the sequence continues', () => {
    const dir = tempDir();
    const file = join(dir, 'r.sqlite');
    let db = Db.open(file);
    const clock = new ManualClock();
    new Recorder(db, clock, () => ({ deviceId: 'd', desaCode: '33.02.05.2001' })).record(
      event,
      () => undefined,
    );
    db.close();
    db = Db.open(file);
    new Recorder(db, clock, () => ({ deviceId: 'd', desaCode: '33.02.05.2001' })).record(
      event,
      () => undefined,
    );
    expect(db.all<{ seq: number }>(sql`SELECT seq FROM outbox ORDER BY seq`).map((r) => r.seq)).toEqual([
      1, 2,
    ]);
    db.close();
  });
});
