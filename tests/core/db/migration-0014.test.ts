import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Db } from '../../../main/core/db/database';
import { MIGRATIONS } from '../../../main/core/db/migrations';
import { sql } from '../../../main/core/db/sql';
import { useTempDirs } from '../../helpers/core';

describe('migration 0014 hub-rollups', () => {
  const tempDir = useTempDirs();

  it('upgrades a v13 hub: the rollups are built from what it holds, and the hub table takes the nasional level', () => {
    const file = join(tempDir(), 'm.sqlite');
    const v13 = Db.open(file, MIGRATIONS.slice(0, 13));
    const desa = '33.02.05.2001';
    v13.run(sql`INSERT INTO hub_devices VALUES ('dev-1', ${desa}, 'pk', '{}', 't')`);
    v13.run(sql`INSERT INTO hub_bundles (sha256, device_id, public_key, desa_code, desa_name, bundle_seq, created_at,
                 created_ms, app_version, statements, new_statements, learners, certificates, personal_data, file_name,
                 file_sha256, size_bytes, imported_at)
               VALUES ('b1', 'dev-1', 'pk', ${desa}, 'Adisana', 1, '2026-11-30T08:00:00.000+07:00', 1764464400000,
                 '1.0.0', 3, 3, 1, 0, 'clear', 'f', 'fb1', 1, 't')`);
    const rows: [string, number, string, string | null, string | null, string | null, number | null][] = [
      ['s-1', 1, 'passed', 'assessment', 'q1', 'pre', 40],
      ['s-2', 2, 'completed', 'lesson', 'l1', null, null],
      ['s-3', 3, 'passed', 'assessment', 'q2', 'post', 85.5],
    ];
    for (const [id, seq, verb, kind, ref, quiz, score] of rows)
      v13.run(sql`INSERT INTO hub_statements (device_id, id, seq, desa_code, bundle_sha256, statement, learner_id, verb,
                   course_id, object_kind, object_ref, quiz_kind, score, at_ms)
                 VALUES ('dev-1', ${id}, ${seq}, ${desa}, 'b1', '{}', 'ana', ${verb}, 'c1', ${kind}, ${ref}, ${quiz},
                   ${score}, ${1764464400000 + seq})`);
    v13.run(sql`INSERT INTO hub_learners (device_id, learner_id, desa_code, jabatan, is_operator, disabled, erased,
                 created_at, personal, full_name, bundle_seq, updated_at)
               VALUES ('dev-1', 'ana', ${desa}, NULL, 0, 0, 0, 't', 'clear', 'Ana', 1, 't')`);
    v13.run(sql`INSERT INTO hub VALUES (1, 'hub-1', 'Dinas PMD Kabupaten Banyumas', '33.02', 'kabupaten', 'Banyumas',
                 'ds', 'kid', 'pk', 'ek', 'rh', 't')`);
    expect(() => v13.run(sql`UPDATE hub SET region_level = 'nasional'`)).toThrow(/CHECK/);
    v13.close();

    const db = Db.open(file, MIGRATIONS.slice(0, 14));
    expect(db.version).toBe(14);
    // The hub row is kept as it was, and the table now takes the nasional level.
    expect(db.get(sql`SELECT hub_id, region_code, region_level FROM hub`)).toEqual({
      hub_id: 'hub-1',
      region_code: '33.02',
      region_level: 'kabupaten',
    });
    db.run(sql`UPDATE hub SET region_code = '', region_level = 'nasional'`);
    expect(() => db.run(sql`UPDATE hub SET region_level = 'desa'`)).toThrow(/CHECK/);
    expect(db.all(sql`SELECT * FROM hub_roll_courses`)).toEqual([
      {
        device_id: 'dev-1',
        learner_id: 'ana',
        course_id: 'c1',
        lessons: 1,
        completed: 0,
        pre_seq: 1,
        pre_score: 40,
        post_score: 85.5,
        certificates: 0,
      },
    ]);
    const regions = db.all<{ len: number; code: string; learners: number; gain_sum: number; kiosks: number }>(
      sql`SELECT len, code, learners, gain_sum, kiosks FROM hub_roll_regions ORDER BY len`,
    );
    expect(regions.map((r) => [r.len, r.code, r.learners, r.gain_sum, r.kiosks])).toEqual([
      [0, '', 1, 455, 1],
      [2, '33', 1, 455, 1],
      [5, '33.02', 1, 455, 1],
      [8, '33.02.05', 1, 455, 1],
      [13, desa, 1, 455, 1],
    ]);
    expect(db.get(sql`SELECT desa_code, last_ms FROM hub_roll_learners`)).toEqual({
      desa_code: desa,
      last_ms: 1764464400003,
    });
    expect(db.get<{ n: number }>(sql`SELECT SUM(learners) AS n FROM hub_roll_active WHERE len = 13`)!.n).toBe(
      1,
    );
    expect(() => db.run(sql`INSERT INTO hub_roll_refs VALUES ('dev-1', 'ana', 'c1', 'quiz', 'q1')`)).toThrow(
      /CHECK/,
    );
    db.close();
  });
});
