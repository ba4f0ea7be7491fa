import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { isoWithOffset } from '../../clock';
import type { Services } from '../../context';
import { sql } from '../../db/sql';
import { serveFile } from '../../files/serve';
import { storedSegment, SCORM_ROOT } from './package';
import type { ScoLaunch } from './runtime';
import { saveCommit, summarise, withoutLearnerFields, type AttemptRow } from './state';
import { commitEvents } from './tracking';

/** Largest commit accepted: the whole CMI of a long course, interactions included. */
export const MAX_COMMIT_BYTES = 4 * 1024 * 1024;
/** The spec's `suspend_data` limits; longer data is kept, with a warning in the log. */
export const SUSPEND_LIMIT = { '1.2': 4096, '2004': 64000 } as const;

const require = createRequire(import.meta.url);
const SCORM_AGAIN_DIR = dirname(require.resolve('scorm-again'));

/**
 * What a SCO's origin may load: its own files, inline script and eval (authoring tools need them), nothing
 * from elsewhere; only the app may frame it. `connect-src 'self'` keeps its requests on its own origin,
 * where only this launch's bridge answers.
 */
export function scoCsp(frameAncestors: string): string {
  return [
    "default-src 'self'",
    "script-src 'self' 'unsafe-inline' 'unsafe-eval'",
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "media-src 'self' blob:",
    "font-src 'self' data:",
    "connect-src 'self'",
    "frame-src 'self'",
    "worker-src 'self' blob:",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    `frame-ancestors 'self' ${frameAncestors}`,
  ].join('; ');
}

export const versionOf = (launch: ScoLaunch): '1.2' | '2004' => {
  const content = launch.course.manifest.content;
  return content?.type === 'scorm' && content.edition === '1.2' ? '1.2' : '2004';
};

/** The launch path as the SCO's own references expect it (stored names mapped back), URL-encoded. */
export function launchUrlPath(launch: ScoLaunch): string {
  const original = launch.sco.launch
    .split('/')
    .slice(1)
    .map((segment) => encodeURIComponent(originalSegment(segment)))
    .join('/');
  return `/${original}${launch.sco.query ? `?${launch.sco.query}` : ''}`;
}

/** The inverse of `storedSegment`. */
export function originalSegment(stored: string): string {
  return stored.replace(/(?:_[0-9a-f]{2})+/g, (run) =>
    Buffer.from(
      run
        .split('_')
        .filter(Boolean)
        .map((h) => parseInt(h, 16)),
    ).toString('utf8'),
  );
}

/** What the launcher page reads before it starts the API: the CMI to resume and the read-only values. */
function launchState(services: Services, launch: ScoLaunch) {
  const row = services.db.get<{ cmi: string }>(
    sql`SELECT cmi FROM scorm_attempts WHERE id = ${launch.attemptId}`,
  );
  const version = versionOf(launch);
  const saved = JSON.parse(row?.cmi ?? '{}') as Record<string, unknown>;
  const cmi: Record<string, unknown> = { ...saved };
  const sco = launch.sco;
  if (version === '1.2') {
    const core = { ...((cmi.core as Record<string, unknown> | undefined) ?? {}) };
    core.student_id = launch.learnerId;
    core.student_name = launch.learnerName;
    core.entry = launch.entry;
    core.credit = 'credit';
    delete core.session_time;
    delete core.exit;
    cmi.core = core;
    if (sco.dataFromLms) cmi.launch_data = sco.dataFromLms;
    if (sco.masteryScore !== undefined) cmi.student_data = { mastery_score: String(sco.masteryScore) };
  } else {
    cmi.learner_id = launch.learnerId;
    cmi.learner_name = launch.learnerName;
    cmi.entry = launch.entry;
    cmi.credit = 'credit';
    cmi.mode = 'normal';
    delete cmi.session_time;
    delete cmi.exit;
    if (sco.dataFromLms) cmi.launch_data = sco.dataFromLms;
    if (sco.completionThreshold !== undefined) cmi.completion_threshold = String(sco.completionThreshold);
  }
  return { version, cmi, launch: launchUrlPath(launch), title: launch.course.title };
}

type CommitAnswer = { result: boolean; errorCode: number };

/**
 * A Commit or Terminate from the SCO's runtime. The state and the lesson's progress are written in one
 * transaction with synchronous=FULL before the answer says `true`: a Commit that succeeded survives a power cut.
 */
function commit(services: Services, launch: ScoLaunch, body: unknown, terminate: boolean): CommitAnswer {
  if (typeof body !== 'object' || body === null || Array.isArray(body))
    return { result: false, errorCode: 101 };
  const payload = body as Record<string, unknown>;
  const sequence = typeof payload.commitSequence === 'number' ? payload.commitSequence : null;
  if (sequence !== null && sequence <= launch.lastSequence) return { result: true, errorCode: 0 };
  const raw = (payload.cmi ?? payload) as Record<string, unknown>;
  if (typeof raw !== 'object' || raw === null) return { result: false, errorCode: 101 };
  const version = versionOf(launch);
  const cmi = withoutLearnerFields(version, raw);
  const summary = summarise(version, cmi);
  if (summary.suspendData.length > SUSPEND_LIMIT[version])
    services.log.warn('suspend_data longer than the SCORM limit: kept whole', {
      course: launch.course.id,
      item: launch.sco.item,
      length: summary.suspendData.length,
      limit: SUSPEND_LIMIT[version],
    });
  const now = services.clock.now();
  const at = isoWithOffset(now);
  const done = summary.completion === 'completed' || summary.success === 'passed';
  services.db.transaction(() => {
    const row = services.db.get<AttemptRow>(sql`SELECT * FROM scorm_attempts WHERE id = ${launch.attemptId}`);
    if (!row) throw new Error(`attempt ${launch.attemptId} is gone`);
    const before = services.db.get<{ status: string }>(
      sql`SELECT status FROM lesson_progress WHERE learner_id = ${launch.learnerId} AND course_id = ${launch.course.id}
          AND lesson_id = ${launch.lessonId}`,
    );
    const events = commitEvents(
      { ...launch, registration: row.registration },
      {
        summary,
        terminate,
        recordedInteractions: row.recorded_interactions,
        recordedSuccess: row.recorded_success,
        wasCompleted: before?.status === 'completed',
      },
    );
    services.recorder.record(events, () =>
      saveCommit(services.db, launch.attemptId, cmi, summary, terminate, now),
    );
    services.db
      .run(sql`INSERT INTO lesson_progress (learner_id, course_id, lesson_id, status, position, updated_at, completed_at)
      VALUES (${launch.learnerId}, ${launch.course.id}, ${launch.lessonId}, ${done ? 'completed' : 'in_progress'}, 0, ${at},
              ${done ? at : null})
      ON CONFLICT (learner_id, course_id, lesson_id) DO UPDATE SET updated_at = excluded.updated_at,
        status = CASE WHEN status = 'completed' THEN 'completed' ELSE excluded.status END,
        completed_at = COALESCE(completed_at, excluded.completed_at)`);
  });
  if (sequence !== null) launch.lastSequence = sequence;
  if (terminate) services.scorm.close(launch.token);
  return { result: true, errorCode: 0 };
}

const json = (value: unknown, status = 200) =>
  new Response(JSON.stringify(value), {
    status,
    headers: { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' },
  });

/**
 * Everything a SCO origin answers, for both shells: the launcher page and its scripts under `/_balai/`, the
 * state and commit bridge of this launch, and the package's own files (names mapped as stored, HTTP Range).
 * `frameAncestors` is the app's origin (who may frame the launcher).
 */
export async function handleScoRequest(
  services: Services,
  token: string,
  request: Request,
  frameAncestors: string,
): Promise<Response> {
  const launch = services.scorm.live(token);
  if (!launch) return new Response('this SCO is closed: open it again from the course', { status: 410 });
  const url = new URL(request.url);
  const headers = { 'content-security-policy': scoCsp(frameAncestors), 'cache-control': 'no-cache' };
  const runtimeDir = join(services.config.resourcesDir, 'scorm-runtime');
  switch (url.pathname) {
    case '/_balai/launch.html':
    case '/_balai/launch.js':
    case '/_balai/launch.css':
      return serveFile(runtimeDir, url.pathname.slice('/_balai/'.length), request, { headers });
    case '/_balai/scorm-again.js':
      return serveFile(SCORM_AGAIN_DIR, 'scorm-again.min.js', request, { headers });
    case '/_balai/state':
      return json(launchState(services, launch));
    case '/_balai/commit': {
      if (request.method !== 'POST') return json({ result: false, errorCode: 101 }, 405);
      const text = await request.text();
      if (text.length > MAX_COMMIT_BYTES) return json({ result: false, errorCode: 101 }, 413);
      let body: unknown;
      try {
        body = JSON.parse(text);
      } catch {
        return json({ result: false, errorCode: 101 }, 400);
      }
      return json(commit(services, launch, body, url.searchParams.get('terminate') === 'true'));
    }
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
  return serveFile(join(launch.course.dir, SCORM_ROOT), segments.join('/'), request, { headers });
}
