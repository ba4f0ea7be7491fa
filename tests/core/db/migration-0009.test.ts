import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Db } from '../../../main/core/db/database';
import { MIGRATIONS } from '../../../main/core/db/migrations';
import { sql } from '../../../main/core/db/sql';
import { useTempDirs } from '../../helpers/core';

describe('migration 0009 hub-forward', () => {
  const tempDir = useTempDirs();

  it('upgrades a v8 file: deliveries and quarantine only for statements the hub holds, once each, with a known reason', () => {
    const file = join(tempDir(), 'm.sqlite');
    const v8 = Db.open(file, MIGRATIONS.slice(0, 8));
    v8.run(sql`INSERT INTO hub_devices VALUES ('dev-1', '33.02.05.2001', 'pk', '{}', 't')`);
    v8.run(sql`INSERT INTO hub_bundles (sha256, device_id, public_key, desa_code, desa_name, bundle_seq, created_at,
                 app_version, statements, new_statements, learners, certificates, personal_data, file_name,
                 file_sha256, size_bytes, imported_at)
               VALUES ('b1', 'dev-1', 'pk', '33.02.05.2001', 'Adisana', 1, 't', '1.0.0', 2, 2, 0, 0, 'clear', 'f',
                 'fb1', 1, 't')`);
    for (const [id, seq] of [
      ['s-1', 1],
      ['s-2', 2],
    ] as const)
      v8.run(sql`INSERT INTO hub_statements (device_id, id, seq, desa_code, bundle_sha256, statement)
                 VALUES ('dev-1', ${id}, ${seq}, '33.02.05.2001', 'b1', '{}')`);
    v8.close();

    const db = Db.open(file, MIGRATIONS.slice(0, 9));
    expect(db.version).toBe(9);
    db.run(sql`INSERT INTO hub_lrs_deliveries VALUES ('dev-1', 's-1', 't', 'https://lrs/')`);
    expect(() => db.run(sql`INSERT INTO hub_lrs_deliveries VALUES ('dev-1', 's-1', 't', 'x')`)).toThrow(
      /UNIQUE|PRIMARY/,
    );
    expect(() => db.run(sql`INSERT INTO hub_lrs_deliveries VALUES ('dev-2', 's-1', 't', 'x')`)).toThrow(
      /FOREIGN KEY/,
    );
    db.run(sql`INSERT INTO hub_lrs_quarantine VALUES ('dev-1', 's-2', 'rejected', 400, 'no', 't')`);
    expect(() =>
      db.run(sql`INSERT INTO hub_lrs_quarantine VALUES ('dev-1', 's-2', 'lost', NULL, 'no', 't')`),
    ).toThrow(/CHECK|UNIQUE|PRIMARY/);
    expect(() =>
      db.run(sql`INSERT INTO hub_lrs_quarantine VALUES ('dev-1', 's-9', 'rejected', NULL, 'no', 't')`),
    ).toThrow(/FOREIGN KEY/);
    db.close();
  });
});
