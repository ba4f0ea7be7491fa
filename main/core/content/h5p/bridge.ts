import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { isoWithOffset } from '../../clock';
import type { Services } from '../../context';
import { sql } from '../../db/sql';
import { serveFile } from '../../files/serve';
import { activityIds } from '../../recorder/profile';
import { recordContentAssessment } from '../assessment';
import { scoCsp } from '../scorm/bridge';
import { libraryStore } from './libraries';
import { H5P_ROOT } from './package';
import { MAX_STATEMENTS_PER_LAUNCH, type H5pLaunch } from './runtime';
import { MAX_USER_DATA_BYTES, preloadedUserData, readUserData, saveUserData, validKey } from './state';
import { h5pStatementSchema, mapStatement } from './tracking';

const require = createRequire(import.meta.url);
/** The bundled player (h5p-standalone's dist: main.bundle.js, frame.bundle.js, styles, fonts). */
const PLAYER_DIR = join(dirname(require.resolve('h5p-standalone/package.json')), 'dist');
/** Largest statement accepted from the content (H5P's are a few KiB). */
const MAX_STATEMENT_BYTES = 64 * 1024;

const json = (value: unknown, status = 200) =>
  new Response(JSON.stringify(value), {
    status,
    headers: { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' },
  });

/** What the launcher reads before it starts the player. */
function launchState(services: Services, launch: H5pLaunch) {
  const content = launch.course.manifest.content;
  return {
    contentId: launch.lessonId,
    title: launch.title,
    objectIri: activityIds.lesson(launch.course.id, launch.lessonId),
    userData: preloadedUserData(services.db, launch),
    remote: content?.type === 'h5p' && content.degradesOffline,
  };
}

/** H5P's contentUserData POST: `data`, `preload`, `invalidate`, form-encoded (jQuery's default). */
async function userData(services: Services, launch: H5pLaunch, request: Request, url: URL) {
  const subContentId = url.searchParams.get('subContentId');
  const dataType = url.searchParams.get('dataType');
  if (!validKey(subContentId) || !validKey(dataType))
    return json({ success: false, message: 'bad key' }, 400);
  if (request.method === 'GET')
    return json({ success: true, data: readUserData(services.db, launch, subContentId, dataType) ?? false });
  if (request.method !== 'POST') return json({ success: false }, 405);
  const text = await request.text();
  if (text.length > MAX_USER_DATA_BYTES) return json({ success: false, message: 'too large' }, 413);
  const form = new URLSearchParams(text);
  const data = form.get('data');
  if (data === null) return json({ success: false, message: 'no data' }, 400);
  saveUserData(
    services.db,
    services.clock,
    launch,
    { subContentId, dataType },
    data,
    form.get('preload') === '1',
  );
  return json({ success: true });
}

/** A statement from H5P's externalDispatcher, mapped onto our profile and recorded (or dropped). */
async function statement(services: Services, launch: H5pLaunch, request: Request) {
  if (request.method !== 'POST') return json({ ok: false }, 405);
  const text = await request.text();
  if (text.length > MAX_STATEMENT_BYTES) return json({ ok: false, reason: 'too large' }, 413);
  if (launch.statements >= MAX_STATEMENTS_PER_LAUNCH) return json({ ok: false, reason: 'cap reached' }, 429);
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    return json({ ok: false, reason: 'not JSON' }, 400);
  }
  const parsed = h5pStatementSchema.safeParse(raw);
  if (!parsed.success) return json({ ok: false, reason: 'not a statement' }, 400);
  const now = services.clock.now();
  const { event, final } = mapStatement(launch, parsed.data, now.getTime());
  if (!event) return json({ ok: true, recorded: false });
  launch.statements++;
  const at = isoWithOffset(now);
  services.recorder.record(event, () => {
    if (!final) return;
    services.db
      .run(sql`INSERT INTO lesson_progress (learner_id, course_id, lesson_id, status, position, updated_at, completed_at)
      VALUES (${launch.learnerId}, ${launch.course.id}, ${launch.lessonId}, 'completed', 0, ${at}, ${at})
      ON CONFLICT (learner_id, course_id, lesson_id) DO UPDATE SET updated_at = excluded.updated_at,
        status = 'completed', completed_at = COALESCE(completed_at, excluded.completed_at)`);
    if (launch.lesson.assessment)
      recordContentAssessment(services.db, {
        learnerId: launch.learnerId,
        courseId: launch.course.id,
        courseVersion: launch.course.version,
        lessonId: launch.lessonId,
        kind: launch.lesson.assessment,
        scaled: final.scaled,
        passed: final.passed,
        at,
      });
  });
  return json({ ok: true, recorded: true, final: final !== null });
}

/**
 * Everything an H5P launch's origin answers: the launcher and the bundled player under `/_balai/`, the
 * learner's user data and the xAPI bridge of this launch, the activity's own files under `/content/`
 * (h5p.json, content/…) and the shared libraries it names under `/libraries/` (no other library).
 */
export async function handleH5pRequest(
  services: Services,
  launch: H5pLaunch,
  request: Request,
  frameAncestors: string,
): Promise<Response> {
  const url = new URL(request.url);
  const headers = { 'content-security-policy': scoCsp(frameAncestors), 'cache-control': 'no-cache' };
  const path = url.pathname;
  switch (path) {
    case '/_balai/h5p.html':
    case '/_balai/h5p.js':
    case '/_balai/h5p.css':
      return serveFile(
        join(services.config.resourcesDir, 'h5p-runtime'),
        path.slice('/_balai/'.length),
        request,
        {
          headers,
        },
      );
    case '/_balai/state':
      return json(launchState(services, launch));
    case '/_balai/user-data':
      return userData(services, launch, request, url);
    case '/_balai/xapi':
      return statement(services, launch, request);
  }
  if (path.startsWith('/_balai/player/'))
    return serveFile(PLAYER_DIR, path.slice('/_balai/player/'.length), request, { headers });
  if (path.startsWith('/content/')) {
    const rest = path.slice('/content/'.length);
    if (rest === 'libraries' || rest.startsWith('libraries/'))
      return new Response('not found', { status: 404 });
    return serveFile(join(launch.course.dir, H5P_ROOT), rest, request, { headers });
  }
  if (path.startsWith('/libraries/')) {
    const [name, ...rest] = path.slice('/libraries/'.length).split('/');
    const content = launch.course.manifest.content;
    const named =
      content?.type === 'h5p' && content.libraries.some((l) => l.name === decodeURIComponent(name ?? ''));
    if (!named || rest.length === 0) return new Response('not found', { status: 404 });
    return serveFile(
      join(libraryStore(services.config.dataDir), decodeURIComponent(name!)),
      rest.join('/'),
      request,
      {
        headers,
      },
    );
  }
  return new Response('not found', { status: 404 });
}
