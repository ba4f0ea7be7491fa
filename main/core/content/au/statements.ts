import xapiValidation from '@learninglocker/xapi-validation';
import { randomUUID } from 'node:crypto';
import { isoWithOffset } from '../../clock';
import type { Services } from '../../context';
import { sql } from '../../db/sql';
import { compareStatements } from '../../lrs/compare';
import { actorFor, kioskIri, VERBS } from '../../recorder/profile';
import type { ForeignStatement } from '../../recorder/recorder';
import type { AuLaunch } from './runtime';

type Validate = (statement: unknown) => { path: string[]; message: string }[];
// CommonJS with `exports.default`: imported natively, the function sits one level down.
const validate: Validate = (xapiValidation as unknown as { default?: Validate }).default ?? xapiValidation;

const VOIDED = 'http://adlnet.gov/expapi/verbs/voided';
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[1-8][0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/i;
const VERB_KEY = new Map<string, string>(Object.entries(VERBS).map(([key, v]) => [v.id, key]));

/** A standard's own rules for statements of its launches (cmi5's order, masteryScore, moveOn). */
export interface StatementRules {
  /** Why the statement breaks the rules, or null. Runs inside the transaction, before it is recorded. */
  check(services: Services, launch: AuLaunch, statement: Record<string, unknown>): string | null;
  /** What the LMS does once the statement is recorded (session facts, satisfied), in the same transaction. */
  after(services: Services, launch: AuLaunch, statement: Record<string, unknown>): void;
}

export type StatementsAnswer =
  | { status: 200; ids: string[] }
  | { status: 204 }
  | { status: 400 | 403 | 409 | 429; message: string; retryAfter?: number };

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

/** The one actor a launch speaks for: the launched learner's account on this kiosk. */
export function launchActor(services: Services, launch: AuLaunch) {
  return actorFor(deviceId(services), launch.learnerId);
}

function deviceId(services: Services): string {
  const row = services.db.get<{ device_id: string }>(sql`SELECT device_id FROM kiosk LIMIT 1`);
  if (!row) throw new Error('kiosk is not set up');
  return row.device_id;
}

/** True when `agent` is the launch's learner (by account; an mbox or another account is someone else). */
export function isLaunchAgent(services: Services, launch: AuLaunch, agent: unknown): boolean {
  if (!isObject(agent) || !isObject(agent.account)) return false;
  if (agent.objectType !== undefined && agent.objectType !== 'Agent') return false;
  if (['mbox', 'mbox_sha1sum', 'openid'].some((k) => agent[k] !== undefined)) return false;
  return agent.account.homePage === kioskIri(deviceId(services)) && agent.account.name === launch.learnerId;
}

/** Checks one statement the content sent; the reason and status when it is refused. */
function refusal(
  services: Services,
  launch: AuLaunch,
  s: unknown,
): { status: 400 | 403; message: string } | null {
  if (!isObject(s)) return { status: 400, message: 'a statement is a JSON object' };
  const problems = validate(s);
  if (problems.length > 0)
    return {
      status: 400,
      message: `not a valid xAPI statement: ${problems
        .slice(0, 3)
        .map((p) => `${p.path.join('.')}: ${p.message}`)
        .join('; ')}`,
    };
  if (s.id !== undefined && (typeof s.id !== 'string' || !UUID.test(s.id)))
    return { status: 400, message: 'id is not a UUID' };
  for (const key of ['stored', 'authority', 'attachments'])
    if (s[key] !== undefined) return { status: 400, message: `content may not send ${key}` };
  if (!isLaunchAgent(services, launch, s.actor))
    return { status: 403, message: 'a statement for another actor than the launched learner' };
  const context = isObject(s.context) ? s.context : {};
  if (context.registration !== undefined && context.registration !== launch.registration)
    return { status: 403, message: 'a statement for another registration than the launch' };
  if (isObject(s.object) && s.object.objectType === 'SubStatement') {
    const sub = s.object;
    if (sub.actor !== undefined && !isLaunchAgent(services, launch, sub.actor))
      return { status: 403, message: 'a sub-statement for another actor' };
  }
  return null;
}

/**
 * Statements from launched content (xAPI 1.0.3 Communication 2.1.1 PUT, 2.1.2 POST): each validated, its
 * actor and registration the launch's, the standard's rules checked; then stamped by the recorder (our actor,
 * profile and extensions) into the outbox, all of a request in one transaction, or none. A statement id
 * already stored answers as the spec says: the same statement again is a no-op, a different one 409.
 */
export function receiveStatements(
  services: Services,
  launch: AuLaunch,
  statements: unknown[],
  rules: StatementRules | null,
  putId: string | null,
): StatementsAnswer {
  if (statements.length === 0) return { status: 400, message: 'no statements' };
  const cap = services.au.limits.statementsPerLaunch;
  if (launch.statements + statements.length > cap)
    return { status: 403, message: `this launch may record at most ${cap} statements` };
  const taken = services.au.take(launch, statements.length);
  if (!taken.ok)
    return { status: 429, message: 'too many requests: slow down', retryAfter: taken.retryAfter };
  const seen = new Set<string>();
  for (const s of statements) {
    const refused = refusal(services, launch, s);
    if (refused) return refused;
    const id = (s as Json).id as string | undefined;
    if (putId !== null && id !== undefined && id.toLowerCase() !== putId.toLowerCase())
      return { status: 400, message: 'the statement id differs from statementId' };
    if (id) {
      if (seen.has(id.toLowerCase())) return { status: 400, message: `statement ${id} twice in one request` };
      seen.add(id.toLowerCase());
    }
  }
  return services.db.transaction((): StatementsAnswer => {
    const fresh: { received: Json; id: string }[] = [];
    const ids: string[] = [];
    for (const raw of statements as Json[]) {
      const id = ((raw.id as string | undefined) ?? putId ?? randomUUID()).toLowerCase();
      ids.push(id);
      const existing = services.db.get<{ learner_id: string; received: string }>(
        sql`SELECT learner_id, received FROM lrs_statements WHERE statement_id = ${id}`,
      );
      const inOutbox = services.db.get<{ seq: number }>(sql`SELECT seq FROM outbox WHERE id = ${id}`);
      if (existing && existing.learner_id === launch.learnerId) {
        if (compareStatements(JSON.parse(existing.received), { ...raw, id }).same) continue;
        return { status: 409, message: `statement ${id} exists and differs` };
      }
      if (existing || inOutbox) return { status: 409, message: `statement ${id} exists` };
      const received = { ...raw, id };
      const broken = rules?.check(services, launch, received) ?? voidingRefusal(services, launch, received);
      if (broken) return { status: 403, message: broken };
      fresh.push({ received, id });
    }
    const stored = isoWithOffset(services.clock.now());
    const items: ForeignStatement[] = fresh.map(({ received }) => ({
      learnerId: launch.learnerId,
      registration: launch.registration,
      verbKey: VERB_KEY.get((received.verb as Json).id as string) ?? ((received.verb as Json).id as string),
      statement: received,
    }));
    services.recorder.recordStatements(items, (recorded) => {
      recorded.forEach(({ seq, statement }, i) => {
        const received = fresh[i]!.received;
        indexStatement(services, launch.learnerId, launch.registration, seq, statement, received, stored);
        rules?.after(services, launch, statement);
      });
    });
    launch.statements += fresh.length;
    return putId !== null ? { status: 204 } : { status: 200, ids };
  });
}

/** A voiding statement may only void one of this learner's statements that is not itself voiding. */
function voidingRefusal(services: Services, launch: AuLaunch, s: Json): string | null {
  if ((s.verb as Json).id !== VOIDED) return null;
  const object = s.object as Json;
  if (object.objectType !== 'StatementRef') return 'voided takes a StatementRef';
  const target = services.db.get<{ verb: string; registration: string }>(
    sql`SELECT verb, registration FROM lrs_statements WHERE statement_id = ${String(object.id).toLowerCase()}
        AND learner_id = ${launch.learnerId}`,
  );
  if (!target || target.registration !== launch.registration) return 'no such statement to void';
  if (target.verb === VOIDED) return 'a voiding statement cannot be voided';
  return null;
}

/** Makes a recorded statement readable to this learner's launches in this registration (and voids its target). */
export function indexStatement(
  services: Services,
  learnerId: string,
  registration: string,
  seq: number,
  statement: Json,
  received: Json,
  stored: string,
): void {
  const verb = (statement.verb as Json).id as string;
  const object = statement.object as Json;
  services.db.run(sql`INSERT INTO lrs_statements (outbox_seq, statement_id, learner_id, registration, verb,
                        object_id, stored, received)
                      VALUES (${seq}, ${statement.id as string}, ${learnerId}, ${registration}, ${verb},
                        ${String(object.id)}, ${stored}, ${JSON.stringify(received)})`);
  if (verb === VOIDED)
    services.db
      .run(sql`UPDATE lrs_statements SET voided = 1 WHERE statement_id = ${String(object.id).toLowerCase()}
                        AND learner_id = ${learnerId}`);
}

export interface StatementQuery {
  statementId: string | null;
  voidedStatementId: string | null;
  verb: string | null;
  activity: string | null;
  relatedActivities: boolean;
  since: string | null;
  until: string | null;
  limit: number;
  ascending: boolean;
  cursor: number | null;
}

interface IndexedRow {
  outbox_seq: number;
  statement: string;
  stored: string;
  voided: number;
}

/** How a stored statement is read back: as recorded, with the LRS's `stored` and `authority`. */
function asRead(services: Services, row: IndexedRow): Json {
  return {
    ...(JSON.parse(row.statement) as Json),
    stored: row.stored,
    authority: {
      objectType: 'Agent',
      account: { homePage: kioskIri(deviceId(services)), name: 'balai-belajar-lrs' },
    },
  };
}

/**
 * GET statements (Communication 2.1.3): only the launched learner's, only in the launch's registration.
 * One by id (a voided one only as `voidedStatementId`), or a page of at most `limit` with `more`.
 */
export function queryStatements(
  services: Services,
  launch: AuLaunch,
  q: StatementQuery,
): { one: Json | null } | { statements: Json[]; more: number | null } {
  const base = sql`SELECT l.outbox_seq, o.statement, l.stored, l.voided FROM lrs_statements l
                   JOIN outbox o ON o.seq = l.outbox_seq
                   WHERE l.learner_id = ${launch.learnerId} AND l.registration = ${launch.registration}`;
  const single = q.statementId ?? q.voidedStatementId;
  if (single !== null) {
    const row = services.db.get<IndexedRow>(sql`${base} AND l.statement_id = ${single.toLowerCase()}`);
    if (!row || (row.voided === 1) !== (q.voidedStatementId !== null)) return { one: null };
    return { one: asRead(services, row) };
  }
  const since = q.since === null ? null : Date.parse(q.since);
  const until = q.until === null ? null : Date.parse(q.until);
  const rows = services.db
    .all<IndexedRow & { verb: string; object_id: string }>(
      sql`SELECT l.outbox_seq, o.statement, l.stored, l.voided, l.verb, l.object_id FROM lrs_statements l
          JOIN outbox o ON o.seq = l.outbox_seq
          WHERE l.learner_id = ${launch.learnerId} AND l.registration = ${launch.registration} AND l.voided = 0
          ORDER BY l.outbox_seq ${q.ascending ? sql`ASC` : sql`DESC`}`,
    )
    .filter((r) => q.verb === null || r.verb === q.verb)
    .filter((r) => q.activity === null || q.relatedActivities || r.object_id === q.activity)
    .filter((r) => since === null || Date.parse(r.stored) > since)
    .filter((r) => until === null || Date.parse(r.stored) <= until)
    .filter((r) => q.cursor === null || (q.ascending ? r.outbox_seq > q.cursor : r.outbox_seq < q.cursor));
  const page = rows.slice(0, q.limit);
  return {
    statements: page.map((r) => asRead(services, r)),
    more: rows.length > page.length ? page[page.length - 1]!.outbox_seq : null,
  };
}
