import type { Migration } from '../migrate';

/**
 * Pretests and posttests from content (issue 17): a SCO (or, later, an H5P activity or cmi5 AU) the course
 * marks as its pretest or posttest is stored as a submitted quiz attempt, so results, gain, certificates and
 * the village report count it like a native quiz. `lesson_id` names the content lesson it came from (NULL
 * for the kiosk's own quizzes); such an attempt has no drawn questions.
 */
export const m0015: Migration = {
  version: 15,
  name: 'content-assessments',
  up(db) {
    db.raw.exec(`
      ALTER TABLE quiz_attempts ADD COLUMN lesson_id TEXT;
      CREATE INDEX quiz_attempts_lesson ON quiz_attempts (learner_id, course_id, lesson_id)
        WHERE lesson_id IS NOT NULL;
    `);
  },
};
