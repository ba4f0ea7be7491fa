import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Db } from '../../../main/core/db/database';
import { MIGRATIONS } from '../../../main/core/db/migrations';
import { m0011 } from '../../../main/core/db/migrations/0011-scorm-state';
import { sql } from '../../../main/core/db/sql';
import { useTempDirs } from '../../helpers/core';

describe('migration 0011 scorm-state', () => {
  const tempDir = useTempDirs();

  it('upgrades the previous schema: one attempt row per learner, course version, item and attempt number', () => {
    const file = join(tempDir(), 'm.sqlite');
    const index = MIGRATIONS.indexOf(m0011);
    const before = Db.open(file, MIGRATIONS.slice(0, index));
    before.run(sql`INSERT INTO accounts (id, full_name, jabatan, pin_hash, is_learner, is_operator, created_at, updated_at)
                   VALUES ('a-1', 'Siti', 'kasi_pelayanan', 'h', 1, 0, 't', 't')`);
    before.close();

    const db = Db.open(file, MIGRATIONS.slice(0, index + 1));
    expect(db.version).toBe(m0011.version);
    const insert = (attempt: number, learner = 'a-1') =>
      db.run(sql`INSERT INTO scorm_attempts (id, learner_id, course_id, course_version, item, attempt, registration,
                   started_at, updated_at)
                 VALUES (${`r-${learner}-${attempt}`}, ${learner}, 'golf', '1.0.0', 'item_1', ${attempt}, 'reg', 't', 't')`);
    insert(1);
    insert(2);
    expect(() => db.run(sql`UPDATE scorm_attempts SET attempt = 1 WHERE id = 'r-a-1-2'`)).toThrow(/UNIQUE/);
    expect(() => insert(3, 'nobody')).toThrow(/FOREIGN KEY/);
    expect(() => insert(0)).toThrow(/CHECK/);
    expect(db.get<{ cmi: string }>(sql`SELECT cmi FROM scorm_attempts WHERE id = 'r-a-1-1'`)?.cmi).toBe('{}');
    db.close();
  });
});
