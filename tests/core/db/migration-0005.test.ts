import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Db } from '../../../main/core/db/database';
import { MIGRATIONS } from '../../../main/core/db/migrations';
import { sql } from '../../../main/core/db/sql';
import { useTempDirs } from '../../helpers/core';

describe('migration 0005 bundles-and-receipts', () => {
  const tempDir = useTempDirs();

  it('upgrades a v4 file with statements: all pending, one pinned hub at most, deliveries only of real statements', () => {
    const dir = tempDir();
    const v4 = Db.open(join(dir, 'm.sqlite'), MIGRATIONS.slice(0, 4));
    v4.run(sql`INSERT INTO outbox VALUES (1, 'a', 't', 'launched', NULL, '{}')`);
    v4.run(sql`INSERT INTO outbox VALUES (2, 'b', 't', 'experienced', NULL, '{}')`);
    v4.close();
    const db = Db.open(join(dir, 'm.sqlite'), MIGRATIONS.slice(0, 5));
    expect(db.version).toBe(5);
    const tables = db
      .all<{ name: string }>(sql`SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name`)
      .map((t) => t.name);
    expect(tables).toEqual(
      expect.arrayContaining(['bundle_exports', 'pinned_hub', 'receipts', 'deliveries']),
    );
    expect(db.get<{ n: number }>(sql`SELECT COUNT(*) AS n FROM deliveries`)!.n).toBe(0);

    const hub = (id: number) =>
      sql`INSERT INTO pinned_hub (id, hub_id, name, region_code, key_id, public_key, encryption_key, pinned_at)
          VALUES (${id}, 'h', 'Hub', '33.02', 'k', 'p', 'e', 't')`;
    db.run(hub(1));
    expect(() => db.run(hub(2))).toThrow(/CHECK/);

    // A statement is delivered at most once per way; the LRS uploader has its own rows beside the hub's.
    db.run(sql`INSERT INTO deliveries VALUES (1, 'hub', 't', 'r1')`);
    expect(() => db.run(sql`INSERT INTO deliveries VALUES (1, 'hub', 't', 'r2')`)).toThrow(/UNIQUE|PRIMARY/);
    db.run(sql`INSERT INTO deliveries VALUES (1, 'lrs', 't', NULL)`);
    expect(() => db.run(sql`INSERT INTO deliveries VALUES (99, 'hub', 't', NULL)`)).toThrow(/FOREIGN KEY/);

    db.run(sql`INSERT INTO bundle_exports VALUES (1, 'f', 't', 2, 1, 2, 'sha', 10, 0)`);
    expect(() => db.run(sql`INSERT INTO bundle_exports VALUES (2, 'g', 't', 2, 1, 2, 'sha', 10, 0)`)).toThrow(
      /UNIQUE/,
    );
    db.close();
  });
});
