import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Db } from '../../../main/core/db/database';
import { MIGRATIONS } from '../../../main/core/db/migrations';
import { m0018 } from '../../../main/core/db/migrations/0018-h5p-user-data';
import { sql } from '../../../main/core/db/sql';
import { useTempDirs } from '../../helpers/core';

describe('migration 0018 h5p-user-data', () => {
  const tempDir = useTempDirs();
  const at = MIGRATIONS.indexOf(m0018);

  it('adds one H5P user data document per learner, course version, lesson, sub-content and data type', () => {
    const file = join(tempDir(), 'm.sqlite');
    const before = Db.open(file, MIGRATIONS.slice(0, at));
    before.run(sql`INSERT INTO accounts (id, full_name, jabatan, pin_hash, is_learner, is_operator, created_at, updated_at)
                   VALUES ('a', 'Siti', 'kasi_pelayanan', 'h', 1, 0, 't', 't')`);
    before.close();

    const db = Db.open(file, MIGRATIONS.slice(0, at + 1));
    expect(db.version).toBe(m0018.version);
    const put = (sub: string, data: string) =>
      db.run(sql`INSERT INTO h5p_user_data (learner_id, course_id, course_version, lesson_id, sub_content_id, data_type,
                                            data, preload, updated_at)
                 VALUES ('a', 'kuis', '1.0.0', 'aktivitas', ${sub}, 'state', ${data}, 1, 't1')`);
    put('0', '{"progress":1}');
    put('sub-1', '{}');
    expect(() => put('0', '{}')).toThrow(/UNIQUE|PRIMARY/);
    expect(() =>
      db.run(sql`INSERT INTO h5p_user_data (learner_id, course_id, course_version, lesson_id, sub_content_id, data_type,
                                            data, preload, updated_at)
                 VALUES ('nobody', 'kuis', '1.0.0', 'aktivitas', '0', 'state', '{}', 1, 't1')`),
    ).toThrow(/FOREIGN KEY/);
    expect(() =>
      db.run(sql`INSERT INTO h5p_user_data (learner_id, course_id, course_version, lesson_id, sub_content_id, data_type,
                                            data, preload, updated_at)
                 VALUES ('a', 'kuis', '1.0.0', 'aktivitas', '2', 'state', '{}', 7, 't1')`),
    ).toThrow(/CHECK/);
    expect(db.all(sql`SELECT sub_content_id FROM h5p_user_data ORDER BY sub_content_id`)).toEqual([
      { sub_content_id: '0' },
      { sub_content_id: 'sub-1' },
    ]);
    db.close();
  });
});
