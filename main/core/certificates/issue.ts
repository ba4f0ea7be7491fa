import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { getAccount, type AccountRow } from '../auth/accounts';
import { isoWithOffset } from '../clock';
import type { Services } from '../context';
import { sql } from '../db/sql';
import { lessonStatuses, registrationFor } from '../courses/progress';
import type { InstalledCourse } from '../courses/store';
import { ACTIVITY_TYPES, activityIds, EXTENSIONS } from '../recorder/profile';
import { DEVICE_KEY_FILE } from '../setup/setup';
import { readKiosk } from '../setup/kiosk';
import { certificateNumber, encodeCertificate, nameHash, type CertificatePayload } from './payload';

export interface CertificateRow {
  number: string;
  learner_id: string;
  course_id: string;
  course_version: string;
  attempt_id: string;
  pre_score: number | null;
  post_score: number;
  issued_at: string;
  payload: string;
  signature: string;
}

/** The kiosk's local date (YYYY-MM-DD) for a moment, from the same offset the statements carry. */
export function localDate(now: Date): string {
  return isoWithOffset(now).slice(0, 10);
}

/**
 * Issues the certificate for a passed posttest, inside the caller's transaction: the row, the signed code
 * (device key), and the xAPI statements "course completed" and "certificate issued". Returns its number.
 */
export function issueCertificate(
  services: Services,
  learner: AccountRow,
  course: InstalledCourse,
  attemptId: string,
  scores: { pre: number | null; post: number },
  registration: string,
): string {
  const kiosk = readKiosk(services.db);
  if (!kiosk) throw new Error('kiosk not set up');
  const now = services.clock.now();
  const date = localDate(now);
  const number = certificateNumber(kiosk.desa_code, date);
  const payload: CertificatePayload = {
    v: 2,
    no: number,
    lid: learner.id,
    nh: nameHash(learner.full_name ?? ''),
    c: course.id,
    cv: course.version,
    pre: scores.pre,
    post: scores.post,
    d: date,
    dev: kiosk.device_id,
    desa: kiosk.desa_code,
    pk: kiosk.public_key,
  };
  const privateKey = readFileSync(join(services.config.dataDir, DEVICE_KEY_FILE), 'utf8');
  const code = encodeCertificate(payload, privateKey);
  const ext = { [EXTENSIONS.courseVersion]: course.version };
  services.recorder.record(
    [
      {
        learnerId: learner.id,
        verb: 'completed',
        object: { id: activityIds.course(course.id), type: ACTIVITY_TYPES.course, name: course.title },
        result: {
          completion: true,
          success: true,
          score: { scaled: scores.post / 100, raw: scores.post, min: 0, max: 100 },
        },
        registration,
        extensions: ext,
      },
      {
        learnerId: learner.id,
        verb: 'certified',
        object: {
          id: activityIds.certificate(number),
          type: ACTIVITY_TYPES.certificate,
          name: `Sertifikat ${course.title}`,
        },
        registration,
        parents: [{ id: activityIds.course(course.id), type: ACTIVITY_TYPES.course }],
        extensions: { ...ext, [EXTENSIONS.certificateNumber]: number },
      },
    ],
    () =>
      services.db
        .run(sql`INSERT INTO certificates (number, learner_id, course_id, course_version, attempt_id, pre_score,
                                                    post_score, issued_at, payload, signature)
                          VALUES (${number}, ${learner.id}, ${course.id}, ${course.version}, ${attemptId}, ${scores.pre},
                                  ${scores.post}, ${isoWithOffset(now)}, ${JSON.stringify(payload)}, ${code})`),
  );
  return number;
}

/**
 * The certificate a content posttest earns (a SCO marked `--posttest`): issued, inside the caller's
 * transaction, once the learner has passed it and completed every lesson, whichever came last. Native
 * quizzes issue theirs at submission (quiz/handlers.ts). Returns the number, or null when none is due.
 */
export function issueDueCertificate(services: Services, learnerId: string, courseId: string): string | null {
  const course = services.courses.get(courseId);
  const learner = getAccount(services.db, learnerId);
  if (!course || !learner) return null;
  if (
    services.db.get(
      sql`SELECT 1 FROM certificates WHERE learner_id = ${learnerId} AND course_id = ${courseId}`,
    )
  )
    return null;
  const statuses = lessonStatuses(services, learnerId, courseId);
  if (
    !course.manifest.modules
      .flatMap((m) => m.lessons)
      .every((l) => statuses.get(l.id)?.status === 'completed')
  )
    return null;
  const post = services.db.get<{ id: string; score: number }>(
    sql`SELECT id, score FROM quiz_attempts WHERE learner_id = ${learnerId} AND course_id = ${courseId}
          AND quiz_kind = 'post' AND passed = 1 AND lesson_id IS NOT NULL ORDER BY score DESC, submitted_at LIMIT 1`,
  );
  if (!post) return null;
  const pre = services.db.get<{ score: number | null }>(
    sql`SELECT score FROM quiz_attempts WHERE learner_id = ${learnerId} AND course_id = ${courseId} AND quiz_kind = 'pre'
          AND submitted_at IS NOT NULL ORDER BY submitted_at LIMIT 1`,
  );
  const { registration } = registrationFor(services, learnerId, courseId);
  return issueCertificate(
    services,
    learner,
    course,
    post.id,
    { pre: pre?.score ?? null, post: post.score },
    registration,
  );
}
