import type { Migration } from '../migrate';

/** Installed courses, lesson progress, quiz attempts with each answer stored as it is given. */
export const m0003: Migration = {
  version: 3,
  name: 'courses-and-learning',
  up(db) {
    db.raw.exec(`
      CREATE TABLE courses (
        id TEXT PRIMARY KEY,
        version TEXT NOT NULL,
        title TEXT NOT NULL,
        publisher TEXT NOT NULL,
        dir TEXT NOT NULL,
        manifest TEXT NOT NULL,
        size_bytes INTEGER NOT NULL,
        installed_at TEXT NOT NULL
      ) STRICT;

      -- One xAPI registration per learner per course: it ties pretest, lessons and posttest together.
      CREATE TABLE registrations (
        learner_id TEXT NOT NULL REFERENCES accounts (id),
        course_id TEXT NOT NULL,
        registration TEXT NOT NULL UNIQUE,
        started_at TEXT NOT NULL,
        PRIMARY KEY (learner_id, course_id)
      ) STRICT;

      CREATE TABLE lesson_progress (
        learner_id TEXT NOT NULL REFERENCES accounts (id),
        course_id TEXT NOT NULL,
        lesson_id TEXT NOT NULL,
        status TEXT NOT NULL CHECK (status IN ('in_progress', 'completed')),
        position INTEGER NOT NULL DEFAULT 0,
        updated_at TEXT NOT NULL,
        completed_at TEXT,
        PRIMARY KEY (learner_id, course_id, lesson_id)
      ) STRICT;

      CREATE TABLE quiz_attempts (
        id TEXT PRIMARY KEY,
        learner_id TEXT NOT NULL REFERENCES accounts (id),
        course_id TEXT NOT NULL,
        course_version TEXT NOT NULL,
        quiz_id TEXT NOT NULL,
        quiz_kind TEXT NOT NULL CHECK (quiz_kind IN ('pre', 'post', 'practice')),
        seed INTEGER NOT NULL,
        questions TEXT NOT NULL,
        started_at TEXT NOT NULL,
        submitted_at TEXT,
        score REAL,
        passed INTEGER CHECK (passed IN (0, 1))
      ) STRICT;
      CREATE INDEX quiz_attempts_learner ON quiz_attempts (learner_id, course_id, quiz_id);

      CREATE TABLE quiz_answers (
        attempt_id TEXT NOT NULL REFERENCES quiz_attempts (id),
        question_id TEXT NOT NULL,
        option_ids TEXT NOT NULL,
        answered_at TEXT NOT NULL,
        PRIMARY KEY (attempt_id, question_id)
      ) STRICT;
    `);
  },
};
