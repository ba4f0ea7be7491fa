import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Db } from '../../../main/core/db/database';
import { MIGRATIONS } from '../../../main/core/db/migrations';
import { m0019 } from '../../../main/core/db/migrations/0019-local-lrs';
import { sql } from '../../../main/core/db/sql';
import { useTempDirs } from '../../helpers/core';

describe('migration 0019 local-lrs', () => {
  const tempDir = useTempDirs();

  it('upgrades the previous schema: statement index, documents, AU sessions and satisfied, each keyed as the LRS needs', () => {
    const file = join(tempDir(), 'm.sqlite');
    const index = MIGRATIONS.indexOf(m0019);
    const before = Db.open(file, MIGRATIONS.slice(0, index));
    before.run(sql`INSERT INTO accounts (id, full_name, jabatan, pin_hash, is_learner, is_operator, created_at, updated_at)
                   VALUES ('a-1', 'Siti', 'kasi_pelayanan', 'h', 1, 0, 't', 't')`);
    before.run(sql`INSERT INTO outbox (seq, id, recorded_at, verb, learner_id, statement)
                   VALUES (1, 's-1', 't', 'initialized', 'a-1', '{}')`);
    before.close();

    const db = Db.open(file, MIGRATIONS.slice(0, index + 1));
    expect(db.version).toBe(m0019.version);
    const index1 = (seq: number, id: string, learner = 'a-1') =>
      db.run(sql`INSERT INTO lrs_statements (outbox_seq, statement_id, learner_id, registration, verb, object_id, stored, received)
                 VALUES (${seq}, ${id}, ${learner}, 'reg', 'v', 'o', 't', '{}')`);
    index1(1, 's-1');
    expect(() => index1(2, 's-2')).toThrow(/FOREIGN KEY/);
    expect(() => index1(1, 's-3')).toThrow(/UNIQUE|PRIMARY/);

    const doc = (docId: string, learner = 'a-1') =>
      db.run(sql`INSERT INTO lrs_documents (kind, learner_id, activity_id, registration, doc_id, content, content_type, etag, updated)
                 VALUES ('state', ${learner}, 'act', 'reg', ${docId}, ${Buffer.from('{}')}, 'application/json', '"e"', 't')`);
    doc('bookmark');
    doc('bookmark', 'a-2'); // another learner's state of the same name is another row
    expect(() => doc('bookmark')).toThrow(/UNIQUE|PRIMARY/);
    expect(() =>
      db.run(sql`INSERT INTO lrs_documents (kind, learner_id, activity_id, registration, doc_id, content, content_type, etag, updated)
                 VALUES ('other', '', '', '', 'x', ${Buffer.from('')}, 't', 'e', 't')`),
    ).toThrow(/CHECK/);

    db.run(sql`INSERT INTO au_sessions (id, learner_id, course_id, course_version, lesson_id, registration, launched_at)
               VALUES ('sess', 'a-1', 'c', '1.0.0', 'l', 'reg', 't')`);
    expect(() => db.run(sql`UPDATE au_sessions SET success = 'maybe' WHERE id = 'sess'`)).toThrow(/CHECK/);
    db.run(
      sql`INSERT INTO au_satisfied (learner_id, registration, object, how, at) VALUES ('a-1', 'reg', '', 'satisfied', 't')`,
    );
    expect(() =>
      db.run(
        sql`INSERT INTO au_satisfied (learner_id, registration, object, how, at) VALUES ('a-1', 'reg', '', 'waived', 't')`,
      ),
    ).toThrow(/UNIQUE|PRIMARY/);
    db.close();
  });
});
