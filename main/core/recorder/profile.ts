/**
 * The xAPI profile of Balai Belajar (written down in docs/xapi-profile.md). Every statement the kiosk
 * records uses these verbs, activity ids and extensions; the hub reads exactly this.
 */
export const PROFILE_BASE = 'https://w3id.org/balai-belajar/xapi';

export const VERBS = {
  launched: { id: 'http://adlnet.gov/expapi/verbs/launched', display: 'launched' },
  experienced: { id: 'http://adlnet.gov/expapi/verbs/experienced', display: 'experienced' },
  progressed: { id: 'http://adlnet.gov/expapi/verbs/progressed', display: 'progressed' },
  completed: { id: 'http://adlnet.gov/expapi/verbs/completed', display: 'completed' },
  attempted: { id: 'http://adlnet.gov/expapi/verbs/attempted', display: 'attempted' },
  answered: { id: 'http://adlnet.gov/expapi/verbs/answered', display: 'answered' },
  passed: { id: 'http://adlnet.gov/expapi/verbs/passed', display: 'passed' },
  failed: { id: 'http://adlnet.gov/expapi/verbs/failed', display: 'failed' },
  /** Balai Belajar's own verb: a certificate was issued for a passed course (no ADL verb says this). */
  certified: { id: `${PROFILE_BASE}/verbs/certificate-issued`, display: 'certificate issued' },
} as const;

export type VerbKey = keyof typeof VERBS;

export const ACTIVITY_TYPES = {
  course: 'http://adlnet.gov/expapi/activities/course',
  lesson: 'http://adlnet.gov/expapi/activities/lesson',
  assessment: 'http://adlnet.gov/expapi/activities/assessment',
  question: 'http://adlnet.gov/expapi/activities/cmi.interaction',
  certificate: `${PROFILE_BASE}/activity-types/certificate`,
} as const;

export const EXTENSIONS = {
  desaCode: `${PROFILE_BASE}/ext/desa-code`,
  deviceId: `${PROFILE_BASE}/ext/device-id`,
  sequence: `${PROFILE_BASE}/ext/sequence`,
  courseVersion: `${PROFILE_BASE}/ext/course-version`,
  quizKind: `${PROFILE_BASE}/ext/quiz-kind`,
  position: `${PROFILE_BASE}/ext/position`,
  certificateNumber: `${PROFILE_BASE}/ext/certificate-number`,
} as const;

export const activityIds = {
  course: (courseId: string) => `${PROFILE_BASE}/course/${courseId}`,
  lesson: (courseId: string, lessonId: string) => `${PROFILE_BASE}/course/${courseId}/lesson/${lessonId}`,
  quiz: (courseId: string, quizId: string) => `${PROFILE_BASE}/course/${courseId}/quiz/${quizId}`,
  question: (courseId: string, questionId: string) =>
    `${PROFILE_BASE}/course/${courseId}/question/${questionId}`,
  certificate: (number: string) => `${PROFILE_BASE}/certificate/${number}`,
};

/** The actor: an account on this kiosk, named by the learner's UUID. Never a name, NIK or email. */
export function actorFor(deviceId: string, learnerId: string) {
  return {
    objectType: 'Agent' as const,
    account: { homePage: `${PROFILE_BASE}/kiosk/${deviceId}`, name: learnerId },
  };
}
