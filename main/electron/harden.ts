import { app, session, type WebContents } from 'electron';
import type { Logger } from '../core/log';
import { isAllowedFrameUrl } from './sco-scheme';
import { allowPermission } from './permissions';
import { isAppUrl } from './sender';

/**
 * App-wide guards from Electron's security checklist, for every web contents the app ever makes:
 * no new windows, no navigation or redirect away from balai://app (sub-frames: their SCO origin), no <webview>,
 * and every permission (notifications, geolocation, microphone, …) denied, the camera too except for the
 * app's enrolment screen while it is open (`allowPermission`, main/electron/permissions.ts).
 */
export function hardenApp(log: Logger): void {
  session.defaultSession.setPermissionRequestHandler((wc, permission, callback, details) => {
    const allowed = allowPermission({
      permission,
      mediaTypes: 'mediaTypes' in details ? details.mediaTypes : undefined,
      requestingUrl: details.requestingUrl,
      isMainFrame: details.isMainFrame,
      pageUrl: wc.getURL(),
    });
    if (!allowed) log.warn('permission request denied', { permission });
    callback(allowed);
  });
  session.defaultSession.setPermissionCheckHandler((wc, permission, _origin, details) =>
    allowPermission({
      permission,
      mediaTypes: details.mediaType ? [details.mediaType] : undefined,
      requestingUrl: details.requestingUrl,
      isMainFrame: details.isMainFrame,
      pageUrl: wc?.getURL(),
    }),
  );
  app.on('web-contents-created', (_event, contents) => guardContents(contents, log));
}

function guardContents(contents: WebContents, log: Logger): void {
  contents.setWindowOpenHandler(({ url }) => {
    log.warn('window.open denied', { url: url.slice(0, 200) });
    return { action: 'deny' };
  });
  const stayHome = (event: { preventDefault(): void }, url: string) => {
    if (isAppUrl(url)) return;
    event.preventDefault();
    log.warn('navigation denied', { url: url.slice(0, 200) });
  };
  contents.on('will-navigate', (event) => stayHome(event, event.url));
  contents.on('will-redirect', (event) => stayHome(event, event.url));
  // Sub-frames (a SCO and its launcher) stay on their SCO origin or the app's pages.
  contents.on('will-frame-navigate', (event) => {
    if (event.isMainFrame || isAllowedFrameUrl(event.url)) return;
    event.preventDefault();
    log.warn('frame navigation denied', { url: event.url.slice(0, 200) });
  });
  contents.on('will-attach-webview', (event) => {
    event.preventDefault();
    log.warn('webview denied');
  });
}
