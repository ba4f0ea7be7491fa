import { randomUUID } from 'node:crypto';
import type { Db } from '../db/database';
import { sql } from '../db/sql';
import type { Lesson } from '../courses/manifest';

/**
 * A pretest or posttest score from content (a SCO the wrapper marked, an H5P activity, a cmi5 AU), once it is
 * final. `scaled` is 0..1; `passed` is null when the content said nothing of passing.
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

type Listener = (a: ContentAssessment, attemptId: string) => void;
/** Per database (a restore opens a new one): what else follows a content assessment (the certificate). */
const listeners = new WeakMap<Db, Listener>();

/**
 * Makes `listener` run inside every `recordContentAssessment` on `db`, in its transaction. The core sets one
 * when it opens its database: it issues the certificate a passed posttest earns.
 */
export function whenContentAssessed(db: Db, listener: Listener): void {
  listeners.set(db, listener);
}

/**
 * Records a content pretest/posttest as a submitted quiz attempt of its course (`quiz_attempts` with the
 * lesson's id, score in percent, no drawn questions), so results, gain, certificates and the village report
 * count it like a native pre/post quiz. The caller calls it once per final score (a new attempt each time).
 */
export function recordContentAssessment(db: Db, a: ContentAssessment): void {
  const score = Math.round(Math.max(0, Math.min(1, a.scaled)) * 1000) / 10;
  const id = randomUUID();
  db.transaction(() => {
    db.run(sql`INSERT INTO quiz_attempts (id, learner_id, course_id, course_version, quiz_id, quiz_kind, seed,
                 questions, started_at, submitted_at, score, passed, lesson_id)
               VALUES (${id}, ${a.learnerId}, ${a.courseId}, ${a.courseVersion}, ${a.lessonId}, ${a.kind}, 0, '[]',
                 ${a.at}, ${a.at}, ${score}, ${a.passed === null ? null : a.passed ? 1 : 0}, ${a.lessonId})`);
    listeners.get(db)?.(a, id);
  });
}

/** Whether a lesson is one of its course's tests: a SCO, an H5P activity or a cmi5 AU the wrapper marked `--pretest`/`--posttest`. */
export function lessonAssessment(lesson: Lesson): 'pre' | 'post' | undefined {
  return lesson.sco?.assessment ?? lesson.h5p?.assessment ?? lesson.au?.assessment;
}

/** The pass mark (0–100) of a content lesson that is a test: the SCO's, the H5P activity's or the AU's. */
export function lessonPassMark(lesson: Lesson): number {
  if (lesson.sco) return lesson.sco.masteryScore ?? 0;
  if (lesson.h5p) return Math.round(lesson.h5p.passingScaled * 100);
  if (lesson.au?.masteryScore !== undefined) return Math.round(lesson.au.masteryScore * 100);
  return 0;
}
