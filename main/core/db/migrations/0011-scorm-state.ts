import type { Migration } from '../migrate';

/**
 * SCORM runtime state (issue 17): one row per learner, course version, item (SCO) and attempt. `cmi` is the
 * whole CMI data model as the runtime committed it (suspend_data, location, interactions, objectives, times),
 * without the learner fields, which come from the launch. The columns beside it are read from `cmi` at each
 * commit, so reports and the next launch need not parse it. Never in the SCO origin's storage.
 */
export const m0011: Migration = {
  version: 11,
  name: 'scorm-state',
  up(db) {
    db.raw.exec(`
      CREATE TABLE scorm_attempts (
        id TEXT PRIMARY KEY,
        learner_id TEXT NOT NULL REFERENCES accounts (id),
        course_id TEXT NOT NULL,
        course_version TEXT NOT NULL,
        item TEXT NOT NULL,
        attempt INTEGER NOT NULL CHECK (attempt >= 1),
        cmi TEXT NOT NULL DEFAULT '{}',
        completion TEXT,
        success TEXT,
        score_scaled REAL,
        location TEXT,
        exit TEXT,
        -- the registration (xAPI) of this attempt
        registration TEXT NOT NULL,
        sessions INTEGER NOT NULL DEFAULT 0,
        -- what the outbox already says of this attempt: interactions answered, and its success
        recorded_interactions INTEGER NOT NULL DEFAULT 0,
        recorded_success TEXT,
        started_at TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        terminated_at TEXT,
        UNIQUE (learner_id, course_id, course_version, item, attempt)
      ) STRICT;
    `);
  },
};
