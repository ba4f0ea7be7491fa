// Pure (no electron import): unit-tested under Node in tests/electron-logic.
import { isAppUrl } from './sender';

/** The operator's screens where an official is enrolled or edited: the only place the camera may open. */
const ENROLMENT_ROUTE =
  /^#\/operator\/learners\/(new|[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$/;

/** What Electron tells about a permission request or check, reduced to what the decision needs. */
export interface PermissionAsk {
  permission: string;
  /** For `media`: what is asked for (`video`, `audio`); empty or absent when Electron does not say. */
  mediaTypes?: readonly string[] | undefined;
  /** The frame that asks. */
  requestingUrl?: string | undefined;
  isMainFrame: boolean;
  /** The page the window shows now (its route is in the hash). */
  pageUrl?: string | undefined;
}

/**
 * Every permission is denied except one: the camera (video only, never the microphone) for the app's own
 * main frame while it shows the enrolment screen, where the operator takes an official's photo with their
 * consent. Content frames (courses, SCORM, H5P), other pages and other screens of the app never get it;
 * once the screen changes, the next ask is denied.
 */
export function allowPermission(ask: PermissionAsk): boolean {
  if (ask.permission !== 'media') return false;
  const types = ask.mediaTypes ?? [];
  if (types.length === 0 || types.some((t) => t !== 'video')) return false;
  if (!ask.isMainFrame || !isAppUrl(ask.requestingUrl) || !isAppUrl(ask.pageUrl)) return false;
  return ENROLMENT_ROUTE.test(new URL(ask.pageUrl!).hash);
}
