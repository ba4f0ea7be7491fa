import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Db } from '../../../main/core/db/database';
import { MIGRATIONS } from '../../../main/core/db/migrations';
import { m0013 } from '../../../main/core/db/migrations/0013-hub-trust';
import { sql } from '../../../main/core/db/sql';
import { useTempDirs } from '../../helpers/core';

describe('migration 0013 hub-trust', () => {
  const tempDir = useTempDirs();
  const at = MIGRATIONS.indexOf(m0013);

  it('upgrades a kiosk pinned to a hub before certification: that hub is accepted as uncertified, nothing pending', () => {
    const file = join(tempDir(), 'm.sqlite');
    const before = Db.open(file, MIGRATIONS.slice(0, at));
    before.run(sql`INSERT INTO pinned_hub (id, hub_id, name, region_code, key_id, public_key, encryption_key, pinned_at)
                   VALUES (1, 'h-1', 'Dinas PMD Kabupaten Banyumas', '33.02', '0123456789abcdef', 'pk', 'ek', 't0')`);
    before.close();

    const db = Db.open(file, MIGRATIONS.slice(0, at + 1));
    expect(db.version).toBe(m0013.version);
    expect(
      db.all(sql`SELECT key_id, name, region_code, how, certified_scope, accepted_at FROM accepted_hubs`),
    ).toEqual([
      {
        key_id: '0123456789abcdef',
        name: 'Dinas PMD Kabupaten Banyumas',
        region_code: '33.02',
        how: 'uncertified',
        certified_scope: null,
        accepted_at: 't0',
      },
    ]);
    expect(db.all(sql`SELECT * FROM pending_hubs`)).toEqual([]);
    expect(() =>
      db.run(sql`INSERT INTO accepted_hubs (key_id, public_key, hub_id, name, region_code, accepted_at, how)
                 VALUES ('k2', 'p', 'h', 'n', '33', 't', 'trusted')`),
    ).toThrow(/CHECK/);
    db.run(sql`INSERT INTO hub_chain VALUES (1, '[]', 's', '33.02', 'kabupaten', 'n', 't', 't')`);
    expect(() =>
      db.run(sql`INSERT INTO hub_chain VALUES (2, '[]', 's', '33.02', 'kabupaten', 'n', 't', 't')`),
    ).toThrow(/CHECK/);
    db.close();
  });

  it('a fresh kiosk or hub starts with no accepted hub', () => {
    const db = Db.open(join(tempDir(), 'f.sqlite'), MIGRATIONS.slice(0, at + 1));
    expect(db.all(sql`SELECT * FROM accepted_hubs`)).toEqual([]);
    db.close();
  });
});
