import { randomUUID } from 'node:crypto';
import { isoWithOffset } from '../../clock';
import type { Services } from '../../context';
import type { InstalledCourse } from '../../courses/store';
import type { Lesson } from '../../courses/manifest';
import { sql } from '../../db/sql';
import { ACTIVITY_TYPES } from '../../recorder/profile';
import { recordContentAssessment } from '../assessment';
import { putDocument } from '../au/documents';
import type { AuLaunch } from '../au/runtime';
import type { AuLesson } from '../au/schema';
import { indexStatement } from '../au/statements';
import { CMI5, CMI5_VERBS } from './vocabulary';

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Who and what an LMS statement is about. */
interface LmsTarget {
  learnerId: string;
  registration: string;
  course: InstalledCourse;
  sessionId: string;
}

const activity = (id: string, type: string, name: string) => ({
  objectType: 'Activity',
  id,
  definition: { type, name: { 'id-ID': name } },
});

const cmi5Category = { objectType: 'Activity', id: CMI5.category };

/** Records statements of the LMS itself (cmi5 defined, with the session id) and makes them readable to the AU. */
function recordLms(services: Services, target: LmsTarget, statements: Json[]): void {
  const stored = isoWithOffset(services.clock.now());
  services.recorder.recordStatements(
    statements.map((statement) => ({
      learnerId: target.learnerId,
      registration: target.registration,
      verbKey: ((statement.verb as Json).id as string).split('/').pop()!,
      statement: { id: randomUUID(), ...statement },
    })),
    (recorded) => {
      for (const { seq, statement } of recorded)
        indexStatement(services, target.learnerId, target.registration, seq, statement, statement, stored);
    },
  );
}

function lmsContext(target: LmsTarget, extensions: Json = {}, grouping?: string) {
  return {
    contextActivities: {
      category: [cmi5Category],
      ...(grouping ? { grouping: [{ objectType: 'Activity', id: grouping }] } : {}),
    },
    extensions: { [CMI5.sessionId]: target.sessionId, ...extensions },
  };
}

const verb = (id: string) => ({ id, display: { 'en-US': id.split('/').pop()! } });

/** The AUs of the course with their lesson and module. */
function ausOf(course: InstalledCourse): { lesson: Lesson & { au: AuLesson }; module: string }[] {
  return course.manifest.modules.flatMap((m) =>
    m.lessons.flatMap((l) => (l.au ? [{ lesson: l as Lesson & { au: AuLesson }, module: m.id }] : [])),
  );
}

/**
 * Before an AU opens (cmi5 §8.1, §10): the session row, `LMS.LaunchData` in the State API, and the LMS's
 * `launched` statement; AUs whose moveOn is NotApplicable are `waived` the first time (they never block the
 * course). All in one transaction with the course registration.
 */
export function prepareCmi5Launch(
  services: Services,
  target: LmsTarget & { lessonId: string; activityId: string; au: AuLesson; launchUrl: string },
): void {
  const now = isoWithOffset(services.clock.now());
  services.db
    .run(sql`INSERT INTO au_sessions (id, learner_id, course_id, course_version, lesson_id, registration,
                        launched_at)
                      VALUES (${target.sessionId}, ${target.learnerId}, ${target.course.id}, ${target.course.version},
                        ${target.lessonId}, ${target.registration}, ${now})`);
  putDocument(
    services,
    {
      kind: 'state',
      learnerId: target.learnerId,
      activityId: target.activityId,
      registration: target.registration,
    },
    CMI5.launchData,
    {
      contextTemplate: {
        contextActivities: { grouping: [{ objectType: 'Activity', id: target.au.activityId }] },
        extensions: { [CMI5.sessionId]: target.sessionId },
      },
      launchMode: 'Normal',
      launchMethod: target.au.launchMethod ?? 'AnyWindow',
      moveOn: target.au.moveOn ?? 'NotApplicable',
      ...(target.au.masteryScore !== undefined ? { masteryScore: target.au.masteryScore } : {}),
      ...(target.au.launchParameters !== undefined ? { launchParameters: target.au.launchParameters } : {}),
    },
  );
  const title =
    ausOf(target.course).find((a) => a.lesson.id === target.lessonId)?.lesson.title ?? target.lessonId;
  recordLms(services, target, [
    {
      verb: verb(CMI5_VERBS.launched),
      object: activity(target.activityId, ACTIVITY_TYPES.lesson, title),
      context: lmsContext(
        target,
        {
          [CMI5.launchMode]: 'Normal',
          [CMI5.launchUrl]: target.launchUrl,
          [CMI5.moveOn]: target.au.moveOn ?? 'NotApplicable',
          ...(target.au.launchParameters !== undefined
            ? { [CMI5.launchParameters]: target.au.launchParameters }
            : {}),
        },
        target.au.activityId,
      ),
    },
  ]);
  // NotApplicable AUs count as satisfied: say so once, then see whether blocks are satisfied by that alone.
  const waived = ausOf(target.course).filter(
    (a) =>
      (a.lesson.au.moveOn ?? 'NotApplicable') === 'NotApplicable' &&
      !isSatisfied(services, target, a.lesson.id),
  );
  for (const a of waived) {
    markSatisfied(services, target, a.lesson.id, 'waived');
    recordLms(services, target, [
      {
        verb: verb(CMI5_VERBS.waived),
        object: activity(lmsAuId(target.course, a.lesson.id), ACTIVITY_TYPES.lesson, a.lesson.title),
        result: { success: true, completion: true, extensions: { [CMI5.reason]: 'Administrative' } },
        context: lmsContext(target, {}, a.lesson.au.activityId),
      },
    ]);
  }
  if (waived.length > 0) satisfyBlocks(services, target);
}

/** The LMS's activity id of an AU: its lesson in Balai Belajar's profile (unique per course and AU). */
export function lmsAuId(course: InstalledCourse, lessonId: string): string {
  return `https://w3id.org/balai-belajar/xapi/course/${course.id}/lesson/${lessonId}`;
}

function isSatisfied(services: Services, t: LmsTarget, object: string): boolean {
  return !!services.db.get(
    sql`SELECT 1 AS x FROM au_satisfied WHERE learner_id = ${t.learnerId} AND registration = ${t.registration}
        AND object = ${object}`,
  );
}

function markSatisfied(services: Services, t: LmsTarget, object: string, how: 'satisfied' | 'waived'): void {
  services.db.run(sql`INSERT OR IGNORE INTO au_satisfied (learner_id, registration, object, how, at)
                      VALUES (${t.learnerId}, ${t.registration}, ${object}, ${how}, ${isoWithOffset(services.clock.now())})`);
}

/** A block is satisfied when all its AUs are, the course when all its AUs are (cmi5 §10): `satisfied` once each. */
function satisfyBlocks(services: Services, t: LmsTarget): void {
  const aus = ausOf(t.course);
  const content = t.course.manifest.content;
  const blocks = content?.type === 'cmi5' ? content.blocks : [];
  const courseIri = content?.type === 'cmi5' ? content.courseIri : '';
  const done = (lessonId: string) => isSatisfied(services, t, lessonId);
  for (const block of blocks) {
    const inBlock = aus.filter((a) => a.module === block.module);
    if (
      inBlock.length === 0 ||
      isSatisfied(services, t, `block:${block.module}`) ||
      !inBlock.every((a) => done(a.lesson.id))
    )
      continue;
    markSatisfied(services, t, `block:${block.module}`, 'satisfied');
    const title = t.course.manifest.modules.find((m) => m.id === block.module)?.title ?? block.module;
    recordLms(services, t, [
      {
        verb: verb(CMI5_VERBS.satisfied),
        object: activity(block.iri, CMI5.blockType, title),
        context: lmsContext(t, {}, courseIri),
      },
    ]);
  }
  if (!isSatisfied(services, t, '') && aus.every((a) => done(a.lesson.id))) {
    markSatisfied(services, t, '', 'satisfied');
    recordLms(services, t, [
      {
        verb: verb(CMI5_VERBS.satisfied),
        object: activity(courseIri, CMI5.courseType, t.course.title),
        context: lmsContext(t, {}, courseIri),
      },
    ]);
  }
}

/** Whether what the registration's sessions said of an AU meets its moveOn. */
function meetsMoveOn(services: Services, launch: AuLaunch): boolean {
  const facts = services.db.get<{ completed: number; passed: number }>(
    sql`SELECT COALESCE(MAX(completed), 0) AS completed,
               COALESCE(MAX(CASE WHEN success = 'passed' THEN 1 ELSE 0 END), 0) AS passed
        FROM au_sessions WHERE learner_id = ${launch.learnerId} AND registration = ${launch.registration}
          AND lesson_id = ${launch.lessonId}`,
  ) ?? { completed: 0, passed: 0 };
  switch (launch.au.moveOn ?? 'NotApplicable') {
    case 'Passed':
      return facts.passed === 1;
    case 'Completed':
      return facts.completed === 1;
    case 'CompletedAndPassed':
      return facts.completed === 1 && facts.passed === 1;
    case 'CompletedOrPassed':
      return facts.completed === 1 || facts.passed === 1;
    case 'NotApplicable':
      return true;
  }
}

/**
 * After an AU's statement is recorded (same transaction): the session's facts; the lesson completed and
 * blocks and course satisfied once moveOn is met; a scored pretest or posttest AU into the results.
 */
export function afterAuStatement(services: Services, launch: AuLaunch, s: Json): void {
  const id = (s.verb as Json).id as string;
  const now = isoWithOffset(services.clock.now());
  const result = isObject(s.result) ? s.result : {};
  const score =
    isObject(result.score) && typeof result.score.scaled === 'number' ? result.score.scaled : null;
  const session = launch.sessionId;
  switch (id) {
    case CMI5_VERBS.initialized:
      services.db.run(sql`UPDATE au_sessions SET initialized_at = ${now} WHERE id = ${session}`);
      return;
    case CMI5_VERBS.terminated:
      services.db.run(sql`UPDATE au_sessions SET terminated_at = ${now} WHERE id = ${session}`);
      return;
    case CMI5_VERBS.completed:
      services.db.run(sql`UPDATE au_sessions SET completed = 1 WHERE id = ${session}`);
      break;
    case CMI5_VERBS.passed:
    case CMI5_VERBS.failed:
      services.db.run(sql`UPDATE au_sessions SET success = ${id === CMI5_VERBS.passed ? 'passed' : 'failed'},
                            score_scaled = ${score} WHERE id = ${session}`);
      if (launch.au.assessment && score !== null)
        recordContentAssessment(services.db, {
          learnerId: launch.learnerId,
          courseId: launch.course.id,
          courseVersion: launch.course.version,
          lessonId: launch.lessonId,
          kind: launch.au.assessment,
          scaled: score,
          passed: id === CMI5_VERBS.passed,
          at: now,
        });
      break;
    default:
      return;
  }
  const target = {
    learnerId: launch.learnerId,
    registration: launch.registration,
    course: launch.course,
    sessionId: session,
  };
  if (!isSatisfied(services, target, launch.lessonId) && meetsMoveOn(services, launch)) {
    markSatisfied(services, target, launch.lessonId, 'satisfied');
    completeLesson(services, launch.learnerId, launch.course.id, launch.lessonId);
    satisfyBlocks(services, target);
  }
}

/** The lesson shows as done in the learner's outline. */
export function completeLesson(
  services: Services,
  learnerId: string,
  courseId: string,
  lessonId: string,
): void {
  const at = isoWithOffset(services.clock.now());
  services.db
    .run(sql`INSERT INTO lesson_progress (learner_id, course_id, lesson_id, status, position, updated_at, completed_at)
    VALUES (${learnerId}, ${courseId}, ${lessonId}, 'completed', 0, ${at}, ${at})
    ON CONFLICT (learner_id, course_id, lesson_id) DO UPDATE SET status = 'completed', updated_at = excluded.updated_at,
      completed_at = COALESCE(completed_at, excluded.completed_at)`);
}

/**
 * Sessions of the learner left without `terminated` (the window closed, the power went, a logout) become
 * `abandoned` (cmi5 §9.5.5.2), with the time from launch to the session's last statement; called at login
 * and before a launch. Sessions still open in this login are left alone.
 */
export function abandonStale(services: Services, learnerId: string, open: ReadonlySet<string>): number {
  const rows = services.db.all<{
    id: string;
    course_id: string;
    lesson_id: string;
    registration: string;
    launched_at: string;
  }>(
    sql`SELECT id, course_id, lesson_id, registration, launched_at FROM au_sessions
        WHERE learner_id = ${learnerId} AND terminated_at IS NULL AND abandoned_at IS NULL`,
  );
  let count = 0;
  for (const row of rows) {
    if (open.has(row.id)) continue;
    const course = services.courses.get(row.course_id);
    const last = services.db.get<{ stored: string | null }>(
      sql`SELECT MAX(l.stored) AS stored FROM lrs_statements l JOIN outbox o ON o.seq = l.outbox_seq
          WHERE l.learner_id = ${learnerId} AND l.registration = ${row.registration}
            AND json_extract(o.statement, ${`$.context.extensions."${CMI5.sessionId}"`}) = ${row.id}`,
    );
    const seconds = Math.max(
      0,
      Math.round((Date.parse(last?.stored ?? row.launched_at) - Date.parse(row.launched_at)) / 1000),
    );
    services.db.transaction(() => {
      services.db.run(
        sql`UPDATE au_sessions SET abandoned_at = ${isoWithOffset(services.clock.now())} WHERE id = ${row.id}`,
      );
      if (!course) return;
      const au = ausOf(course).find((a) => a.lesson.id === row.lesson_id);
      const target = { learnerId, registration: row.registration, course, sessionId: row.id };
      recordLms(services, target, [
        {
          verb: verb(CMI5_VERBS.abandoned),
          object: activity(
            lmsAuId(course, row.lesson_id),
            ACTIVITY_TYPES.lesson,
            au?.lesson.title ?? row.lesson_id,
          ),
          result: { duration: `PT${seconds}S` },
          context: lmsContext(target, {}, au?.lesson.au.activityId),
        },
      ]);
    });
    count++;
  }
  return count;
}
