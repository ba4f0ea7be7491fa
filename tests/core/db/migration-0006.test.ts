import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Db } from '../../../main/core/db/database';
import { MIGRATIONS } from '../../../main/core/db/migrations';
import { raw, sql } from '../../../main/core/db/sql';
import { useTempDirs } from '../../helpers/core';

describe('migration 0006 lrs-upload', () => {
  const tempDir = useTempDirs();

  it('upgrades a v5 file: no LRS set, nothing quarantined, one settings and one state row at most, quarantine only of real statements', () => {
    const dir = tempDir();
    const v5 = Db.open(join(dir, 'm.sqlite'), MIGRATIONS.slice(0, 5));
    v5.run(sql`INSERT INTO outbox VALUES (1, 'a', 't', 'launched', NULL, '{}')`);
    v5.run(sql`INSERT INTO deliveries VALUES (1, 'hub', 't', 'r1')`);
    v5.close();
    const db = Db.open(join(dir, 'm.sqlite'), MIGRATIONS.slice(0, 6));
    expect(db.version).toBe(6);
    const tables = db
      .all<{ name: string }>(sql`SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name`)
      .map((t) => t.name);
    expect(tables).toEqual(expect.arrayContaining(['lrs_settings', 'lrs_uploader', 'lrs_quarantine']));
    for (const table of ['lrs_settings', 'lrs_uploader', 'lrs_quarantine'])
      expect(db.get<{ n: number }>(sql`SELECT COUNT(*) AS n FROM ${raw(table)}`)!.n).toBe(0);

    const settings = (id: number) =>
      sql`INSERT INTO lrs_settings VALUES (${id}, 'https://lrs/xAPI/', 'k', 'plain', 's', 't')`;
    db.run(settings(1));
    expect(() => db.run(settings(2))).toThrow(/CHECK/);

    db.run(sql`INSERT INTO lrs_uploader (id) VALUES (1)`);
    expect(db.get(sql`SELECT backoff_step, next_attempt_at FROM lrs_uploader`)).toEqual({
      backoff_step: 0,
      next_attempt_at: null,
    });
    expect(() => db.run(sql`INSERT INTO lrs_uploader (id) VALUES (2)`)).toThrow(/CHECK/);
    expect(() => db.run(sql`UPDATE lrs_uploader SET backoff_step = -1`)).toThrow(/CHECK/);
    expect(() => db.run(sql`UPDATE lrs_uploader SET last_check_ok = 2`)).toThrow(/CHECK/);

    db.run(sql`INSERT INTO lrs_quarantine VALUES (1, 'a', 'rejected', 400, 'bad score', 't')`);
    expect(() => db.run(sql`INSERT INTO lrs_quarantine VALUES (1, 'a', 'conflict', 409, 'x', 't')`)).toThrow(
      /UNIQUE|PRIMARY/,
    );
    expect(() => db.run(sql`INSERT INTO lrs_quarantine VALUES (99, 'z', 'rejected', 400, 'x', 't')`)).toThrow(
      /FOREIGN KEY/,
    );
    db.run(sql`DELETE FROM lrs_quarantine`);
    expect(() => db.run(sql`INSERT INTO lrs_quarantine VALUES (1, 'a', 'lost', NULL, 'x', 't')`)).toThrow(
      /CHECK/,
    );
    // A hub's delivery and the LRS's stand side by side.
    db.run(sql`INSERT INTO deliveries VALUES (1, 'lrs', 't', 'https://lrs/xAPI/')`);
    db.close();
  });
});
