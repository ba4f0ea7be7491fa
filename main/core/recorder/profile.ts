/**
 * The xAPI profile of Balai Belajar, version 1.0. The whole profile is written down, with a real example
 * statement per verb, in docs/xapi-profile.md: that page is the contract the hub reads, and a change here
 * is a change there (tests/core/recorder/profile.test.ts checks every statement of a learner's journey
 * against both). Every statement the kiosk records uses only these verbs, activity ids and extensions.
 */
export const PROFILE_BASE = 'https://w3id.org/balai-belajar/xapi';

/** The profile's own IRI, carried by every statement in `context.contextActivities.category`. */
export const PROFILE_ID = `${PROFILE_BASE}/profile/1.0`;
export const PROFILE_ACTIVITY_TYPE = 'http://adlnet.gov/expapi/activities/profile';

export const VERBS = {
  /** A course is opened for the first time (its registration begins). */
  launched: { id: 'http://adlnet.gov/expapi/verbs/launched', display: 'launched' },
  /** A lesson is opened for the first time (viewed). */
  experienced: { id: 'http://adlnet.gov/expapi/verbs/experienced', display: 'experienced' },
  /** A lesson was read to the end, or a course was finished (posttest passed after all lessons). */
  completed: { id: 'http://adlnet.gov/expapi/verbs/completed', display: 'completed' },
  /** A quiz attempt begins. */
  attempted: { id: 'http://adlnet.gov/expapi/verbs/attempted', display: 'attempted' },
  /** A question of an attempt is answered (again, if the learner changes the answer). */
  answered: { id: 'http://adlnet.gov/expapi/verbs/answered', display: 'answered' },
  /** A quiz attempt was submitted with a score at or above its pass mark. */
  passed: { id: 'http://adlnet.gov/expapi/verbs/passed', display: 'passed' },
  /** A quiz attempt was submitted with a score below its pass mark. */
  failed: { id: 'http://adlnet.gov/expapi/verbs/failed', display: 'failed' },
  /** A SCO session begins on a new attempt (ADL xAPI SCORM profile). */
  initialized: { id: 'http://adlnet.gov/expapi/verbs/initialized', display: 'initialized' },
  /** A SCO session goes on with a suspended attempt (`cmi.entry = resume`). */
  resumed: { id: 'http://adlnet.gov/expapi/verbs/resumed', display: 'resumed' },
  /** A SCO session ended with `cmi.exit = suspend`: the attempt goes on next time. */
  suspended: { id: 'http://adlnet.gov/expapi/verbs/suspended', display: 'suspended' },
  /** An H5P activity moved on (a slide, an interaction): at most one per launch every 10 s. */
  progressed: { id: 'http://adlnet.gov/expapi/verbs/progressed', display: 'progressed' },
  /** A SCO session ended and its attempt with it. */
  terminated: { id: 'http://adlnet.gov/expapi/verbs/terminated', display: 'terminated' },
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
  /** Context, every statement: the kiosk's desa (Kemendagri code NN.NN.NN.NNNN). */
  desaCode: `${PROFILE_BASE}/ext/desa-code`,
  /** Context, every statement: the kiosk's device id (UUID made at set-up). */
  deviceId: `${PROFILE_BASE}/ext/device-id`,
  /** Context, every statement: the kiosk's statement sequence number (1, 2, 3, … with no gap). */
  sequence: `${PROFILE_BASE}/ext/sequence`,
  /** Context: the semver of the course the statement is about. */
  courseVersion: `${PROFILE_BASE}/ext/course-version`,
  /** Context, quiz statements: `pre`, `post` or `practice`. */
  quizKind: `${PROFILE_BASE}/ext/quiz-kind`,
  /** Context, quiz statements: the attempt's UUID (ties answers and the score to one attempt). */
  attemptId: `${PROFILE_BASE}/ext/attempt-id`,
  /** Context, certificate statement: the certificate number. */
  certificateNumber: `${PROFILE_BASE}/ext/certificate-number`,
} as const;

export const activityIds = {
  course: (courseId: string) => `${PROFILE_BASE}/course/${courseId}`,
  lesson: (courseId: string, lessonId: string) => `${PROFILE_BASE}/course/${courseId}/lesson/${lessonId}`,
  quiz: (courseId: string, quizId: string) => `${PROFILE_BASE}/course/${courseId}/quiz/${quizId}`,
  question: (courseId: string, questionId: string) =>
    `${PROFILE_BASE}/course/${courseId}/question/${questionId}`,
  certificate: (number: string) => `${PROFILE_BASE}/certificate/${number}`,
  /** A SCORM interaction (`cmi.interactions.n.id`) of a SCO lesson. */
  scoInteraction: (courseId: string, lessonId: string, interactionId: string) =>
    `${PROFILE_BASE}/course/${courseId}/lesson/${lessonId}/interaction/${encodeURIComponent(interactionId)}`,
};

/** The kiosk's IRI: the home page of every learner account on it. */
export const kioskIri = (deviceId: string) => `${PROFILE_BASE}/kiosk/${deviceId}`;

/** The actor: an account on this kiosk, named by the learner's UUID. Never a name, NIK or email. */
export function actorFor(deviceId: string, learnerId: string) {
  return {
    objectType: 'Agent' as const,
    account: { homePage: kioskIri(deviceId), name: learnerId },
  };
}
