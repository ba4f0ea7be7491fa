import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { Db } from '../../../main/core/db/database';
import { migrate, type Migration } from '../../../main/core/db/migrate';
import { MIGRATIONS } from '../../../main/core/db/migrations';
import { sql } from '../../../main/core/db/sql';
import { useTempDirs } from '../../helpers/core';

const columns = (db: Db, table: string) =>
  db.all<{ name: string }>(sql`SELECT name FROM pragma_table_info(${table})`).map((c) => c.name);
const tables = (db: Db) =>
  db
    .all<{ name: string }>(sql`SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name`)
    .map((t) => t.name);

/** Opens a real file DB migrated up to `version` only. */
function openAt(dir: string, version: number): Db {
  return Db.open(join(dir, 'm.sqlite'), MIGRATIONS.slice(0, version));
}

describe('migrations', () => {
  const tempDir = useTempDirs();

  it('are numbered 1..n without gaps and the DB ends at the last', () => {
    expect(MIGRATIONS.map((m) => m.version)).toEqual(MIGRATIONS.map((_, i) => i + 1));
    const db = Db.open(join(tempDir(), 'all.sqlite'));
    expect(db.version).toBe(MIGRATIONS.length);
    expect(db.raw.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.raw.pragma('synchronous', { simple: true })).toBe(2); // FULL
    expect(db.raw.pragma('foreign_keys', { simple: true })).toBe(1);
    db.close();
  });

  it('0001 kiosk-and-outbox: one kiosk row at most, unique statement ids', () => {
    const db = openAt(tempDir(), 1);
    expect(db.version).toBe(1);
    expect(tables(db)).toEqual(['counters', 'kiosk', 'outbox', 'settings']);
    expect(columns(db, 'outbox')).toEqual(['seq', 'id', 'recorded_at', 'verb', 'learner_id', 'statement']);
    const row = (id: number) =>
      sql`INSERT INTO kiosk VALUES (${id}, 'd', '33.02.05.2001', 'A', 'B', 'C', 'D', 'x', 'k', 'h', 't')`;
    db.run(row(1));
    expect(() => db.run(row(2))).toThrow(/CHECK/);
    db.run(sql`INSERT INTO outbox VALUES (1, 'same', 't', 'v', NULL, '{}')`);
    expect(() => db.run(sql`INSERT INTO outbox VALUES (2, 'same', 't', 'v', NULL, '{}')`)).toThrow(/UNIQUE/);
    db.close();
  });

  it('0002 accounts-and-audit: accounts with flags checked, resume points tied to accounts', () => {
    const dir = tempDir();
    const db1 = openAt(dir, 1);
    db1.close();
    const db = openAt(dir, 2); // upgrades an existing v1 file
    expect(db.version).toBe(2);
    expect(tables(db)).toEqual(expect.arrayContaining(['accounts', 'audit_log', 'resume_points']));
    db.run(sql`INSERT INTO accounts (id, full_name, created_at, updated_at) VALUES ('a', 'N', 't', 't')`);
    expect(() => db.run(sql`UPDATE accounts SET is_operator = 2 WHERE id = 'a'`)).toThrow(/CHECK/);
    expect(() => db.run(sql`INSERT INTO resume_points VALUES ('nobody', '/x', 0, 't')`)).toThrow(
      /FOREIGN KEY/,
    );
    db.run(sql`INSERT INTO resume_points VALUES ('a', '/x', 0, 't')`);
    expect(columns(db, 'audit_log')).not.toContain('full_name');
    db.close();
  });

  it('0003 courses-and-learning: progress and attempts belong to accounts', () => {
    const dir = tempDir();
    openAt(dir, 2).close();
    const db = openAt(dir, 3);
    expect(db.version).toBe(3);
    expect(tables(db)).toEqual(
      expect.arrayContaining([
        'courses',
        'registrations',
        'lesson_progress',
        'quiz_attempts',
        'quiz_answers',
      ]),
    );
    expect(() =>
      db.run(sql`INSERT INTO lesson_progress (learner_id, course_id, lesson_id, status, updated_at)
                 VALUES ('nobody', 'c', 'l', 'in_progress', 't')`),
    ).toThrow(/FOREIGN KEY/);
    db.run(sql`INSERT INTO accounts (id, created_at, updated_at) VALUES ('a', 't', 't')`);
    expect(() =>
      db.run(sql`INSERT INTO lesson_progress (learner_id, course_id, lesson_id, status, updated_at)
                 VALUES ('a', 'c', 'l', 'bogus', 't')`),
    ).toThrow(/CHECK/);
    db.close();
  });

  it('refuses a database newer than the app, and a failing step leaves the old version', () => {
    const dir = tempDir();
    const latest = MIGRATIONS.length;
    const db = openAt(dir, latest);
    expect(() => migrate(db, MIGRATIONS.slice(0, latest - 1))).toThrow(/newer than this app/);
    const broken: Migration = {
      version: latest + 1,
      name: 'broken',
      up: (d) => {
        d.raw.exec('CREATE TABLE half (x INTEGER)');
        throw new Error('boom');
      },
    };
    expect(() => migrate(db, [...MIGRATIONS, broken])).toThrow(/boom/);
    expect(db.version).toBe(latest);
    expect(tables(db)).not.toContain('half');
    db.close();
  });
});

describe('migration 0004 timing-and-certificates', () => {
  const tempDir = useTempDirs();
  it('keeps existing attempts (no time limit, nothing used) and adds one certificate per learner per course', () => {
    const dir = tempDir();
    const db3 = openAt(dir, 3);
    db3.run(sql`INSERT INTO accounts (id, created_at, updated_at) VALUES ('a', 't', 't')`);
    db3.run(sql`INSERT INTO quiz_attempts (id, learner_id, course_id, course_version, quiz_id, quiz_kind, seed, questions, started_at)
                VALUES ('t1', 'a', 'c', '1.0.0', 'q', 'post', 1, '[]', 't')`);
    db3.close();
    const db = openAt(dir, 4);
    expect(db.version).toBe(4);
    expect(
      db.get(sql`SELECT time_limit_ms, time_used_ms, pass_mark FROM quiz_attempts WHERE id = 't1'`),
    ).toEqual({
      time_limit_ms: null,
      time_used_ms: 0,
      pass_mark: null,
    });
    const cert = (n: string) =>
      sql`INSERT INTO certificates (number, learner_id, course_id, course_version, attempt_id, post_score, issued_at, payload, signature)
          VALUES (${n}, 'a', 'c', '1.0.0', 't1', 80, 't', '{}', 's')`;
    db.run(cert('N1'));
    expect(() => db.run(cert('N2'))).toThrow(/UNIQUE/);
    db.close();
  });
});
