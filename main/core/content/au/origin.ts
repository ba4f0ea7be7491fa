import { join } from 'node:path';
import type { Services } from '../../context';
import { serveFile } from '../../files/serve';
import { scoCsp } from '../scorm/bridge';
import { storedSegment } from '../scorm/package';
import { handleLrsRequest, LRS_PATH, XAPI_VERSION } from './lrs';
import type { AuLaunch } from './runtime';
import type { StatementRules } from './statements';

/** The folder a wrapped package's files sit in, by content type. */
export const PACKAGE_ROOT = { cmi5: 'cmi5', xapi: 'xapi' } as const;

/** The cmi5 fetch URL's path on a launch's origin (POST, answers the LRS credential once). */
export const FETCH_PATH = '/_balai/fetch';

const json = (value: unknown, status = 200) =>
  new Response(JSON.stringify(value), {
    status,
    headers: { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' },
  });

/**
 * Everything a launch's origin answers for a cmi5 AU or a Tin Can package, in both shells: the local LRS under
 * `/_balai/xapi/`, cmi5's fetch URL, and the package's own files (HTTP Range), under the same CSP as a SCO.
 */
export async function handleAuRequest(
  services: Services,
  launch: AuLaunch,
  request: Request,
  frameAncestors: string,
  rules: StatementRules | null,
): Promise<Response> {
  const url = new URL(request.url);
  if (url.pathname.startsWith(LRS_PATH) || `${url.pathname}/` === LRS_PATH) {
    const response = await handleLrsRequest(services, launch, request, rules);
    return response;
  }
  if (url.pathname === FETCH_PATH) {
    if (launch.kind !== 'cmi5' || request.method !== 'POST')
      return json({ 'error-code': '3', 'error-text': 'the fetch URL takes POST' }, 405);
    // cmi5 8.2: the token is given once; a second request is an error (the AU may not pass it on).
    if (launch.fetched) return json({ 'error-code': '1', 'error-text': 'the token was already given' });
    launch.fetched = true;
    return json({ 'auth-token': launch.auth });
  }
  if (url.pathname.startsWith('/_balai/')) return new Response('not found', { status: 404 });
  let segments: string[];
  try {
    segments = url.pathname
      .split('/')
      .filter((s) => s !== '')
      .map((s) => storedSegment(decodeURIComponent(s)));
  } catch {
    return new Response('bad path', { status: 400 });
  }
  const headers = {
    'content-security-policy': scoCsp(frameAncestors),
    'cache-control': 'no-cache',
    'x-experience-api-version': XAPI_VERSION,
  };
  return serveFile(join(launch.course.dir, PACKAGE_ROOT[launch.kind]), segments.join('/'), request, {
    headers,
  });
}
