import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Db } from '../../../main/core/db/database';
import { MIGRATIONS } from '../../../main/core/db/migrations';
import { m0015 } from '../../../main/core/db/migrations/0015-content-assessments';
import { sql } from '../../../main/core/db/sql';
import { useTempDirs } from '../../helpers/core';

describe('migration 0015 content-assessments', () => {
  const tempDir = useTempDirs();

  it('keeps existing quiz attempts as native (no lesson) and takes a content lesson id on new ones', () => {
    const file = join(tempDir(), 'm.sqlite');
    const index = MIGRATIONS.indexOf(m0015);
    const before = Db.open(file, MIGRATIONS.slice(0, index));
    before.run(sql`INSERT INTO accounts (id, full_name, jabatan, pin_hash, is_learner, is_operator, created_at, updated_at)
                   VALUES ('a-1', 'Siti', 'kasi_pelayanan', 'h', 1, 0, 't', 't')`);
    before.run(sql`INSERT INTO quiz_attempts (id, learner_id, course_id, course_version, quiz_id, quiz_kind, seed,
                     questions, started_at, submitted_at, score, passed)
                   VALUES ('q-1', 'a-1', 'c', '1.0.0', 'pretest', 'pre', 7, '[]', 't', 't', 40, 0)`);
    expect(() => before.run(sql`UPDATE quiz_attempts SET lesson_id = 'x'`)).toThrow(/no such column/);
    before.close();

    const db = Db.open(file, MIGRATIONS.slice(0, index + 1));
    expect(db.version).toBe(m0015.version);
    expect(db.get(sql`SELECT quiz_id, lesson_id, score FROM quiz_attempts`)).toEqual({
      quiz_id: 'pretest',
      lesson_id: null,
      score: 40,
    });
    db.run(sql`INSERT INTO quiz_attempts (id, learner_id, course_id, course_version, quiz_id, quiz_kind, seed,
                 questions, started_at, submitted_at, score, passed, lesson_id)
               VALUES ('q-2', 'a-1', 'c', '1.0.0', 'tes-akhir', 'post', 0, '[]', 't', 't', 85, 1, 'tes-akhir')`);
    expect(
      db.all(sql`SELECT name FROM sqlite_master WHERE type = 'index' AND name = 'quiz_attempts_lesson'`),
    ).toHaveLength(1);
    db.close();
  });
});
