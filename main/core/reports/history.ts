import type { HistoryEvent } from '../../api/reports';
import type { Services } from '../context';
import { sql } from '../db/sql';
import { ACTIVITY_TYPES, EXTENSIONS, PROFILE_BASE } from '../recorder/profile';

/** The parts of a recorded statement the history reads (older and newer statements alike). */
interface StoredStatement {
  object: { id: string; definition: { type: string; name: Record<string, string> } };
  result?: { score?: { raw?: unknown; scaled?: unknown }; success?: unknown };
  context: { contextActivities?: { parent?: { id: string }[] }; extensions?: Record<string, unknown> };
}

const COURSE_PREFIX = `${PROFILE_BASE}/course/`;
const QUIZ_KINDS = new Set(['pre', 'post', 'practice']);
const TYPE_KEYS = new Map<string, HistoryEvent['activityType']>(
  Object.entries(ACTIVITY_TYPES).map(([key, id]) => [id, key as HistoryEvent['activityType']]),
);

/**
 * A learner's latest `limit` learning events from the outbox, oldest first. Ordered by the kiosk's sequence
 * number, not by timestamp: clocks lie after power cuts, the order of recording does not.
 */
export function learnerEvents(
  services: Services,
  learnerId: string,
  opts: { limit: number; includeAnswers: boolean },
): { events: HistoryEvent[]; truncated: boolean } {
  const rows = services.db.all<{ seq: number; recorded_at: string; verb: string; statement: string }>(
    sql`SELECT seq, recorded_at, verb, statement FROM outbox
        WHERE learner_id = ${learnerId} ${opts.includeAnswers ? sql`` : sql`AND verb != 'answered'`}
        ORDER BY seq DESC LIMIT ${opts.limit + 1}`,
  );
  const truncated = rows.length > opts.limit;
  const titles = new Map(services.courses.list().map((c) => [c.id, c.title]));
  const events = rows
    .slice(0, opts.limit)
    .reverse()
    .map((row) => toEvent(row, titles));
  return { events, truncated };
}

function toEvent(
  row: { seq: number; recorded_at: string; verb: string; statement: string },
  titles: Map<string, string>,
): HistoryEvent {
  const s = JSON.parse(row.statement) as StoredStatement;
  const names = Object.values(s.object.definition.name);
  const courseId = courseOf(s.object.id) ?? courseOf(s.context.contextActivities?.parent?.[0]?.id);
  const ext = s.context.extensions ?? {};
  const quizKind = ext[EXTENSIONS.quizKind];
  const score = s.result?.score;
  const success = s.result?.success;
  const certificateNumber = ext[EXTENSIONS.certificateNumber];
  return {
    seq: row.seq,
    at: row.recorded_at,
    verb: row.verb,
    activityType: TYPE_KEYS.get(s.object.definition.type) ?? 'other',
    activityName: s.object.definition.name['id-ID'] ?? names[0] ?? s.object.id,
    courseId,
    courseTitle: courseId ? (titles.get(courseId) ?? null) : null,
    quizKind:
      typeof quizKind === 'string' && QUIZ_KINDS.has(quizKind)
        ? (quizKind as HistoryEvent['quizKind'])
        : null,
    score:
      typeof score?.raw === 'number'
        ? score.raw
        : typeof score?.scaled === 'number'
          ? Math.round(score.scaled * 1000) / 10
          : null,
    success: typeof success === 'boolean' ? success : null,
    certificateNumber: typeof certificateNumber === 'string' ? certificateNumber : null,
  };
}

function courseOf(activityId: string | undefined): string | null {
  if (!activityId?.startsWith(COURSE_PREFIX)) return null;
  return activityId.slice(COURSE_PREFIX.length).split('/')[0] || null;
}
