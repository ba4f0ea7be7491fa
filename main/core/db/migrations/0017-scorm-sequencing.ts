import type { Migration } from '../migrate';

/**
 * SCORM 2004 sequencing state per learner and course version (issue 17 item 5). `scorm_sequencing.state` is
 * the sequencer's whole state (scorm-again's SequencingState JSON: each activity's attempt count, progress,
 * objectives and measure, the selection/randomisation kept for the learner, the global shared objectives, the
 * current and suspended activity); it is what the next decision is rebuilt from. `scorm_activity_state` is
 * the same per activity in columns, written in the same transaction, for reports and checks.
 */
export const m0017: Migration = {
  version: 17,
  name: 'scorm-sequencing',
  up(db) {
    db.raw.exec(`
      CREATE TABLE scorm_sequencing (
        learner_id TEXT NOT NULL REFERENCES accounts (id),
        course_id TEXT NOT NULL,
        course_version TEXT NOT NULL,
        state TEXT NOT NULL,
        current_item TEXT,
        suspended_item TEXT,
        -- 1 once exitAll / suspendAll / the end of the tree closed the sequencing session
        ended INTEGER NOT NULL DEFAULT 0 CHECK (ended IN (0, 1)),
        updated_at TEXT NOT NULL,
        PRIMARY KEY (learner_id, course_id, course_version)
      ) STRICT;
      CREATE TABLE scorm_activity_state (
        learner_id TEXT NOT NULL REFERENCES accounts (id),
        course_id TEXT NOT NULL,
        course_version TEXT NOT NULL,
        item TEXT NOT NULL,
        attempt_count INTEGER NOT NULL,
        completion TEXT NOT NULL,
        success TEXT NOT NULL,
        satisfied INTEGER CHECK (satisfied IN (0, 1)),
        measure REAL,
        suspended INTEGER NOT NULL CHECK (suspended IN (0, 1)),
        PRIMARY KEY (learner_id, course_id, course_version, item)
      ) STRICT;
    `);
  },
};
