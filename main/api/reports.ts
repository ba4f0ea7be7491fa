import { z } from 'zod';
import type { CourseResult } from './courses';
import { method } from './define';
import { jabatan, uuid } from './fields';
import type { Jabatan } from './jabatan';

/**
 * Where a learner stands in a course, for the operator's table:
 * - `not_started`: nothing recorded in the course yet (belum mulai);
 * - `in_progress`: started, posttest not yet taken (sedang belajar);
 * - `completed`: all lessons done and the posttest passed (lulus);
 * - `failed_post`: posttest taken and not passed (belum lulus); `posttestAttemptsLeft` says whether they may try again.
 */
export type ProgressStatus = 'not_started' | 'in_progress' | 'completed' | 'failed_post';

/** One learner in one installed course: a row of the village view. */
export interface VillageRow {
  learnerId: string;
  /** null once the learner's personal data was erased: the UI shows "(data dihapus)". */
  fullName: string | null;
  jabatan: Jabatan | null;
  erased: boolean;
  disabled: boolean;
  courseId: string;
  courseTitle: string;
  /** Percent; null if not taken. Pretest = first attempt, posttest = best attempt. */
  pretestScore: number | null;
  posttestScore: number | null;
  /** Percentage points (post − pre); null unless both exist. */
  gain: number | null;
  /** Hake's normalised gain; null unless both exist (and pre < 100). */
  normalizedGain: number | null;
  status: ProgressStatus;
  lessonsCompleted: number;
  lessonCount: number;
  /** Posttest attempts still allowed (null = unlimited or the course has no posttest). */
  posttestAttemptsLeft: number | null;
  certificateNumber: string | null;
  /** The learner's latest activity in the course (kiosk time, RFC 3339 with offset); null if none. */
  lastActivity: string | null;
  timeSpentMinutes: number;
}

/** A course column of the village view. */
export interface VillageCourse {
  id: string;
  version: string;
  title: string;
}

/** The kiosk's clock against the latest time it has seen (its own records, a receipt, the network). */
export interface ClockCheck {
  /** The kiosk's time now. */
  now: string;
  /** The latest time seen, null on a fresh kiosk. */
  latestSeen: string | null;
  /** Where `latestSeen` came from. */
  source: ClockSource | null;
  /** Whole minutes the clock is behind `latestSeen` (0 when it is not behind). */
  behindMinutes: number;
  /** Behind by more than five minutes: dates on certificates and reports may be wrong. */
  warn: boolean;
}

/** Own records (`outbox`, `audit`, `quiz`, `lesson`, `certificate`) or a time learned from outside. */
export type ClockSource = 'outbox' | 'audit' | 'quiz' | 'lesson' | 'certificate' | SeenTimeSource;
/** Times learned from outside the kiosk's own records. */
export type SeenTimeSource = 'receipt' | 'network';

/** A learning event from the kiosk's record (an xAPI statement), for a learner's printable history. */
export interface HistoryEvent {
  seq: number;
  /** When it was recorded (kiosk time). */
  at: string;
  /** Profile verb key: launched, experienced, progressed, completed, attempted, answered, passed, failed, certified. */
  verb: string;
  activityType: 'course' | 'lesson' | 'assessment' | 'question' | 'certificate' | 'other';
  activityName: string;
  courseId: string | null;
  courseTitle: string | null;
  quizKind: 'pre' | 'post' | 'practice' | null;
  /** Score in percent where the event carries one (a submitted quiz, a completed course). */
  score: number | null;
  success: boolean | null;
  certificateNumber: string | null;
}

/** One learner's course result with the village view's status and last activity. */
export interface LearnerCourseReport extends CourseResult {
  status: ProgressStatus;
  lastActivity: string | null;
  posttestAttemptsLeft: number | null;
}

export interface LearnerHistory {
  learner: {
    id: string;
    fullName: string | null;
    jabatan: Jabatan | null;
    erased: boolean;
    disabled: boolean;
    createdAt: string;
  };
  desa: { code: string; name: string; kecamatan: string; kabupaten: string; provinsi: string };
  courses: LearnerCourseReport[];
  /** Oldest first (the kiosk's recording order); at most `limit`, the latest ones. */
  events: HistoryEvent[];
  /** Older events exist beyond `limit`. */
  truncated: boolean;
  /** When this was made (kiosk time), for the printout. */
  generatedAt: string;
  clockWarning: boolean;
}

export const reportsApi = {
  /** Learners × installed courses, optionally one jabatan only. Erased learners appear with fullName null. */
  'reports.village': method<{
    rows: VillageRow[];
    courses: VillageCourse[];
    /** The clock is behind the latest time seen: show `reports.clock` to the operator. */
    clockWarning: boolean;
    generatedAt: string;
  }>()('operator', z.strictObject({ jabatan: jabatan.optional() })),
  /** One learner's identity, results per course and learning events, for a printable page. */
  'reports.learnerHistory': method<LearnerHistory>()(
    'operator',
    z.strictObject({
      learnerId: uuid,
      limit: z.number().int().min(1).max(500).default(500),
      /** Each answered question is an event too; left out unless asked for. */
      includeAnswers: z.boolean().default(false),
    }),
  ),
  /** The village view as an Excel file (one row per learner per course), base64 for the UI to save. */
  'reports.villageXlsx': method<{ fileName: string; base64: string; rows: number }>()(
    'operator',
    z.strictObject({ jabatan: jabatan.optional() }),
  ),
  'reports.clock': method<ClockCheck>()('operator', z.strictObject({})),
};
