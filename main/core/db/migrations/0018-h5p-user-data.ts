import type { Migration } from '../migrate';

/**
 * H5P (issue 18): each learner's H5P user data (`contentUserData`: the resume state and whatever else an
 * activity saves, per sub-content and data type), kept by the kiosk through the content origin's bridge and
 * never in the origin's own storage; one row per learner, course version, lesson, sub-content and data type.
 */
export const m0018: Migration = {
  version: 18,
  name: 'h5p-user-data',
  up(db) {
    db.raw.exec(`
      CREATE TABLE h5p_user_data (
        learner_id TEXT NOT NULL REFERENCES accounts (id),
        course_id TEXT NOT NULL,
        course_version TEXT NOT NULL,
        lesson_id TEXT NOT NULL,
        sub_content_id TEXT NOT NULL,
        data_type TEXT NOT NULL,
        data TEXT NOT NULL,
        preload INTEGER NOT NULL CHECK (preload IN (0, 1)),
        updated_at TEXT NOT NULL,
        PRIMARY KEY (learner_id, course_id, course_version, lesson_id, sub_content_id, data_type)
      ) STRICT;
    `);
  },
};
