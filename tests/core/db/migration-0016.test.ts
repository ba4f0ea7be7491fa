import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Db } from '../../../main/core/db/database';
import { MIGRATIONS } from '../../../main/core/db/migrations';
import { m0016 } from '../../../main/core/db/migrations/0016-hub-lrs-pull';
import { sql } from '../../../main/core/db/sql';
import { useTempDirs } from '../../helpers/core';

const statement = (id: string, bundle: string | null) =>
  sql`INSERT INTO hub_statements (device_id, id, seq, desa_code, bundle_sha256, statement)
      VALUES ('dev-1', ${id}, 1, '33.02.05.2001', ${bundle}, '{}')`;
const learner = (id: string, personal: string) =>
  sql`INSERT INTO hub_learners (device_id, learner_id, desa_code, is_operator, disabled, erased, created_at, personal,
        bundle_seq, updated_at)
      VALUES ('dev-1', ${id}, '33.02.05.2001', 0, 0, 0, 't', ${personal}, 0, 't')`;

describe('migration 0016 hub-lrs-pull', () => {
  const tempDir = useTempDirs();

  it('upgrades a v14 hub in place: pulled statements need no bundle, learners may have no roster, rows kept', () => {
    const file = join(tempDir(), 'm.sqlite');
    const v14 = Db.open(file, MIGRATIONS.slice(0, 14));
    v14.run(sql`INSERT INTO hub_devices VALUES ('dev-1', '33.02.05.2001', 'pk', '{}', 't')`);
    v14.run(sql`INSERT INTO hub_bundles (sha256, device_id, public_key, desa_code, desa_name, bundle_seq, created_at,
                 created_ms, app_version, statements, new_statements, learners, certificates, personal_data, file_name,
                 file_sha256, size_bytes, imported_at)
               VALUES ('b1', 'dev-1', 'pk', '33.02.05.2001', 'Adisana', 1, 't', 1, '1.0.0', 1, 1, 1, 0, 'clear', 'f',
                 'fb1', 1, 't')`);
    v14.run(statement('s-1', 'b1'));
    v14.run(learner('ana', 'clear'));
    expect(() => v14.run(statement('s-2', null))).toThrow(/NOT NULL/);
    expect(() => v14.run(learner('budi', 'none'))).toThrow(/CHECK/);
    v14.close();

    const db = Db.open(file, MIGRATIONS.slice(0, MIGRATIONS.indexOf(m0016) + 1));
    expect(db.version).toBe(m0016.version);
    expect(db.get(sql`SELECT id, bundle_sha256 FROM hub_statements`)).toEqual({
      id: 's-1',
      bundle_sha256: 'b1',
    });
    expect(db.get(sql`SELECT learner_id, personal FROM hub_learners`)).toEqual({
      learner_id: 'ana',
      personal: 'clear',
    });
    db.run(statement('s-2', null));
    db.run(learner('budi', 'none'));
    // Only loosened: a bundle that is not there and a state that is not one are still refused.
    expect(() => db.run(statement('s-3', 'no-such-bundle'))).toThrow(/FOREIGN KEY/);
    expect(() => db.run(learner('cici', 'bogus'))).toThrow(/CHECK/);
    expect(db.raw.pragma('integrity_check', { simple: true })).toBe('ok');
    expect(db.raw.pragma('foreign_key_check')).toEqual([]);
    // The indexes of hub_statements are still used and still cover the reports' columns.
    expect(db.all(sql`SELECT name FROM pragma_index_list('hub_statements') ORDER BY name`)).toHaveLength(4);

    db.run(
      sql`INSERT INTO hub_lrs_pulls (endpoint, pull, since, next_url) VALUES ('https://lrs/', 1, NULL, 'u')`,
    );
    db.run(sql`INSERT INTO hub_lrs_parked (statement_id, endpoint, pull, reason, detail, statement, parked_at)
               VALUES ('x', 'https://lrs/', 1, 'foreign_region', 'd', '{}', 't')`);
    expect(() =>
      db.run(sql`INSERT INTO hub_lrs_parked (statement_id, endpoint, pull, reason, detail, statement, parked_at)
                 VALUES ('y', 'https://lrs/', 1, 'whatever', 'd', '{}', 't')`),
    ).toThrow(/CHECK/);
    db.close();
  });
});
