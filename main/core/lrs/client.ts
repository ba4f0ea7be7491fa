import { z } from 'zod';
import type { LrsConnection } from './settings';
import type { UploadErrorCode } from './store';
import { parseRetryAfter } from './backoff';

/**
 * The few xAPI 1.0.3 requests the uploader makes, each with a timeout, each answer classified. Nothing here
 * throws: a network error, a timeout or a strange answer is a `Failure` the uploader can act on.
 */

/** `fetch` as the uploader uses it; tests and the shells may pass their own. */
export type FetchFn = (url: string, init: RequestInit) => Promise<Response>;

export const XAPI_VERSION = '1.0.3';

export interface HttpOptions {
  fetch: FetchFn;
  timeoutMs: number;
  signal?: AbortSignal;
  /** For Retry-After given as a date. */
  now: () => Date;
}

/** Why a request did not give an answer the uploader can use. */
export interface Failure {
  code: UploadErrorCode;
  message: string;
  httpStatus: number | null;
  /** Worth trying again later (network, timeout, 5xx, 429…); false: the settings must change first. */
  transient: boolean;
  /** What the LRS asked for in Retry-After, in ms. */
  retryAfterMs: number | null;
}

export type PostAnswer =
  | { kind: 'stored' }
  | { kind: 'conflict'; status: number; body: string }
  | { kind: 'rejected'; status: number; body: string }
  | { kind: 'failed'; failure: Failure }
  | { kind: 'aborted' };

export type GetAnswer =
  | { kind: 'found'; statement: unknown }
  | { kind: 'missing' }
  | { kind: 'failed'; failure: Failure }
  | { kind: 'aborted' };

export type AboutAnswer =
  { kind: 'ok'; versions: string[] } | { kind: 'failed'; failure: Failure } | { kind: 'aborted' };

const MAX_ANSWER_BYTES = 2 * 1024 * 1024;

type Exchange =
  | { kind: 'answer'; status: number; headers: Headers; body: string }
  | { kind: 'failed'; failure: Failure }
  | { kind: 'aborted' };

function failure(
  code: UploadErrorCode,
  message: string,
  httpStatus: number | null = null,
  transient = true,
  retryAfterMs: number | null = null,
): Failure {
  return { code, message, httpStatus, transient, retryAfterMs };
}

/** Reads at most `max` bytes of the body as UTF-8 text (an answer larger than that is cut). */
async function readBody(res: Response, max: number): Promise<string> {
  if (!res.body) return '';
  // fetch's body is bytes; Node's DOM-less typings leave the chunk type open.
  const reader = (res.body as ReadableStream<Uint8Array>).getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    chunks.push(value);
    size += value.length;
    if (size > max) {
      await reader.cancel();
      break;
    }
  }
  return Buffer.concat(chunks).toString('utf8');
}

/** One request with the timeout and the caller's signal; the body read under the same deadline. */
async function exchange(
  url: string,
  init: RequestInit,
  http: HttpOptions,
  maxBytes = MAX_ANSWER_BYTES,
): Promise<Exchange> {
  if (http.signal?.aborted) return { kind: 'aborted' };
  const timeout = AbortSignal.timeout(http.timeoutMs);
  const signal = http.signal ? AbortSignal.any([http.signal, timeout]) : timeout;
  try {
    const res = await http.fetch(url, { ...init, signal, redirect: 'manual' });
    const body = await readBody(res, maxBytes);
    return { kind: 'answer', status: res.status, headers: res.headers, body };
  } catch (error) {
    if (http.signal?.aborted) return { kind: 'aborted' };
    if (timeout.aborted)
      return { kind: 'failed', failure: failure('timeout', `no answer within ${http.timeoutMs} ms`) };
    const cause = error instanceof Error && error.cause instanceof Error ? `: ${error.cause.message}` : '';
    const message = error instanceof Error ? error.message : String(error);
    return { kind: 'failed', failure: failure('unreachable', `${message}${cause}`.slice(0, 300)) };
  }
}

export const excerpt = (body: string, max = 500) => body.replace(/\s+/g, ' ').trim().slice(0, max);

/** What an answer that is not the one hoped for means for the uploader. */
function classify(status: number, headers: Headers, body: string, http: HttpOptions): Failure {
  const said = `HTTP ${status}${body ? `: ${excerpt(body, 200)}` : ''}`;
  const retryAfter = parseRetryAfter(headers.get('retry-after'), http.now());
  if (status === 401 || status === 403 || status === 407)
    return failure('auth', `the LRS refused the key and secret (${said})`, status, false);
  if (status === 429)
    return failure('throttled', `the LRS asks to slow down (${said})`, status, true, retryAfter);
  if (status === 408 || status === 425)
    return failure('timeout', `the LRS timed out (${said})`, status, true);
  if (status >= 500) return failure('server_error', `the LRS failed (${said})`, status, true, retryAfter);
  if (status >= 300 && status < 400)
    // A hotspot's login page redirects too: worth trying again later, but say where it pointed.
    return failure('not_lrs', `redirected to ${headers.get('location') ?? '?'} (HTTP ${status})`, status);
  return failure('endpoint', `the endpoint does not take statements (${said})`, status, false);
}

const headersFor = (conn: LrsConnection, json: boolean): Record<string, string> => ({
  'X-Experience-API-Version': XAPI_VERSION,
  Authorization: conn.authorization,
  Accept: 'application/json',
  ...(json ? { 'Content-Type': 'application/json; charset=utf-8' } : {}),
});

const idsAnswer = z.array(z.string());

/**
 * POST a batch to `<endpoint>statements`. The body is the statements' JSON exactly as recorded, joined into
 * an array. Stored only when the LRS answers 200 with exactly our ids, in order: anything else (a hotspot's
 * login page answering 200, say) is not an acknowledgement.
 */
export async function postStatements(
  conn: LrsConnection,
  batch: readonly { id: string; json: string }[],
  http: HttpOptions,
): Promise<PostAnswer> {
  const body = `[${batch.map((s) => s.json).join(',')}]`;
  const res = await exchange(
    `${conn.endpoint}statements`,
    { method: 'POST', headers: headersFor(conn, true), body },
    http,
  );
  if (res.kind !== 'answer') return res;
  if (res.status === 200) {
    let ids: string[] | null = null;
    try {
      const parsed = idsAnswer.safeParse(JSON.parse(res.body));
      ids = parsed.success ? parsed.data : null;
    } catch {
      ids = null;
    }
    const same =
      ids !== null &&
      ids.length === batch.length &&
      ids.every((id, i) => id.toLowerCase() === batch[i]!.id.toLowerCase());
    if (same) return { kind: 'stored' };
    return {
      kind: 'failed',
      failure: failure('bad_response', `HTTP 200 but not the ids sent: ${excerpt(res.body, 200)}`, 200),
    };
  }
  if (res.status === 409) return { kind: 'conflict', status: 409, body: res.body };
  if (res.status === 400 || res.status === 413)
    return { kind: 'rejected', status: res.status, body: res.body };
  return { kind: 'failed', failure: classify(res.status, res.headers, res.body, http) };
}

/** GET the statement the LRS holds under `id` (voided ones too). */
export async function getStatement(conn: LrsConnection, id: string, http: HttpOptions): Promise<GetAnswer> {
  for (const param of ['statementId', 'voidedStatementId']) {
    const res = await exchange(
      `${conn.endpoint}statements?${param}=${encodeURIComponent(id)}`,
      { method: 'GET', headers: headersFor(conn, false) },
      http,
    );
    if (res.kind !== 'answer') return res;
    if (res.status === 404) continue;
    if (res.status !== 200)
      return { kind: 'failed', failure: classify(res.status, res.headers, res.body, http) };
    try {
      return { kind: 'found', statement: JSON.parse(res.body) as unknown };
    } catch {
      return { kind: 'failed', failure: failure('bad_response', 'the stored statement is not JSON', 200) };
    }
  }
  return { kind: 'missing' };
}

const aboutAnswer = z.object({ version: z.array(z.string()) });

/**
 * Is the LRS there? A real request (`GET <endpoint>about`), not the operating system's idea of being
 * online: a hotspot without credit or its login page answers too, but not as an xAPI LRS.
 */
export async function checkAbout(conn: LrsConnection, http: HttpOptions): Promise<AboutAnswer> {
  const res = await exchange(
    `${conn.endpoint}about`,
    { method: 'GET', headers: headersFor(conn, false) },
    http,
  );
  if (res.kind !== 'answer') return res;
  if (res.status !== 200) {
    const f = classify(res.status, res.headers, res.body, http);
    // Whatever answered there, it is not (yet) the LRS: try again later rather than give up.
    return {
      kind: 'failed',
      failure: f.code === 'endpoint' ? { ...f, code: 'not_lrs', transient: true } : f,
    };
  }
  let versions: string[] | null = null;
  try {
    const parsed = aboutAnswer.safeParse(JSON.parse(res.body));
    versions = parsed.success ? parsed.data.version : null;
  } catch {
    versions = null;
  }
  if (!versions?.some((v) => v.startsWith('1.0.')))
    return {
      kind: 'failed',
      failure: failure('not_lrs', `not an xAPI 1.0 LRS at this endpoint: ${excerpt(res.body, 200)}`, 200),
    };
  return { kind: 'ok', versions };
}

export type PageAnswer =
  | { kind: 'page'; statements: unknown[]; more: string | null; consistentThrough: string | null }
  | { kind: 'failed'; failure: Failure }
  | { kind: 'aborted' };

/** A page of statements is larger than the uploader's answers: up to this many bytes. */
const MAX_PAGE_BYTES = 32 * 1024 * 1024;
const pageAnswer = z.object({ statements: z.array(z.unknown()), more: z.string().max(4000).optional() });

/**
 * GET one page of a StatementResult (`url` is `<endpoint>statements?…` or a `more` link the caller resolved
 * and checked): its statements, its `more` link (null: the last page) and the LRS's
 * X-Experience-API-Consistent-Through.
 */
export async function getStatementsPage(
  conn: LrsConnection,
  url: string,
  http: HttpOptions,
): Promise<PageAnswer> {
  const res = await exchange(url, { method: 'GET', headers: headersFor(conn, false) }, http, MAX_PAGE_BYTES);
  if (res.kind !== 'answer') return res;
  if (res.status !== 200)
    return { kind: 'failed', failure: classify(res.status, res.headers, res.body, http) };
  let parsed: ReturnType<typeof pageAnswer.safeParse> | null = null;
  try {
    parsed = pageAnswer.safeParse(JSON.parse(res.body));
  } catch {
    parsed = null;
  }
  if (!parsed?.success)
    return {
      kind: 'failed',
      failure: failure('bad_response', `not a StatementResult: ${excerpt(res.body, 200)}`, 200),
    };
  return {
    kind: 'page',
    statements: parsed.data.statements,
    more: parsed.data.more ? parsed.data.more : null,
    consistentThrough: res.headers.get('x-experience-api-consistent-through'),
  };
}
