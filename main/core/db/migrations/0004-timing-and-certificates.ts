import type { Migration } from '../migrate';

/**
 * Assessment: an attempt keeps its pass mark and time limit as they were when it began, and counts only
 * the time the learner was at it (a logout or idle pause does not eat the timer); lesson time is counted
 * the same way. Certificates: one row per issued certificate with its signed payload.
 */
export const m0004: Migration = {
  version: 4,
  name: 'timing-and-certificates',
  up(db) {
    db.raw.exec(`
      ALTER TABLE quiz_attempts ADD COLUMN pass_mark REAL;
      ALTER TABLE quiz_attempts ADD COLUMN time_limit_ms INTEGER;
      ALTER TABLE quiz_attempts ADD COLUMN time_used_ms INTEGER NOT NULL DEFAULT 0;
      ALTER TABLE quiz_attempts ADD COLUMN active_at TEXT;
      ALTER TABLE lesson_progress ADD COLUMN seconds_spent INTEGER NOT NULL DEFAULT 0;

      CREATE TABLE certificates (
        number TEXT PRIMARY KEY,
        learner_id TEXT NOT NULL REFERENCES accounts (id),
        course_id TEXT NOT NULL,
        course_version TEXT NOT NULL,
        attempt_id TEXT NOT NULL UNIQUE REFERENCES quiz_attempts (id),
        pre_score REAL,
        post_score REAL NOT NULL,
        issued_at TEXT NOT NULL,
        payload TEXT NOT NULL,
        signature TEXT NOT NULL
      ) STRICT;
      CREATE UNIQUE INDEX certificates_one_per_course ON certificates (learner_id, course_id);
    `);
  },
};
