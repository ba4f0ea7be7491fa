import { z } from 'zod';
import { ACTIVITY_TYPES, EXTENSIONS, PROFILE_BASE, VERBS, type VerbKey } from '../recorder/profile';

/**
 * What the hub's reports read from a statement (docs/xapi-profile.md), taken once at import into columns of
 * `hub_statements` beside the statement's own text, which stays exactly as recorded. A statement outside the
 * profile is still kept; its unknown parts are just null here.
 */
export interface StatementFacts {
  learnerId: string | null;
  verb: VerbKey | null;
  /** The course the statement is about: the object itself, or its parent course. */
  courseId: string | null;
  objectKind: ObjectKind | null;
  /** Lesson id, quiz id, question id or certificate number. */
  objectRef: string | null;
  quizKind: 'pre' | 'post' | 'practice' | null;
  /** The score in percent (0–100) of `passed`/`failed` and of a course's `completed` (see `percentOf`). */
  score: number | null;
  /** The kiosk's timestamp as an instant (ms since 1970), null when unreadable. */
  atMs: number | null;
}

export type ObjectKind = keyof typeof ACTIVITY_TYPES;

/** Only the parts the reports read; everything else passes through untouched (and is not copied). */
const statementSchema = z.object({
  actor: z.object({ account: z.object({ name: z.string().max(100) }) }).optional(),
  verb: z.object({ id: z.string().max(500) }),
  object: z.object({
    id: z.string().max(2000),
    definition: z.object({ type: z.string().max(500).optional() }).optional(),
  }),
  result: z
    .object({
      score: z
        .object({
          raw: z.number().optional(),
          scaled: z.number().min(-1).max(1).optional(),
          min: z.number().optional(),
          max: z.number().optional(),
        })
        .optional(),
    })
    .optional(),
  context: z
    .object({
      contextActivities: z
        .object({ parent: z.array(z.object({ id: z.string().max(2000) })).optional() })
        .optional(),
      extensions: z.record(z.string(), z.unknown()).optional(),
    })
    .optional(),
  timestamp: z.string().max(40).optional(),
});

const VERB_BY_IRI = new Map<string, VerbKey>(
  (Object.entries(VERBS) as [VerbKey, { id: string }][]).map(([key, verb]) => [verb.id, key]),
);
const KIND_BY_TYPE = new Map<string, ObjectKind>(
  (Object.entries(ACTIVITY_TYPES) as [ObjectKind, string][]).map(([kind, type]) => [type, kind]),
);
const COURSE_IRI = new RegExp(
  `^${PROFILE_BASE.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}/course/([^/]+)(?:/(?:lesson|quiz|question)/([^/]+))?$`,
);
const CERTIFICATE_PREFIX = `${PROFILE_BASE}/certificate/`;
type QuizKind = NonNullable<StatementFacts['quizKind']>;
const isQuizKind = (v: unknown): v is QuizKind => v === 'pre' || v === 'post' || v === 'practice';

const NONE: StatementFacts = {
  learnerId: null,
  verb: null,
  courseId: null,
  objectKind: null,
  objectRef: null,
  quizKind: null,
  score: null,
  atMs: null,
};

/**
 * A statement's score in percent: `raw` when it is on the 0–100 scale (the kiosk's quizzes say min 0, max
 * 100), else `scaled` × 100 (a SCO's raw is on its own scale, e.g. 8 of 10), else a bare `raw` within 0–100.
 */
function percentOf(score: { raw?: number; scaled?: number; min?: number; max?: number } | undefined) {
  if (!score) return null;
  const { raw, scaled, min, max } = score;
  if (raw !== undefined && (min ?? 0) === 0 && max === 100 && raw >= 0 && raw <= 100) return raw;
  if (scaled !== undefined) return Math.round(Math.max(0, scaled) * 10_000) / 100;
  return raw !== undefined && raw >= 0 && raw <= 100 ? raw : null;
}

/** The facts of one statement line (its JSON text as recorded). */
export function statementFacts(line: string): StatementFacts {
  let json: unknown;
  try {
    json = JSON.parse(line);
  } catch {
    return NONE;
  }
  const parsed = statementSchema.safeParse(json);
  if (!parsed.success) return NONE;
  const s = parsed.data;
  const own = COURSE_IRI.exec(s.object.id);
  const parent = s.context?.contextActivities?.parent?.[0]?.id;
  const parentCourse = parent ? COURSE_IRI.exec(parent) : null;
  const objectKind = KIND_BY_TYPE.get(s.object.definition?.type ?? '') ?? null;
  const quizKind = s.context?.extensions?.[EXTENSIONS.quizKind];
  const atMs = s.timestamp ? Date.parse(s.timestamp) : NaN;
  return {
    learnerId: s.actor?.account.name ?? null,
    verb: VERB_BY_IRI.get(s.verb.id) ?? null,
    courseId: own?.[1] ?? parentCourse?.[1] ?? null,
    objectKind,
    objectRef:
      own?.[2] ??
      (s.object.id.startsWith(CERTIFICATE_PREFIX) ? s.object.id.slice(CERTIFICATE_PREFIX.length) : null),
    quizKind: isQuizKind(quizKind) ? quizKind : null,
    score: percentOf(s.result?.score),
    atMs: Number.isNaN(atMs) ? null : atMs,
  };
}
