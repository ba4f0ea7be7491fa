import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Db } from '../../../main/core/db/database';
import { MIGRATIONS } from '../../../main/core/db/migrations';
import { sql } from '../../../main/core/db/sql';
import { useTempDirs } from '../../helpers/core';

describe('migration 0007 hub', () => {
  const tempDir = useTempDirs();

  it('upgrades a v6 kiosk file: no hub, one hub row at most, statements once per id per device, provenance tied', () => {
    const dir = tempDir();
    const v6 = Db.open(join(dir, 'm.sqlite'), MIGRATIONS.slice(0, 6));
    v6.run(sql`INSERT INTO outbox VALUES (1, 'a', 't', 'launched', NULL, '{}')`);
    v6.close();
    const db = Db.open(join(dir, 'm.sqlite'), MIGRATIONS.slice(0, 7));
    expect(db.version).toBe(7);
    const tables = db
      .all<{ name: string }>(
        sql`SELECT name FROM sqlite_master WHERE type = 'table' AND name LIKE 'hub%' ORDER BY name`,
      )
      .map((t) => t.name);
    expect(tables).toEqual([
      'hub',
      'hub_bundles',
      'hub_certificates',
      'hub_devices',
      'hub_held',
      'hub_keys',
      'hub_learners',
      'hub_statements',
    ]);
    // The kiosk's own data is untouched, and no hub exists until `hub init`.
    expect(db.get<{ n: number }>(sql`SELECT COUNT(*) AS n FROM outbox`)!.n).toBe(1);
    expect(db.get<{ n: number }>(sql`SELECT COUNT(*) AS n FROM hub`)!.n).toBe(0);

    const hub = (id: number, level = 'kabupaten') =>
      sql`INSERT INTO hub VALUES (${id}, 'h', 'Dinas', '33.02', ${level}, 'Banyumas', 'ds', 'k', 'p', 'e', 'r', 't')`;
    expect(() => db.run(hub(1, 'desa'))).toThrow(/CHECK/);
    db.run(hub(1));
    expect(() => db.run(hub(2))).toThrow(/CHECK/);

    // A bundle belongs to an enrolled device; a statement to an imported bundle, once per id per device.
    const bundle = sql`INSERT INTO hub_bundles (sha256, device_id, public_key, desa_code, desa_name, bundle_seq,
        created_at, app_version, statements, new_statements, learners, certificates, personal_data, file_name,
        file_sha256, size_bytes, imported_at)
      VALUES ('b1', 'd1', 'k1', '33.02.05.2001', 'Adisana', 1, 't', 'v', 1, 1, 1, 0, 'clear', 'f', 'fs', 1, 't')`;
    expect(() => db.run(bundle)).toThrow(/FOREIGN KEY/);
    db.run(sql`INSERT INTO hub_devices VALUES ('d1', '33.02.05.2001', 'k1', '{}', 't')`);
    db.run(bundle);
    const statement = (id: string, bundleSha = 'b1') =>
      sql`INSERT INTO hub_statements (device_id, id, seq, desa_code, bundle_sha256, statement)
          VALUES ('d1', ${id}, 1, '33.02.05.2001', ${bundleSha}, '{}')`;
    db.run(statement('s1'));
    expect(() => db.run(statement('s1'))).toThrow(/UNIQUE|PRIMARY/);
    expect(() => db.run(statement('s2', 'nope'))).toThrow(/FOREIGN KEY/);
    // A held bundle names a key of the key history.
    expect(() =>
      db.run(
        sql`INSERT INTO hub_held VALUES ('h1', 'd1', 'k2', '33.02.05.2001', 'A', 2, 't', 1, 1, 'f2', 'fs2', 1, 't')`,
      ),
    ).toThrow(/FOREIGN KEY/);
    expect(() =>
      db.run(sql`INSERT INTO hub_keys VALUES ('d1', 'k2', 'id', '33.02.05.2001', 'lost', 't', NULL, NULL)`),
    ).toThrow(/CHECK/);
    db.close();
  });
});
