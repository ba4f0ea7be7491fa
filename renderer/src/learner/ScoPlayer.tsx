import { useCallback, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { CourseOutline } from '../../../main/api/courses';
import type { ApiError } from '../../../main/api/result';
import type { AuLaunchView } from '../../../main/api/au';
import type { ScoLaunchView } from '../../../main/api/scorm';
import { call } from '../api/client';
import { registerFlush } from '../app/flush';
import { navigate } from '../router/hash';
import { ErrorBox } from '../shared/ErrorBox';
import { LessonOutline } from './LessonOutline';
import { NotReady } from './NotReady';

/** How long a SCO may take to show its first page before the player says it did not load. */
const LOAD_TIMEOUT_MS = 30_000;
/** How long a logout waits for the SCO to suspend and store its state. */
const SUSPEND_TIMEOUT_MS = 5_000;

type Phase = 'loading' | 'playing' | 'failed';

/**
 * A SCORM lesson: the course outline beside it, the SCO in a sandboxed frame on its own origin (no popups,
 * no top navigation, no access to the app), and the same buttons as any lesson. Before a logout, an idle
 * logout or leaving the lesson, the SCO is told to suspend and terminate, and the player waits until the
 * kiosk has its state.
 */
export function ScoPlayer({
  courseId,
  lessonId,
  kind = 'sco',
}: {
  courseId: string;
  lessonId: string;
  /** `au`: a cmi5 AU or Tin Can package, which reports to the local LRS itself (no launcher, no suspend). */
  kind?: 'sco' | 'au';
}) {
  const { t } = useTranslation();
  const [launch, setLaunch] = useState<(ScoLaunchView | (AuLaunchView & { resumed?: undefined })) | null>(
    null,
  );
  const [course, setCourse] = useState<CourseOutline | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [phase, setPhase] = useState<Phase>('loading');
  const frame = useRef<HTMLIFrameElement>(null);
  const waiting = useRef<(() => void) | null>(null);

  useEffect(() => {
    void Promise.all([
      kind === 'au'
        ? call('au.launch', { courseId, lessonId })
        : call('scorm.launch', { courseId, lessonId }),
      call('courses.outline', { courseId }),
    ]).then(([opened, outline]) => {
      if (!opened.ok) return setError(opened.error);
      if (!outline.ok) return setError(outline.error);
      setLaunch(opened.value.launch);
      setCourse(outline.value.course);
    });
  }, [courseId, lessonId, kind]);

  useEffect(() => {
    if (!launch) return;
    const onMessage = (event: MessageEvent<{ type?: unknown }>) => {
      if (event.origin !== launch.origin || event.source !== frame.current?.contentWindow) return;
      const type = event.data?.type;
      if (type === 'balai:loaded') setPhase('playing');
      if (type === 'balai:error') setPhase('failed');
      if (type === 'balai:suspended') waiting.current?.();
      if (type === 'balai:terminated')
        void call('courses.outline', { courseId }).then((r) => r.ok && setCourse(r.value.course));
    };
    window.addEventListener('message', onMessage);
    const timer = window.setTimeout(() => setPhase((p) => (p === 'loading' ? 'failed' : p)), LOAD_TIMEOUT_MS);
    return () => {
      window.removeEventListener('message', onMessage);
      window.clearTimeout(timer);
    };
  }, [launch, courseId]);

  /** Tells the SCO to suspend and terminate; resolves once the kiosk stored its state (or after a timeout). */
  const suspend = useCallback(async () => {
    const target = frame.current?.contentWindow;
    // An AU keeps its own state in the local LRS; one left without terminating is abandoned at the next login.
    if (!launch || !target || kind === 'au') return;
    await new Promise<void>((resolve) => {
      const timer = window.setTimeout(resolve, SUSPEND_TIMEOUT_MS);
      waiting.current = () => {
        window.clearTimeout(timer);
        resolve();
      };
      target.postMessage({ type: 'balai:suspend' }, launch.origin);
    });
    waiting.current = null;
  }, [launch, kind]);

  useEffect(() => registerFlush(suspend), [suspend]);
  // Leaving by the outline or the browser: ask for a suspend as the frame goes (best effort).
  useEffect(() => () => void suspend(), [suspend]);

  const leave = async (route: string) => {
    await suspend();
    navigate(route);
  };

  if (!launch || !course) return <NotReady name="sco" error={error} backTo={`/learn/course/${courseId}`} />;
  const lessons = course.modules.flatMap((m) => m.lessons);
  const number = lessons.findIndex((l) => l.id === lessonId) + 1;
  const outline = `/learn/course/${courseId}`;
  const lessonRoute = (id: string) => `/learn/lesson/${courseId}/${id}`;
  const status = lessons.find((l) => l.id === lessonId)?.status;

  return (
    <div className="screen player player-sco" data-screen="sco">
      <LessonOutline course={course} lessonId={lessonId} />
      <div className="player-main">
        <div className="player-head">
          <p className="player-where">{t('lesson.number', { n: number, total: lessons.length })}</p>
        </div>
        <h1 className="screen-title">{launch.title}</h1>
        {launch.resumed && phase !== 'failed' && <p className="notice">{t('sco.resumed')}</p>}
        {phase === 'failed' ? (
          <div className="error-box" role="alert" data-testid="sco-failed">
            <p className="end-title">{t('sco.failed')}</p>
            <p>{t('sco.failedHint')}</p>
            <button type="button" className="btn btn-primary btn-big" onClick={() => void leave(outline)}>
              {t('sco.backToCourse')}
            </button>
          </div>
        ) : (
          <>
            {phase === 'loading' && <p role="status">{t('sco.loading')}</p>}
            <iframe
              ref={frame}
              className="sco-frame"
              title={launch.title}
              src={launch.url}
              sandbox="allow-scripts allow-same-origin allow-forms allow-modals"
              allow=""
              referrerPolicy="no-referrer"
              onLoad={kind === 'au' ? () => setPhase('playing') : undefined}
            />
          </>
        )}
        <ErrorBox error={error} />
        <nav className="player-nav" aria-label={t('lesson.navLabel')}>
          <button
            type="button"
            className="btn btn-secondary btn-big"
            onClick={() => void leave(launch.prevLessonId ? lessonRoute(launch.prevLessonId) : outline)}
          >
            ← {t('lesson.back')}
          </button>
          <p className="player-status" role="status">
            {status === 'completed' ? `✓ ${t('lesson.completed')}` : ''}
          </p>
          <button
            type="button"
            className="btn btn-primary btn-big"
            onClick={() => void leave(launch.nextLessonId ? lessonRoute(launch.nextLessonId) : outline)}
          >
            {launch.nextLessonId ? t('lesson.next') : t('sco.backToCourse')} →
          </button>
        </nav>
      </div>
    </div>
  );
}
