import { z } from 'zod';
import { ACTIVITY_TYPES, activityIds, EXTENSIONS } from '../../recorder/profile';
import type { LearningEvent } from '../../recorder/recorder';
import { PROGRESS_DEBOUNCE_MS, type H5pLaunch } from './runtime';

/** H5P's extension naming the sub-content a statement is about (absent: the activity itself). */
const SUB_CONTENT = 'http://h5p.org/x-api/h5p-subContentId';

const score = z
  .looseObject({
    scaled: z.number().min(-1).max(1).optional(),
    raw: z.number().optional(),
    min: z.number().optional(),
    max: z.number().optional(),
  })
  .optional();

/**
 * What the kiosk reads of a statement H5P made in the content frame. Nothing else of it is kept: the actor,
 * the context, the timestamp and the ids are the kiosk's own (the content cannot speak for anyone else).
 */
export const h5pStatementSchema = z.looseObject({
  verb: z.looseObject({ id: z.string().max(500) }),
  object: z.looseObject({
    id: z.string().max(2000),
    definition: z
      .looseObject({
        name: z.record(z.string(), z.string()).optional(),
        description: z.record(z.string(), z.string()).optional(),
        extensions: z.record(z.string(), z.unknown()).optional(),
      })
      .optional(),
  }),
  result: z
    .looseObject({
      score,
      success: z.boolean().optional(),
      completion: z.boolean().optional(),
      response: z.string().optional(),
    })
    .optional(),
});
export type H5pStatement = z.output<typeof h5pStatementSchema>;

const verbName = (id: string) => id.slice(id.lastIndexOf('/') + 1);
const PROGRESS = new Set(['progressed', 'interacted', 'attempted', 'experienced']);

/** A score as our statements carry it: scaled 0..1 (from raw/max when H5P gives no scaled), raw, min, max. */
export function scoreOf(
  result: H5pStatement['result'],
): { scaled: number; raw?: number; min?: number; max?: number } | null {
  const s = result?.score;
  if (!s) return null;
  let scaled = s.scaled;
  if (scaled === undefined && s.raw !== undefined && s.max !== undefined && s.max > 0) scaled = s.raw / s.max;
  if (scaled === undefined || !Number.isFinite(scaled)) return null;
  scaled = Math.round(Math.min(1, Math.max(0, scaled)) * 10_000) / 10_000;
  const out: { scaled: number; raw?: number; min?: number; max?: number } = { scaled };
  if (s.max !== undefined && s.raw !== undefined && s.raw >= (s.min ?? 0) && s.raw <= s.max) {
    out.raw = s.raw;
    out.min = s.min ?? 0;
    out.max = s.max;
  }
  return out;
}

function lessonObject(launch: H5pLaunch) {
  return {
    id: activityIds.lesson(launch.course.id, launch.lessonId),
    type: ACTIVITY_TYPES.lesson,
    name: launch.title,
  };
}

export function extensionsOf(launch: H5pLaunch): Record<string, unknown> {
  return {
    [EXTENSIONS.courseVersion]: launch.course.version,
    ...(launch.lesson.assessment ? { [EXTENSIONS.quizKind]: launch.lesson.assessment } : {}),
  };
}

/** At launch: the course's `launched` the first time (enrol's), then `initialized` or `resumed`. */
export function launchEvents(
  launch: H5pLaunch,
  launched: LearningEvent[],
  resumed: boolean,
): LearningEvent[] {
  return [
    ...launched,
    {
      learnerId: launch.learnerId,
      verb: resumed ? 'resumed' : 'initialized',
      registration: launch.registration,
      object: lessonObject(launch),
      parents: [{ id: activityIds.course(launch.course.id), type: ACTIVITY_TYPES.course }],
      extensions: extensionsOf(launch),
    },
  ];
}

/** What one H5P statement becomes: our statement (or none), and the activity's final score when it is one. */
export interface Mapped {
  event: LearningEvent | null;
  final: { scaled: number; passed: boolean } | null;
}

/**
 * Maps an H5P statement onto the profile (docs/xapi-profile.md, "H5P activities"):
 * - the activity's own `completed` or `answered` with a score is its final result: our `passed`/`failed`
 *   with the score on the lesson (success from the lesson's pass mark, not the content's say);
 * - a sub-content's `answered` or `completed` (a question of a Question Set, a slide's quiz) is an
 *   `answered` of that question, with its score and response;
 * - `progressed`, `interacted`, `attempted`, `experienced` are one `progressed` on the lesson at most every
 *   PROGRESS_DEBOUNCE_MS per launch;
 * - anything else (played, paused, seeked, H5P's own verbs) is dropped.
 */
export function mapStatement(launch: H5pLaunch, statement: H5pStatement, nowMs: number): Mapped {
  const verb = verbName(statement.verb.id);
  const sub = statement.object.definition?.extensions?.[SUB_CONTENT];
  const base = {
    learnerId: launch.learnerId,
    registration: launch.registration,
    extensions: extensionsOf(launch),
  };
  const parents = [{ id: activityIds.course(launch.course.id), type: ACTIVITY_TYPES.course }];
  const s = scoreOf(statement.result);
  if (sub === undefined && (verb === 'completed' || verb === 'answered') && s) {
    const passed = s.scaled >= launch.lesson.passingScaled;
    return {
      event: {
        ...base,
        verb: passed ? 'passed' : 'failed',
        object: lessonObject(launch),
        parents,
        result: { score: s, success: passed, completion: true },
      },
      final: { scaled: s.scaled, passed },
    };
  }
  if (sub !== undefined && (verb === 'answered' || verb === 'completed')) {
    const id = typeof sub === 'string' && /^[A-Za-z0-9-]{1,100}$/.test(sub) ? sub : 'sub';
    const name =
      Object.values(statement.object.definition?.name ?? {})[0] ??
      Object.values(statement.object.definition?.description ?? {})[0] ??
      id;
    return {
      event: {
        ...base,
        verb: 'answered',
        object: {
          id: `${activityIds.lesson(launch.course.id, launch.lessonId)}/h5p/${id}`,
          type: ACTIVITY_TYPES.question,
          name:
            name
              .replace(/<[^>]*>/g, '')
              .trim()
              .slice(0, 500) || id,
        },
        parents: [{ id: activityIds.lesson(launch.course.id, launch.lessonId), type: ACTIVITY_TYPES.lesson }],
        result: {
          ...(s ? { score: s } : {}),
          ...(statement.result?.success !== undefined ? { success: statement.result.success } : {}),
          ...(statement.result?.response !== undefined
            ? { response: statement.result.response.slice(0, 4000) }
            : {}),
        },
      },
      final: null,
    };
  }
  if (PROGRESS.has(verb) || (verb === 'completed' && !s)) {
    if (nowMs - launch.lastProgressAt < PROGRESS_DEBOUNCE_MS) return { event: null, final: null };
    launch.lastProgressAt = nowMs;
    return {
      event: { ...base, verb: 'progressed', object: lessonObject(launch), parents },
      final: null,
    };
  }
  return { event: null, final: null };
}
