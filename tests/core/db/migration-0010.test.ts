import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Db } from '../../../main/core/db/database';
import { MIGRATIONS } from '../../../main/core/db/migrations';
import { sql } from '../../../main/core/db/sql';
import { useTempDirs } from '../../helpers/core';

describe('migration 0010 recovery-guard', () => {
  const tempDir = useTempDirs();

  it('upgrades a v9 file with one clear recovery count, and only one', () => {
    const file = join(tempDir(), 'm.sqlite');
    Db.open(file, MIGRATIONS.slice(0, 9)).close();
    const db = Db.open(file, MIGRATIONS.slice(0, 10));
    expect(db.version).toBe(10);
    expect(db.all(sql`SELECT * FROM recovery_guard`)).toEqual([
      { id: 1, failed: 0, lockouts: 0, locked_until: null },
    ]);
    expect(() => db.run(sql`INSERT INTO recovery_guard (id) VALUES (2)`)).toThrow(/CHECK/);
    expect(() => db.run(sql`UPDATE recovery_guard SET failed = -1`)).toThrow(/CHECK/);
    db.close();
  });
});
