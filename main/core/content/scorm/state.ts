import { randomUUID } from 'node:crypto';
import { isoWithOffset } from '../../clock';
import type { Db } from '../../db/database';
import { sql } from '../../db/sql';

/** The row of one attempt at one SCO. */
export interface AttemptRow {
  id: string;
  learner_id: string;
  course_id: string;
  course_version: string;
  item: string;
  attempt: number;
  cmi: string;
  completion: string | null;
  success: string | null;
  score_scaled: number | null;
  location: string | null;
  exit: string | null;
  registration: string;
  sessions: number;
  recorded_interactions: number;
  recorded_success: string | null;
  terminated_at: string | null;
}

export interface AttemptKey {
  learnerId: string;
  courseId: string;
  courseVersion: string;
  item: string;
}

/** The last attempt at an item, or undefined. */
export function lastAttempt(db: Db, key: AttemptKey): AttemptRow | undefined {
  return db.get<AttemptRow>(sql`SELECT * FROM scorm_attempts
    WHERE learner_id = ${key.learnerId} AND course_id = ${key.courseId} AND course_version = ${key.courseVersion}
      AND item = ${key.item} ORDER BY attempt DESC LIMIT 1`);
}

/**
 * The attempt a launch continues: the last one when it was suspended (or cut off by a logout or a power cut
 * before it terminated), else a new one. `entry` is what the SCO reads in `cmi.entry`.
 */
export function attemptForLaunch(
  db: Db,
  key: AttemptKey,
  now: Date,
  /** The learner's registration in the course (xAPI), for a new attempt. */
  registration: string,
  /** The sequencer began a new attempt on this activity (SCORM 2004 sequencing): never resume the last. */
  newAttempt = false,
): { row: AttemptRow; entry: 'resume' | 'ab-initio'; resumed: boolean } {
  const last = lastAttempt(db, key);
  if (last && !newAttempt && (last.exit === 'suspend' || last.terminated_at === null) && last.cmi !== '{}')
    return { row: last, entry: 'resume', resumed: true };
  if (last && last.cmi === '{}' && last.terminated_at === null)
    return { row: last, entry: 'ab-initio', resumed: false };
  const at = isoWithOffset(now);
  const id = randomUUID();
  db.run(sql`INSERT INTO scorm_attempts (id, learner_id, course_id, course_version, item, attempt, registration,
               started_at, updated_at)
             VALUES (${id}, ${key.learnerId}, ${key.courseId}, ${key.courseVersion}, ${key.item},
                     ${(last?.attempt ?? 0) + 1}, ${registration}, ${at}, ${at})`);
  return {
    row: db.get<AttemptRow>(sql`SELECT * FROM scorm_attempts WHERE id = ${id}`)!,
    entry: 'ab-initio',
    resumed: false,
  };
}

/** What a commit says, read from the CMI of either version. */
export interface CmiSummary {
  completion: 'completed' | 'incomplete' | 'not attempted' | 'unknown' | null;
  success: 'passed' | 'failed' | 'unknown' | null;
  /** -1…1 (2004 `score.scaled`, or 1.2 raw / max). */
  scoreScaled: number | null;
  scoreRaw: number | null;
  location: string | null;
  exit: string | null;
  suspendData: string;
  sessionTime: string | null;
  interactions: Interaction[];
}

export interface Interaction {
  id: string;
  type: string | null;
  response: string | null;
  result: string | null;
  description: string | null;
}

type Obj = Record<string, unknown>;
const obj = (v: unknown): Obj => (typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Obj) : {});
const str = (v: unknown): string | null =>
  typeof v === 'string' && v !== '' ? v : typeof v === 'number' ? String(v) : null;
const num = (v: unknown): number | null => {
  const s = str(v);
  if (s === null) return null;
  const n = Number(s);
  return Number.isFinite(n) ? n : null;
};

/** scorm-again keeps list elements as `{ childArray: [...] }` or plain arrays, or as objects keyed 0, 1, …. */
function list(v: unknown): Obj[] {
  if (Array.isArray(v)) return v.map(obj);
  const o = obj(v);
  if (Array.isArray(o.childArray)) return o.childArray.map(obj);
  return Object.keys(o)
    .filter((k) => /^\d+$/.test(k))
    .sort((a, b) => Number(a) - Number(b))
    .map((k) => obj(o[k]));
}

export function summarise(edition: '1.2' | '2004', cmi: Obj): CmiSummary {
  if (edition === '1.2') {
    const core = obj(cmi.core);
    const score = obj(core.score);
    const status = str(core.lesson_status);
    const raw = num(score.raw);
    const max = num(score.max) ?? 100;
    const min = num(score.min) ?? 0;
    return {
      completion:
        status === 'completed' || status === 'passed' || status === 'failed'
          ? 'completed'
          : status === 'incomplete' || status === 'browsed'
            ? 'incomplete'
            : status === 'not attempted'
              ? 'not attempted'
              : null,
      success: status === 'passed' ? 'passed' : status === 'failed' ? 'failed' : null,
      scoreScaled: raw === null || max === min ? null : Math.max(-1, Math.min(1, (raw - min) / (max - min))),
      scoreRaw: raw,
      location: str(core.lesson_location),
      exit: str(core.exit),
      suspendData: str(cmi.suspend_data) ?? '',
      sessionTime: str(core.session_time),
      interactions: list(cmi.interactions).map((i) => ({
        id: str(i.id) ?? '',
        type: str(i.type),
        response: str(i.student_response),
        result: str(i.result),
        description: null,
      })),
    };
  }
  const score = obj(cmi.score);
  const completion = str(cmi.completion_status);
  const success = str(cmi.success_status);
  return {
    completion:
      completion === 'completed' ||
      completion === 'incomplete' ||
      completion === 'not attempted' ||
      completion === 'unknown'
        ? completion
        : null,
    success: success === 'passed' || success === 'failed' || success === 'unknown' ? success : null,
    scoreScaled: num(score.scaled),
    scoreRaw: num(score.raw),
    location: str(cmi.location),
    exit: str(cmi.exit),
    suspendData: str(cmi.suspend_data) ?? '',
    sessionTime: str(cmi.session_time),
    interactions: list(cmi.interactions).map((i) => ({
      id: str(i.id) ?? '',
      type: str(i.type),
      response: str(i.learner_response),
      result: str(i.result),
      description: str(i.description),
    })),
  };
}

/** Fields the LMS owns: never taken from a commit, always set from the launch. */
export function withoutLearnerFields(edition: '1.2' | '2004', cmi: Obj): Obj {
  const copy: Obj = { ...cmi };
  if (edition === '1.2') {
    const core = { ...obj(copy.core) };
    delete core.student_id;
    delete core.student_name;
    copy.core = core;
  } else {
    delete copy.learner_id;
    delete copy.learner_name;
  }
  return copy;
}

/** Writes a commit's CMI into its attempt (the caller's transaction makes it durable with its statements). */
export function saveCommit(
  db: Db,
  attemptId: string,
  cmi: Obj,
  summary: CmiSummary,
  terminate: boolean,
  now: Date,
): void {
  const at = isoWithOffset(now);
  db.run(sql`UPDATE scorm_attempts SET cmi = ${JSON.stringify(cmi)}, completion = ${summary.completion},
               success = ${summary.success}, score_scaled = ${summary.scoreScaled}, location = ${summary.location},
               exit = ${summary.exit}, updated_at = ${at},
               recorded_interactions = MAX(recorded_interactions, ${summary.interactions.length}),
               recorded_success = COALESCE(${summary.success === 'passed' || summary.success === 'failed' ? summary.success : null}, recorded_success),
               terminated_at = CASE WHEN ${terminate ? 1 : 0} = 1 THEN ${at} ELSE terminated_at END,
               sessions = sessions + ${terminate ? 1 : 0}
             WHERE id = ${attemptId}`);
}
