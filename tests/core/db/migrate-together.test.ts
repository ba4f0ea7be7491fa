import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Db } from '../../../main/core/db/database';
import { migrate, type Migration } from '../../../main/core/db/migrate';
import { MIGRATIONS } from '../../../main/core/db/migrations';
import { sql } from '../../../main/core/db/sql';
import { useTempDirs } from '../../helpers/core';

describe('an upgrade over several migrations', () => {
  const tempDir = useTempDirs();

  it('is all or nothing: a failure in its last step leaves the version and tables the database had', () => {
    const file = join(tempDir(), 'm.sqlite');
    const from = MIGRATIONS.length - 3;
    Db.open(file, MIGRATIONS.slice(0, from)).close();
    const db = Db.open(file, MIGRATIONS.slice(0, from));
    const tablesBefore = db.all(sql`SELECT name FROM sqlite_master ORDER BY name`);
    const broken: Migration = {
      version: MIGRATIONS.length + 1,
      name: 'broken',
      up: () => {
        throw new Error('boom');
      },
    };
    expect(() => migrate(db, [...MIGRATIONS, broken])).toThrow(/boom/);
    expect(db.version).toBe(from);
    expect(db.all(sql`SELECT name FROM sqlite_master ORDER BY name`)).toEqual(tablesBefore);
    // The same upgrade without the broken step goes through, every step.
    migrate(db, MIGRATIONS);
    expect(db.version).toBe(MIGRATIONS.length);
    db.close();
  });
});
