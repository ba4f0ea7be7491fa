import type { Migration } from '../migrate';

/**
 * The kiosk's own small LRS for launched content (issue 18): cmi5 AUs and Tin Can packages.
 * - `lrs_statements` indexes the outbox statements a launch may read back (the content's own and the cmi5 LMS's),
 *   by learner and registration; the statement itself stays in the outbox, written once.
 * - `lrs_documents`: State, Activity Profile and Agent Profile documents with their ETag. A state belongs to
 *   one learner, activity and registration; an agent profile to one learner; an activity profile to an activity.
 * - `au_sessions`: one row per launch of an AU (the cmi5 session id), so a session left without `terminated`
 *   becomes `abandoned` at the learner's next login, and what the AU said counts for moveOn.
 * - `au_satisfied`: what the LMS has declared satisfied or waived (an AU, a block, the course) per registration.
 */
export const m0019: Migration = {
  version: 19,
  name: 'local-lrs',
  up(db) {
    db.raw.exec(`
      CREATE TABLE lrs_statements (
        outbox_seq INTEGER PRIMARY KEY REFERENCES outbox (seq),
        statement_id TEXT NOT NULL UNIQUE,
        learner_id TEXT NOT NULL REFERENCES accounts (id),
        registration TEXT NOT NULL,
        -- the statement's verb IRI and its object id, for 'voided' and the activity filter
        verb TEXT NOT NULL,
        object_id TEXT NOT NULL,
        stored TEXT NOT NULL,
        -- the statement as the content sent it: a statement sent again with its id is compared with this
        received TEXT NOT NULL,
        voided INTEGER NOT NULL DEFAULT 0 CHECK (voided IN (0, 1))
      ) STRICT;
      CREATE INDEX lrs_statements_by_learner ON lrs_statements (learner_id, registration, outbox_seq);

      CREATE TABLE lrs_documents (
        kind TEXT NOT NULL CHECK (kind IN ('state', 'activity-profile', 'agent-profile')),
        -- '' where the kind has none (no learner for an activity profile, no activity for an agent profile)
        learner_id TEXT NOT NULL,
        activity_id TEXT NOT NULL,
        registration TEXT NOT NULL,
        doc_id TEXT NOT NULL,
        content BLOB NOT NULL,
        content_type TEXT NOT NULL,
        etag TEXT NOT NULL,
        updated TEXT NOT NULL,
        PRIMARY KEY (kind, learner_id, activity_id, registration, doc_id)
      ) STRICT;

      CREATE TABLE au_sessions (
        id TEXT PRIMARY KEY,
        learner_id TEXT NOT NULL REFERENCES accounts (id),
        course_id TEXT NOT NULL,
        course_version TEXT NOT NULL,
        lesson_id TEXT NOT NULL,
        registration TEXT NOT NULL,
        launched_at TEXT NOT NULL,
        initialized_at TEXT,
        completed INTEGER NOT NULL DEFAULT 0 CHECK (completed IN (0, 1)),
        -- 'passed' | 'failed' once the AU said so in this session
        success TEXT CHECK (success IN ('passed', 'failed')),
        score_scaled REAL,
        terminated_at TEXT,
        abandoned_at TEXT
      ) STRICT;
      CREATE INDEX au_sessions_open ON au_sessions (learner_id) WHERE terminated_at IS NULL AND abandoned_at IS NULL;

      CREATE TABLE au_satisfied (
        learner_id TEXT NOT NULL REFERENCES accounts (id),
        registration TEXT NOT NULL,
        -- an AU's lesson id, a block's module id, or '' for the course
        object TEXT NOT NULL,
        how TEXT NOT NULL CHECK (how IN ('satisfied', 'waived')),
        at TEXT NOT NULL,
        PRIMARY KEY (learner_id, registration, object)
      ) STRICT;
    `);
  },
};
