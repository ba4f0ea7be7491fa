// Pure (no electron import): unit-tested under Node in tests/electron-logic.
import type { Services } from '../core/context';
import { handleContentRequest } from '../core/content/origin';
import { APP_HOST, APP_SCHEME } from './sender';

/**
 * The scheme SCOs run on in the Electron shell: one origin per launch, `balai-sco://<token>`, so a SCO is
 * cross-origin to `balai://app` (no access to the app's document, its IPC bridge or its storage) and no two
 * launches or learners share storage. Registered privileged as standard and secure (a real origin, so its
 * own XHR to `/_balai/commit` and media Range requests work), never `bypassCSP` (the SCO CSP applies), never
 * `corsEnabled` or `allowServiceWorkers`.
 */
export const SCO_SCHEME = 'balai-sco';
export const SCO_PRIVILEGES = {
  standard: true,
  secure: true,
  supportFetchAPI: true,
  stream: true,
} as const;

/** Who may frame a SCO's launcher: the app's own pages. */
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;

/** A launch's origin on the SCO scheme. */
export const scoOriginFor = (token: string): string => `${SCO_SCHEME}://${token}`;

/** The launch token of a `balai-sco://<token>/…` URL, or null (another scheme, a port, user info, a bad host). */
export function scoTokenOf(url: string): string | null {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return null;
  }
  if (parsed.protocol !== `${SCO_SCHEME}:` || parsed.port !== '' || parsed.username || parsed.password)
    return null;
  return /^[a-z2-7]{32}$/.test(parsed.hostname) ? parsed.hostname : null;
}

/**
 * What the SCO scheme answers for a request: the launch's files and bridge with the SCO CSP (the same
 * handler browser mode uses), or a refusal for a host that is not a launch token.
 */
export async function answerScoRequest(services: Services, request: Request): Promise<Response> {
  const token = scoTokenOf(request.url);
  if (!token) return new Response('not a SCO origin', { status: 421 });
  return handleContentRequest(services, token, request, APP_ORIGIN);
}

/**
 * Where a sub-frame may go: a SCO origin (the launcher and the package's pages), the app's own pages, or
 * about:blank (the launcher empties its frame on suspend). Anything else (the internet, file:, data:) is
 * stopped, whatever a SCO's script tries.
 */
export function isAllowedFrameUrl(url: string): boolean {
  if (url === 'about:blank') return true;
  if (scoTokenOf(url) !== null) return true;
  try {
    const parsed = new URL(url);
    return parsed.protocol === `${APP_SCHEME}:` && parsed.host === APP_HOST && !parsed.username;
  } catch {
    return false;
  }
}
