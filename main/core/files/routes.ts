import type { Core } from '../app';
import { requestedPath, servableContent } from './content';
import { serveFile } from './serve';

/** The Content-Security-Policy both shells send with the UI: nothing remote, no inline script, no plugins. */
export const CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data: blob:",
  "media-src 'self' blob:",
  "font-src 'self'",
  "connect-src 'self'",
  "worker-src 'self' blob:",
  // SCORM lessons play in a sandboxed frame on an origin of their own (main/host/sco-origin.ts).
  "frame-src 'self' http://*.localhost:*",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'self'",
].join('; ');

const CONTENT = /^\/content\/([a-z0-9][a-z0-9._-]{0,63})\/(\d+\.\d+\.\d+)\/(.+)$/;

/**
 * The URL space both shells serve: `/content/<course>/<version>/<file>` from the installed course's folder,
 * only for a file a lesson shows (servableContent: never the manifest with its answer keys, the signature or
 * lesson text; anything else is 404, as if absent), everything else from the built renderer (`/` is
 * index.html; the UI routes with the hash).
 */
export function serveApp(core: Core, rendererDir: string, pathname: string, request: Request): Response {
  const headers = { 'content-security-policy': CSP, 'cache-control': 'no-cache' };
  const content = CONTENT.exec(pathname);
  if (content) {
    const [, courseId, version, rest] = content;
    const { courses } = core.services;
    const course = courses.get(courseId!);
    if (!course || course.version !== version) return new Response('no such course version', { status: 404 });
    const path = requestedPath(rest!);
    if (!path || !servableContent(course, (file) => courses.readLesson(course, file)).has(path))
      return new Response('not a file any lesson shows', {
        status: 404,
        headers: { 'content-type': 'text/plain' },
      });
    return serveFile(course.dir, rest!, request, { headers });
  }
  if (pathname.startsWith('/content/')) return new Response('bad content path', { status: 400 });
  const path = pathname === '/' || pathname === '' ? 'index.html' : pathname.slice(1);
  return serveFile(rendererDir, path, request, { headers });
}
