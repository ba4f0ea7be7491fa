import { protocol } from 'electron';
import type { Core } from '../core/app';
import { serveApp } from '../core/files/routes';
import type { Logger } from '../core/log';
import { answerScoRequest, SCO_PRIVILEGES, SCO_SCHEME, scoOriginFor } from './sco-scheme';
import { APP_HOST, APP_SCHEME } from './sender';

/**
 * Registers `balai:` and the SCO scheme (`balai-sco:`, see sco-scheme.ts) as standard, secure schemes, in
 * one call (a second call would replace the first). Must run before `ready`, once. `stream` lets media
 * elements seek with Range requests; `bypassCSP` stays off so the CSP headers from the handlers apply.
 */
export function registerAppScheme(): void {
  protocol.registerSchemesAsPrivileged([
    {
      scheme: APP_SCHEME,
      privileges: { standard: true, secure: true, supportFetchAPI: true, stream: true },
    },
    { scheme: SCO_SCHEME, privileges: { ...SCO_PRIVILEGES } },
  ]);
}

/**
 * Serves launched content on `balai-sco://<token>/…`, one origin per launch, through the core's content
 * handler: SCOs (launcher, state and commit bridge), H5P activities (their bridge, the player, the shared
 * libraries) and cmi5 AUs / Tin Can packages (the local LRS), with the package's files (Range) and the CSP. No preload reaches these frames
 * (`nodeIntegrationInSubFrames` is off), and hardenApp's permission handlers deny them everything.
 */
export function handleScoProtocol(core: Core, log: Logger): void {
  core.services.scorm.serveOrigins(scoOriginFor);
  core.services.h5p.serveOrigins(scoOriginFor);
  core.services.au.serveOrigins(scoOriginFor);
  protocol.handle(SCO_SCHEME, async (request) => {
    try {
      return await answerScoRequest(core.services, request);
    } catch (error) {
      log.error('SCO protocol failed', { url: request.url.slice(0, 200), error: String(error) });
      return new Response('internal error', { status: 500 });
    }
  });
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
