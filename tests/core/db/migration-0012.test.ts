import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Db } from '../../../main/core/db/database';
import { MIGRATIONS } from '../../../main/core/db/migrations';
import { sql } from '../../../main/core/db/sql';
import { useTempDirs } from '../../helpers/core';

describe('migration 0012 revocations', () => {
  const tempDir = useTempDirs();

  it('upgrades a v11 file: one list per issuer, a known source, a sequence from 1', () => {
    const file = join(tempDir(), 'm.sqlite');
    Db.open(file, MIGRATIONS.slice(0, 11)).close();
    const db = Db.open(file, MIGRATIONS.slice(0, 12));
    expect(db.version).toBe(12);
    db.run(sql`INSERT INTO revocation_lists VALUES ('0123456789abcdef', 1, '{}', 'stick', 't')`);
    expect(() =>
      db.run(sql`INSERT INTO revocation_lists VALUES ('0123456789abcdef', 2, '{}', 'cli', 't')`),
    ).toThrow(/UNIQUE|PRIMARY/);
    expect(() =>
      db.run(sql`INSERT INTO revocation_lists VALUES ('fedcba9876543210', 0, '{}', 'stick', 't')`),
    ).toThrow(/CHECK/);
    expect(() =>
      db.run(sql`INSERT INTO revocation_lists VALUES ('fedcba9876543210', 1, '{}', 'email', 't')`),
    ).toThrow(/CHECK/);
    db.close();
  });
});
