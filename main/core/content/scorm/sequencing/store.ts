import { isoWithOffset } from '../../../clock';
import type { Db } from '../../../db/database';
import { sql } from '../../../db/sql';
import type { Sequencer, SeqActivity, SequencingSnapshot } from './engine';

export interface SequencingKey {
  learnerId: string;
  courseId: string;
  courseVersion: string;
}

export interface StoredSequencing {
  snapshot: SequencingSnapshot;
  ended: boolean;
}

export function loadSequencing(db: Db, key: SequencingKey): StoredSequencing | null {
  const row = db.get<{ state: string; ended: number }>(sql`SELECT state, ended FROM scorm_sequencing
    WHERE learner_id = ${key.learnerId} AND course_id = ${key.courseId} AND course_version = ${key.courseVersion}`);
  return row ? { snapshot: JSON.parse(row.state) as SequencingSnapshot, ended: row.ended === 1 } : null;
}

/** Writes the sequencer's state and each activity's row; the caller's transaction makes them one. */
export function saveSequencing(
  db: Db,
  key: SequencingKey,
  sequencer: Sequencer,
  ended: boolean,
  now: Date,
): void {
  const snapshot = sequencer.snapshot();
  const at = isoWithOffset(now);
  db.run(sql`INSERT INTO scorm_sequencing (learner_id, course_id, course_version, state, current_item, suspended_item,
               ended, updated_at)
             VALUES (${key.learnerId}, ${key.courseId}, ${key.courseVersion}, ${JSON.stringify(snapshot)},
                     ${snapshot.currentActivity}, ${snapshot.suspendedActivity}, ${ended ? 1 : 0}, ${at})
             ON CONFLICT (learner_id, course_id, course_version) DO UPDATE SET state = excluded.state,
               current_item = excluded.current_item, suspended_item = excluded.suspended_item,
               ended = excluded.ended, updated_at = excluded.updated_at`);
  const walk = (a: SeqActivity): void => {
    db.run(sql`INSERT INTO scorm_activity_state (learner_id, course_id, course_version, item, attempt_count,
                 completion, success, satisfied, measure, suspended)
               VALUES (${key.learnerId}, ${key.courseId}, ${key.courseVersion}, ${a.id}, ${a.attemptCount},
                       ${a.completionStatus}, ${a.successStatus},
                       ${a.objectiveSatisfiedStatusKnown ? (a.objectiveSatisfiedStatus ? 1 : 0) : null},
                       ${a.objectiveMeasureStatus ? a.objectiveNormalizedMeasure : null}, ${a.isSuspended ? 1 : 0})
               ON CONFLICT (learner_id, course_id, course_version, item) DO UPDATE SET
                 attempt_count = excluded.attempt_count, completion = excluded.completion, success = excluded.success,
                 satisfied = excluded.satisfied, measure = excluded.measure, suspended = excluded.suspended`);
    a.children.forEach(walk);
  };
  walk(sequencer.root());
}
