import { isoWithOffset } from '../../clock';
import type { Services } from '../../context';
import {
  deleteDocument,
  readDocument,
  writeDocument,
  type DocumentAnswer,
  type DocumentScope,
} from './documents';
import { AU_LIMITS, type AuLaunch } from './runtime';
import {
  isLaunchAgent,
  launchActor,
  queryStatements,
  receiveStatements,
  type StatementRules,
} from './statements';

/** Where the local LRS answers on a launch's origin: the `endpoint` given to the content. */
export const LRS_PATH = '/_balai/xapi/';
export const XAPI_VERSION = '1.0.3';

const ORDER = ['1.0.3', '1.0.2', '1.0.1', '1.0.0'];

function respond(status: number, body?: unknown, extra: Record<string, string> = {}): Response {
  const headers: Record<string, string> = {
    'x-experience-api-version': XAPI_VERSION,
    'cache-control': 'no-store',
    ...extra,
  };
  if (body === undefined) return new Response(null, { status, headers });
  if (Buffer.isBuffer(body)) return new Response(new Uint8Array(body), { status, headers });
  headers['content-type'] ??= 'application/json; charset=utf-8';
  return new Response(JSON.stringify(body), { status, headers });
}

const refuse = (status: number, message: string, extra: Record<string, string> = {}) =>
  respond(status, { error: message }, extra);

function documentResponse(answer: DocumentAnswer): Response {
  if (answer.status === 204) return respond(204, undefined, answer.etag ? { etag: answer.etag } : {});
  if ('message' in answer) return refuse(answer.status, answer.message);
  if ('ids' in answer) return respond(200, answer.ids);
  return respond(200, answer.body, {
    'content-type': answer.contentType,
    etag: answer.etag,
    'last-modified': new Date(answer.updated).toUTCString(),
  });
}

/** Reads a body of at most the LRS's limit; null when it is longer. */
async function bodyOf(request: Request): Promise<Buffer | null> {
  const bytes = Buffer.from(await request.arrayBuffer());
  return bytes.length > AU_LIMITS.maxBodyBytes ? null : bytes;
}

function parseJson(bytes: Buffer): { ok: true; value: unknown } | { ok: false } {
  try {
    return { ok: true, value: JSON.parse(bytes.toString('utf8')) as unknown };
  } catch {
    return { ok: false };
  }
}

/**
 * The kiosk's xAPI 1.0.3 endpoint for one launch (Communication §2–3): Statements, State, Activity Profile,
 * Agent Profile, Activities, Agents, About. Served only on the launch's own origin, only with the launch's
 * credential, and only for its learner, activity and registration: anything else is refused (401/403), never
 * answered with another learner's data. `rules` are the standard's (cmi5) checks on statements.
 */
export async function handleLrsRequest(
  services: Services,
  launch: AuLaunch,
  request: Request,
  rules: StatementRules | null,
): Promise<Response> {
  const url = new URL(request.url);
  // Clients join the endpoint and the resource with a slash of their own: `…/xapi//statements` is the same.
  const resource = url.pathname.slice(LRS_PATH.length).replace(/^\/+/, '').replace(/\/$/, '');
  const method = request.method.toUpperCase();
  const p = url.searchParams;
  if (resource === 'about')
    return method === 'GET'
      ? respond(200, { version: ORDER, extensions: {} })
      : refuse(405, 'about answers GET only');
  if (request.headers.get('authorization') !== `Basic ${launch.auth}`)
    return refuse(401, 'this launch’s credential is required (Authorization: Basic …)');
  const version = request.headers.get('x-experience-api-version');
  if (!version || !/^1\.0(\.\d+)?$/.test(version.trim()))
    return refuse(400, 'X-Experience-API-Version 1.0.x is required');
  if (p.has('method')) return refuse(400, 'the alternate request syntax is not supported here');

  // The token speaks for one learner, one registration and one activity: any other is refused.
  const agentParam = p.get('agent');
  if (agentParam !== null) {
    let agent: unknown;
    try {
      agent = JSON.parse(agentParam);
    } catch {
      return refuse(400, 'agent is not JSON');
    }
    if (!isLaunchAgent(services, launch, agent)) return refuse(403, 'another learner’s data is not served');
  }
  const registration = p.get('registration');
  if (registration !== null && registration.toLowerCase() !== launch.registration)
    return refuse(403, 'another registration is not served');
  const activityParam = p.get('activityId') ?? p.get('activity');
  if (activityParam !== null && activityParam !== launch.activityId)
    return refuse(403, 'another activity is not served');

  switch (resource) {
    case 'statements':
      return statementsResource(services, launch, request, rules);
    case 'activities/state':
    case 'activities/profile':
    case 'agents/profile':
      return documentsResource(services, launch, request, resource);
    case 'activities':
      if (method !== 'GET') return refuse(405, 'activities answers GET only');
      if (activityParam === null) return refuse(400, 'activityId is required');
      return respond(200, { objectType: 'Activity', id: launch.activityId });
    case 'agents':
      if (method !== 'GET') return refuse(405, 'agents answers GET only');
      if (agentParam === null) return refuse(400, 'agent is required');
      return respond(200, { objectType: 'Person', account: [launchActor(services, launch).account] });
    default:
      return refuse(404, 'no such xAPI resource');
  }
}

async function statementsResource(
  services: Services,
  launch: AuLaunch,
  request: Request,
  rules: StatementRules | null,
): Promise<Response> {
  const method = request.method.toUpperCase();
  const p = new URL(request.url).searchParams;
  const consistent = { 'x-experience-api-consistent-through': isoWithOffset(services.clock.now()) };
  if (method === 'GET') {
    if (p.get('agent') === null && p.has('related_agents')) return refuse(400, 'related_agents needs agent');
    const statementId = p.get('statementId');
    const voidedStatementId = p.get('voidedStatementId');
    if (statementId !== null && voidedStatementId !== null)
      return refuse(400, 'statementId and voidedStatementId exclude each other');
    const single = statementId ?? voidedStatementId;
    if (single !== null) {
      const others = [...p.keys()].filter(
        (k) => !['statementId', 'voidedStatementId', 'format', 'attachments'].includes(k),
      );
      if (others.length > 0) return refuse(400, `statementId with ${others.join(', ')}`);
    }
    const format = p.get('format');
    if (format !== null && !['exact', 'ids', 'canonical'].includes(format))
      return refuse(400, 'format is exact, ids or canonical');
    if (p.get('attachments') === 'true') return refuse(400, 'attachments are not kept here');
    const limitText = p.get('limit') ?? '0';
    if (!/^\d+$/.test(limitText)) return refuse(400, 'limit is a number');
    const limit = Number(limitText) === 0 ? 100 : Math.min(100, Number(limitText));
    for (const key of ['since', 'until'])
      if (p.get(key) !== null && Number.isNaN(Date.parse(p.get(key)!)))
        return refuse(400, `${key} is not a timestamp`);
    const cursorText = p.get('cursor');
    const answer = queryStatements(services, launch, {
      statementId,
      voidedStatementId,
      verb: p.get('verb'),
      activity: p.get('activity'),
      relatedActivities: p.get('related_activities') === 'true',
      since: p.get('since'),
      until: p.get('until'),
      limit,
      ascending: p.get('ascending') === 'true',
      cursor: cursorText !== null && /^\d+$/.test(cursorText) ? Number(cursorText) : null,
    });
    if ('one' in answer)
      return answer.one ? respond(200, answer.one, consistent) : refuse(404, 'no such statement', consistent);
    let more = '';
    if (answer.more !== null) {
      const next = new URLSearchParams(p);
      next.set('cursor', String(answer.more));
      more = `${LRS_PATH}statements?${next.toString()}`;
    }
    return respond(200, { statements: answer.statements, more }, consistent);
  }
  if (method !== 'PUT' && method !== 'POST') return refuse(405, 'statements take GET, PUT and POST');
  if (!/application\/json/i.test(request.headers.get('content-type') ?? ''))
    return refuse(400, 'statements are sent as application/json');
  const bytes = await bodyOf(request);
  if (!bytes) return refuse(413, `a request of at most ${AU_LIMITS.maxBodyBytes} bytes`);
  const parsed = parseJson(bytes);
  if (!parsed.ok) return refuse(400, 'the body is not JSON');
  let putId: string | null = null;
  if (method === 'PUT') {
    putId = p.get('statementId');
    if (!putId) return refuse(400, 'PUT needs statementId');
    if (Array.isArray(parsed.value)) return refuse(400, 'PUT takes one statement');
  } else if (p.has('statementId')) return refuse(400, 'POST takes no statementId');
  const list = Array.isArray(parsed.value) ? (parsed.value as unknown[]) : [parsed.value];
  if (list.length > 500) return refuse(400, 'at most 500 statements in one request');
  const answer = receiveStatements(services, launch, list, rules, putId?.toLowerCase() ?? null);
  if (answer.status === 200) return respond(200, answer.ids);
  if (answer.status === 204) return respond(204);
  if (answer.status === 429)
    return refuse(429, answer.message, { 'retry-after': String(answer.retryAfter ?? 1) });
  if (answer.status === 403 || answer.status === 400)
    services.log.warn('local LRS refused statements', {
      course: launch.course.id,
      lesson: launch.lessonId,
      reason: answer.message,
    });
  return refuse(answer.status, answer.message);
}

async function documentsResource(
  services: Services,
  launch: AuLaunch,
  request: Request,
  resource: 'activities/state' | 'activities/profile' | 'agents/profile',
): Promise<Response> {
  const method = request.method.toUpperCase();
  const p = new URL(request.url).searchParams;
  const kind =
    resource === 'activities/state'
      ? 'state'
      : resource === 'activities/profile'
        ? 'activity-profile'
        : 'agent-profile';
  if ((kind === 'state' || kind === 'activity-profile') && p.get('activityId') === null)
    return refuse(400, 'activityId is required');
  if ((kind === 'state' || kind === 'agent-profile') && p.get('agent') === null)
    return refuse(400, 'agent is required');
  const scope: DocumentScope = {
    kind,
    learnerId: kind === 'activity-profile' ? '' : launch.learnerId,
    activityId: kind === 'agent-profile' ? '' : launch.activityId,
    registration: kind === 'state' && p.get('registration') !== null ? launch.registration : '',
  };
  const docId = p.get(kind === 'state' ? 'stateId' : 'profileId');
  if (docId !== null && (docId.length === 0 || docId.length > 500))
    return refuse(400, 'a document id of 1–500 characters');
  switch (method) {
    case 'GET':
      return documentResponse(readDocument(services, scope, docId, p.get('since')));
    case 'PUT':
    case 'POST': {
      if (docId === null) return refuse(400, `${kind === 'state' ? 'stateId' : 'profileId'} is required`);
      const taken = services.au.take(launch, 1);
      if (!taken.ok)
        return refuse(429, 'too many requests: slow down', { 'retry-after': String(taken.retryAfter) });
      const bytes = await bodyOf(request);
      if (!bytes) return refuse(413, `a document of at most ${AU_LIMITS.maxBodyBytes} bytes`);
      return documentResponse(
        writeDocument(
          services,
          scope,
          docId,
          method,
          bytes,
          request.headers.get('content-type') ?? '',
          request.headers,
        ),
      );
    }
    case 'DELETE':
      return documentResponse(deleteDocument(services, scope, docId, request.headers));
    default:
      return refuse(405, 'documents take GET, PUT, POST and DELETE');
  }
}
