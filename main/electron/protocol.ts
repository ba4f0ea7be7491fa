import { protocol } from 'electron';
import type { Core } from '../core/app';
import { serveApp } from '../core/files/routes';
import type { Logger } from '../core/log';
import { APP_HOST, APP_SCHEME } from './sender';

/**
 * Registers `balai:` as a standard, secure scheme. Must run before `ready`, once. `stream` lets media
 * elements seek with Range requests; `bypassCSP` stays off so the CSP header from serveApp applies.
 */
export function registerAppScheme(): void {
  protocol.registerSchemesAsPrivileged([
    {
      scheme: APP_SCHEME,
      privileges: { standard: true, secure: true, supportFetchAPI: true, stream: true },
    },
  ]);
}

/**
 * Serves `balai://app/...` from the built UI and the installed courses, through the same code the HTTP
 * host uses (path checks, Range, CSP). Any other host is unknown.
 */
export function handleAppProtocol(core: Core, rendererDir: string, log: Logger): void {
  protocol.handle(APP_SCHEME, (request) => {
    try {
      const url = new URL(request.url);
      if (url.host !== APP_HOST) return new Response('unknown host', { status: 404 });
      return serveApp(core, rendererDir, url.pathname, request);
    } catch (error) {
      log.error('balai protocol failed', { url: request.url, error: String(error) });
      return new Response('internal error', { status: 500 });
    }
  });
}
