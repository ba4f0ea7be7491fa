import type { Services } from '../../context';
import { sql } from '../../db/sql';
import type { AuLaunch } from '../au/runtime';
import type { StatementRules } from '../au/statements';
import { afterAuStatement } from './lms';
import { AU_DEFINED, CMI5, CMI5_VERBS } from './vocabulary';

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

interface SessionRow {
  initialized_at: string | null;
  terminated_at: string | null;
  abandoned_at: string | null;
}

/** What the registration has said so far, over all its sessions of this AU. */
function registrationFacts(services: Services, launch: AuLaunch) {
  return (
    services.db.get<{ completed: number; passed: number }>(
      sql`SELECT COALESCE(MAX(completed), 0) AS completed,
               COALESCE(MAX(CASE WHEN success = 'passed' THEN 1 ELSE 0 END), 0) AS passed
        FROM au_sessions WHERE learner_id = ${launch.learnerId} AND registration = ${launch.registration}
          AND lesson_id = ${launch.lessonId}`,
    ) ?? { completed: 0, passed: 0 }
  );
}

const scaledOf = (s: Json): number | undefined => {
  const result = isObject(s.result) ? s.result : {};
  const score = isObject(result.score) ? result.score : {};
  return typeof score.scaled === 'number' ? score.scaled : undefined;
};

/**
 * The LMS's checks on an AU's statements (cmi5 §9.3–9.5, §10): nothing before `initialized` or after
 * `terminated` in a session; cmi5 defined statements about the launched AU, in its session, with the cmi5
 * category; `completed` once per registration; `passed` at or above masteryScore and `failed` below it, and
 * neither once passed; `completed` and `passed` carry the moveOn category. A statement that breaks them is
 * refused (403) and recorded nowhere.
 */
export const cmi5Rules: StatementRules = {
  check(services, launch, s) {
    const verb = (s.verb as Json).id as string;
    const session = services.db.get<SessionRow>(
      sql`SELECT initialized_at, terminated_at, abandoned_at FROM au_sessions WHERE id = ${launch.sessionId}`,
    );
    if (!session) return 'no such cmi5 session';
    if (session.terminated_at || session.abandoned_at) return 'the session is over: nothing after terminated';
    const context = isObject(s.context) ? s.context : {};
    const extensions = isObject(context.extensions) ? context.extensions : {};
    const activities = isObject(context.contextActivities) ? context.contextActivities : {};
    const categories = Array.isArray(activities.category)
      ? (activities.category as unknown[]).map((c) => (isObject(c) ? c.id : undefined))
      : [];
    const defined = AU_DEFINED.has(verb) && categories.includes(CMI5.category);
    if (!session.initialized_at && verb !== CMI5_VERBS.initialized)
      return 'the AU sends initialized before any other statement';
    if (extensions[CMI5.sessionId] !== undefined && extensions[CMI5.sessionId] !== launch.sessionId)
      return 'a statement of another session';
    if (!AU_DEFINED.has(verb)) return null;
    if (!defined) return `${verb.split('/').pop()} is a cmi5 defined statement: it carries the cmi5 category`;
    if (!isObject(s.object) || s.object.id !== launch.activityId)
      return 'a cmi5 defined statement is about the launched AU';
    if (extensions[CMI5.sessionId] !== launch.sessionId)
      return 'a cmi5 defined statement carries its session id';
    const facts = registrationFacts(services, launch);
    const moveOn = categories.includes(CMI5.moveOnCategory);
    const mastery = launch.au.masteryScore;
    const scaled = scaledOf(s);
    switch (verb) {
      case CMI5_VERBS.initialized:
        return session.initialized_at ? 'initialized once per session' : null;
      case CMI5_VERBS.completed:
        if (facts.completed) return 'completed once per registration';
        return moveOn ? null : 'completed carries the moveOn category';
      case CMI5_VERBS.passed:
        if (facts.passed) return 'passed once per registration, and nothing after it';
        if (!moveOn) return 'passed carries the moveOn category';
        if (mastery !== undefined && (scaled === undefined || scaled < mastery))
          return `passed needs a scaled score of at least the masteryScore ${mastery}`;
        return null;
      case CMI5_VERBS.failed:
        if (facts.passed) return 'failed after passed';
        if (mastery !== undefined && (scaled === undefined || scaled >= mastery))
          return `failed needs a scaled score below the masteryScore ${mastery}`;
        return null;
      default:
        return null;
    }
  },
  after: (services, launch, s) => afterAuStatement(services, launch, s),
};
