import { randomUUID } from 'node:crypto';
import type { Db } from '../db/database';
import { sql } from '../db/sql';

/** A final score of content marked as a course's pretest or posttest (a SCO, an H5P activity, a cmi5 AU). */
export interface ContentAssessment {
  learnerId: string;
  courseId: string;
  courseVersion: string;
  lessonId: string;
  kind: 'pre' | 'post';
  scaled: number /* 0..1 */;
  passed: boolean | null;
  at: string /* ISO with offset */;
}

/**
 * Makes results, gain, certificates and reports count a content assessment like a native quiz attempt: one
 * submitted attempt of the lesson's own quiz id (`content:<lesson>`), scored 0–100. Call it in the
 * transaction that records the score.
 */
export function recordContentAssessment(db: Db, a: ContentAssessment): void {
  const score = Math.round(Math.min(1, Math.max(0, a.scaled)) * 1000) / 10;
  db.run(sql`INSERT INTO quiz_attempts (id, learner_id, course_id, course_version, quiz_id, quiz_kind, seed, questions,
               started_at, submitted_at, score, passed)
             VALUES (${randomUUID()}, ${a.learnerId}, ${a.courseId}, ${a.courseVersion}, ${`content:${a.lessonId}`},
               ${a.kind}, 0, '[]', ${a.at}, ${a.at}, ${score}, ${a.passed === null ? null : a.passed ? 1 : 0})`);
}
