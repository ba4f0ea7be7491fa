// Pure (no electron import): unit-tested under Node in tests/electron-logic.

/** The custom scheme the UI and course content are served from (never file://). */
export const APP_SCHEME = 'balai';
/** The only host the scheme answers for. */
export const APP_HOST = 'app';
/** Where the window starts. */
export const APP_ENTRY_URL = `${APP_SCHEME}://${APP_HOST}/index.html`;

/**
 * True when `url` is one of ours: scheme `balai:`, host exactly `app` (no port, no user info).
 * Parsed with `URL`, never compared by prefix: `balai://app.evil/` and `balai://app@evil/` must fail.
 */
export function isAppUrl(url: string | undefined | null): boolean {
  if (!url) return false;
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return false;
  }
  return (
    parsed.protocol === `${APP_SCHEME}:` &&
    parsed.host === APP_HOST &&
    parsed.username === '' &&
    parsed.password === ''
  );
}

/**
 * Whether an IPC call may reach the API: only the main frame of our window, showing our own page.
 * Subframes (course content, later H5P/SCORM) and any other origin are refused.
 */
export function isTrustedSender(url: string | undefined | null, isMainFrame: boolean): boolean {
  return isMainFrame && isAppUrl(url);
}
