import type { Db } from '../../main/core/db/database';
import { sql } from '../../main/core/db/sql';

/** Every row of the hub's rollups (migration 0013), in key order: to compare kept rollups with rebuilt ones. */
export function rollupSnapshot(db: Db): Record<string, unknown[]> {
  return {
    refs: db.all(sql`SELECT * FROM hub_roll_refs ORDER BY device_id, learner_id, course_id, kind, ref`),
    courses: db.all(sql`SELECT * FROM hub_roll_courses ORDER BY device_id, learner_id, course_id`),
    learners: db.all(sql`SELECT * FROM hub_roll_learners ORDER BY device_id, learner_id`),
    regions: db.all(sql`SELECT * FROM hub_roll_regions ORDER BY len, code`),
    active: db.all(sql`SELECT * FROM hub_roll_active ORDER BY len, day, code`),
  };
}
