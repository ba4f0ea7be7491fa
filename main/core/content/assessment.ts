import { randomUUID } from 'node:crypto';
import type { Db } from '../db/database';
import { sql } from '../db/sql';

/**
 * A pretest or posttest score that comes from content (a SCO, an H5P activity, a cmi5 AU) rather than from
 * a native quiz: the shape every content type hands over when its activity's score is final (issue 18,
 * agreed in the helpers' common.md).
 */
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
 * Records a content score as a submitted pre/post attempt (quiz id `content:<lessonId>`, score 0–100), so
 * results, gain, certificates and reports count it as they count a native quiz attempt: the first pretest
 * is the pretest, the best posttest the posttest.
 */
export function recordContentAssessment(db: Db, a: ContentAssessment): void {
  const score = Math.round(Math.min(1, Math.max(0, a.scaled)) * 1000) / 10;
  db.run(sql`INSERT INTO quiz_attempts (id, learner_id, course_id, course_version, quiz_id, quiz_kind, seed, questions,
                                        started_at, submitted_at, score, passed)
             VALUES (${randomUUID()}, ${a.learnerId}, ${a.courseId}, ${a.courseVersion}, ${`content:${a.lessonId}`},
                     ${a.kind}, 0, '[]', ${a.at}, ${a.at}, ${score}, ${a.passed === null ? null : a.passed ? 1 : 0})`);
}
