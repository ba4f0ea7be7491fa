import { join } from 'node:path';
import type { AttemptView } from '../../main/api/courses';
import { sql } from '../../main/core/db/sql';
import { writeAssessmentCourse } from './course-fixture';
import type { TestKiosk } from './core';

/** The assessment course certificates are earned in (installed on first use). */
export const CERT_COURSE = 'uji-sertifikat';

async function answer(w: TestKiosk, token: string, attempt: AttemptView, right: number): Promise<void> {
  for (const [i, q] of attempt.questions.entries())
    await w.must(token, 'quiz.answer', {
      attemptId: attempt.attemptId,
      questionId: q.id,
      optionIds: [i < right ? 'a' : 'b'],
    });
}

/**
 * Takes a learner through the real flow to a certificate: pretest (1 of 4 right), both lessons, posttest
 * (3 of 4 right). Returns the certificate's number and its signed code. The course's source folder is
 * hidden inside the sticks folder (`.name` folders are not drives).
 */
export async function earnCertificate(
  w: TestKiosk,
  token: string,
): Promise<{ number: string; code: string }> {
  if (!w.core.services.courses.get(CERT_COURSE)) {
    const src = writeAssessmentCourse(join(`${w.dataDir}-sticks`, '.course-src'), { id: CERT_COURSE });
    const installed = w.core.services.courses.installFolder(src);
    if (!installed.ok) throw new Error(installed.reason);
  }
  const { attempt: pre } = await w.must(token, 'quiz.start', { courseId: CERT_COURSE, quizId: 'pretest' });
  await answer(w, token, pre, 1);
  await w.must(token, 'quiz.submit', { attemptId: pre.attemptId });
  for (const lessonId of ['l1', 'l2']) {
    await w.must(token, 'lessons.open', { courseId: CERT_COURSE, lessonId });
    await w.must(token, 'lessons.progress', {
      courseId: CERT_COURSE,
      lessonId,
      position: 100,
      completed: true,
    });
  }
  const { attempt: post } = await w.must(token, 'quiz.start', { courseId: CERT_COURSE, quizId: 'posttest' });
  await answer(w, token, post, 3);
  const { result } = await w.must(token, 'quiz.submit', { attemptId: post.attemptId });
  if (!result.certificateNumber) throw new Error('no certificate issued');
  const row = w.core.services.db.get<{ signature: string }>(
    sql`SELECT signature FROM certificates WHERE number = ${result.certificateNumber}`,
  )!;
  return { number: result.certificateNumber, code: row.signature };
}

/** A learner's certificate number on the kiosk, if they have one. */
export function certificateOf(w: TestKiosk, learnerId: string): string | undefined {
  return w.core.services.db.get<{ number: string }>(
    sql`SELECT number FROM certificates WHERE learner_id = ${learnerId} ORDER BY issued_at LIMIT 1`,
  )?.number;
}
