import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Db } from '../../../main/core/db/database';
import { MIGRATIONS } from '../../../main/core/db/migrations';
import { m0017 } from '../../../main/core/db/migrations/0017-scorm-sequencing';
import { sql } from '../../../main/core/db/sql';
import { useTempDirs } from '../../helpers/core';

describe('migration 0017 scorm-sequencing', () => {
  const tempDir = useTempDirs();

  it('upgrades the previous schema: one sequencing state per learner and course version, one row per activity', () => {
    const file = join(tempDir(), 'm.sqlite');
    const index = MIGRATIONS.indexOf(m0017);
    const before = Db.open(file, MIGRATIONS.slice(0, index));
    before.run(sql`INSERT INTO accounts (id, full_name, jabatan, pin_hash, is_learner, is_operator, created_at, updated_at)
                   VALUES ('a-1', 'Siti', 'kasi_pelayanan', 'h', 1, 0, 't', 't')`);
    before.close();

    const db = Db.open(file, MIGRATIONS.slice(0, index + 1));
    expect(db.version).toBe(m0017.version);
    const state = (learner: string, version = '1.0.0') =>
      db.run(sql`INSERT INTO scorm_sequencing (learner_id, course_id, course_version, state, current_item, updated_at)
                 VALUES (${learner}, 'golf', ${version}, '{}', 'playing_item', 't')`);
    state('a-1');
    state('a-1', '1.1.0');
    expect(() => state('a-1')).toThrow(/UNIQUE|PRIMARY KEY/);
    expect(() => state('nobody')).toThrow(/FOREIGN KEY/);
    expect(() => db.run(sql`UPDATE scorm_sequencing SET ended = 2`)).toThrow(/CHECK/);
    const activity = (item: string, satisfied: number | null) =>
      db.run(sql`INSERT INTO scorm_activity_state (learner_id, course_id, course_version, item, attempt_count,
                   completion, success, satisfied, measure, suspended)
                 VALUES ('a-1', 'golf', '1.0.0', ${item}, 1, 'completed', 'passed', ${satisfied}, 0.9, 0)`);
    activity('playing_item', 1);
    activity('etiquette_item', null);
    expect(() => activity('playing_item', 1)).toThrow(/UNIQUE|PRIMARY KEY/);
    expect(() => activity('havingfun_item', 3)).toThrow(/CHECK/);
    expect(
      db.get<{ ended: number }>(sql`SELECT ended FROM scorm_sequencing WHERE course_version = '1.0.0'`),
    ).toEqual({
      ended: 0,
    });
    db.close();
  });
});
