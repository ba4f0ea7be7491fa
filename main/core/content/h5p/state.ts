import { isoWithOffset, type Clock } from '../../clock';
import type { Db } from '../../db/database';
import { sql } from '../../db/sql';
import type { H5pLaunch } from './runtime';

/** Largest user data document one activity may save (a Course Presentation's state is a few KiB). */
export const MAX_USER_DATA_BYTES = 1024 * 1024;

/** H5P's names for a sub-content and a data type: short, from the safe alphabet (`0`, `state`, a UUID). */
const KEY = /^[A-Za-z0-9._-]{1,100}$/;
export const validKey = (value: string | null): value is string => value !== null && KEY.test(value);

/** Whose data: one learner's, one course version's, one lesson's. */
export type UserDataOwner = Pick<H5pLaunch, 'learnerId' | 'course' | 'lessonId'>;

const where = (l: UserDataOwner) =>
  sql`learner_id = ${l.learnerId} AND course_id = ${l.course.id} AND course_version = ${l.course.version}
      AND lesson_id = ${l.lessonId}`;

/**
 * The learner's saved data for this activity, as H5P's `contentUserData` preload wants it:
 * `{ [subContentId]: { [dataType]: jsonString } }` (only what H5P asked to preload).
 */
export function preloadedUserData(db: Db, launch: H5pLaunch): Record<string, Record<string, string>> {
  const rows = db.all<{ sub_content_id: string; data_type: string; data: string }>(
    sql`SELECT sub_content_id, data_type, data FROM h5p_user_data WHERE ${where(launch)} AND preload = 1`,
  );
  const out: Record<string, Record<string, string>> = {};
  for (const r of rows) (out[r.sub_content_id] ??= {})[r.data_type] = r.data;
  return out;
}

export function readUserData(
  db: Db,
  launch: H5pLaunch,
  subContentId: string,
  dataType: string,
): string | null {
  return (
    db.get<{ data: string }>(
      sql`SELECT data FROM h5p_user_data WHERE ${where(launch)} AND sub_content_id = ${subContentId}
          AND data_type = ${dataType}`,
    )?.data ?? null
  );
}

/** Saves (or, for H5P's `0`, deletes) one user data document; written before the bridge answers. */
export function saveUserData(
  db: Db,
  clock: Clock,
  launch: H5pLaunch,
  key: { subContentId: string; dataType: string },
  data: string,
  preload: boolean,
): void {
  if (data === '0' || data === '') {
    db.run(sql`DELETE FROM h5p_user_data WHERE ${where(launch)} AND sub_content_id = ${key.subContentId}
               AND data_type = ${key.dataType}`);
    return;
  }
  db.run(sql`INSERT INTO h5p_user_data (learner_id, course_id, course_version, lesson_id, sub_content_id, data_type,
                                        data, preload, updated_at)
             VALUES (${launch.learnerId}, ${launch.course.id}, ${launch.course.version}, ${launch.lessonId},
                     ${key.subContentId}, ${key.dataType}, ${data}, ${preload ? 1 : 0}, ${isoWithOffset(clock.now())})
             ON CONFLICT (learner_id, course_id, course_version, lesson_id, sub_content_id, data_type)
             DO UPDATE SET data = excluded.data, preload = excluded.preload, updated_at = excluded.updated_at`);
}

/** True when the learner has saved anything for this activity (the launch then says "resumed"). */
export function hasUserData(db: Db, owner: UserDataOwner): boolean {
  return db.get(sql`SELECT 1 FROM h5p_user_data WHERE ${where(owner)} LIMIT 1`) !== undefined;
}
