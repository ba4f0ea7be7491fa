import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Db } from '../../../main/core/db/database';
import { MIGRATIONS } from '../../../main/core/db/migrations';
import { sql } from '../../../main/core/db/sql';
import { useTempDirs } from '../../helpers/core';

describe('migration 0020 account-pictures', () => {
  const tempDir = useTempDirs();

  it('adds name-card pictures to a v14 kiosk: a photo needs its consent time, an avatar its name', () => {
    const file = join(tempDir(), 'm.sqlite');
    const before = MIGRATIONS.findIndex((m) => m.name === 'account-pictures');
    const old = Db.open(file, MIGRATIONS.slice(0, before));
    old.run(sql`INSERT INTO accounts (id, full_name, created_at, updated_at) VALUES ('a1', 'Ani', 't', 't')`);
    old.close();

    const db = Db.open(file, MIGRATIONS.slice(0, before + 1));
    const jpeg = Buffer.from([0xff, 0xd8, 0xff, 0xd9]);
    db.run(sql`INSERT INTO account_pictures (account_id, kind, photo, consent_at, updated_at)
               VALUES ('a1', 'photo', ${jpeg}, 't', 't')`);
    expect(db.get(sql`SELECT kind FROM account_pictures WHERE account_id = 'a1'`)).toEqual({ kind: 'photo' });
    db.run(sql`DELETE FROM account_pictures`);
    expect(() =>
      db.run(
        sql`INSERT INTO account_pictures (account_id, kind, photo, updated_at) VALUES ('a1', 'photo', ${jpeg}, 't')`,
      ),
    ).toThrow(/CHECK/);
    expect(() =>
      db.run(sql`INSERT INTO account_pictures (account_id, kind, updated_at) VALUES ('a1', 'avatar', 't')`),
    ).toThrow(/CHECK/);
    expect(() =>
      db.run(
        sql`INSERT INTO account_pictures (account_id, kind, avatar, updated_at) VALUES ('nobody', 'avatar', 'padi', 't')`,
      ),
    ).toThrow(/FOREIGN KEY/);
    db.close();
  });
});
