import { useCallback, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { CourseOutline } from '../../../main/api/courses';
import type { ApiError } from '../../../main/api/result';
import type { ScoClosedReason, ScoLaunchView, ScoTocEntry } from '../../../main/api/scorm';
import { call } from '../api/client';
import { registerFlush } from '../app/flush';
import { navigate } from '../router/hash';
import { ErrorBox } from '../shared/ErrorBox';
import { LessonOutline } from './LessonOutline';
import { NotReady } from './NotReady';
import { tocLookup } from './scoToc';

/** How long a SCO may take to show its first page before the player says it did not load. */
const LOAD_TIMEOUT_MS = 30_000;
/** How long a logout waits for the SCO to suspend and store its state. */
const SUSPEND_TIMEOUT_MS = 5_000;

type NavRequest = 'continue' | 'previous';

type Phase = 'loading' | 'playing' | 'failed';
/** Why a SCO did not load: its launch file is missing, its page broke before it found the API, it took too long, or the kiosk could not give its state. */
type FailReason = 'missing' | 'script' | 'timeout' | 'state';
const FAIL_REASONS: readonly FailReason[] = ['missing', 'script', 'timeout', 'state'];

/**
 * A SCORM lesson: the course outline beside it, the SCO in a sandboxed frame on its own origin (no popups,
 * no top navigation, no access to the app), and the same buttons as any lesson. Before a logout, an idle
 * logout or leaving the lesson, the SCO is told to suspend and terminate, and the player waits until the
 * kiosk has its state. In a SCORM 2004 course with sequencing the core's rules decide: the outline offers
 * only what they allow and says why the rest is closed, Lanjut/Kembali are navigation requests (the SCO
 * ends with them and the sequencer picks the next SCO), and so is the SCO's own `adl.nav.request`.
 */
export function ScoPlayer({
  courseId,
  lessonId,
  kind = 'sco',
}: {
  courseId: string;
  lessonId: string;
  /**
   * A SCORM SCO, an H5P activity (the same frame and launcher protocol, on the same kind of origin), or a cmi5
   * AU / Tin Can package (`au`), which reports to the local LRS itself (no launcher, no suspend).
   */
  kind?: 'sco' | 'h5p' | 'au';
}) {
  const { t } = useTranslation();
  const [launch, setLaunch] = useState<(ScoLaunchView & { needsInternet?: boolean }) | null>(null);
  const [course, setCourse] = useState<CourseOutline | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [phase, setPhase] = useState<Phase>('loading');
  const [failure, setFailure] = useState<FailReason>('timeout');
  const [toc, setToc] = useState<ScoTocEntry[] | null>(null);
  const [closed, setClosed] = useState<ScoClosedReason | null>(null);
  const [notice, setNotice] = useState<'navRefused' | null>(null);
  /** Bumped to open the same lesson again (a retry the rules asked for, or after a refused request). */
  const [generation, setGeneration] = useState(0);
  const frame = useRef<HTMLIFrameElement>(null);
  const waiting = useRef<(() => void) | null>(null);
  const ending = useRef<(() => void) | null>(null);
  /** What to do when the SCO terminates by itself (set below, once the navigation helpers exist). */
  const scoEnded = useRef<(navRequest: unknown) => void>(() => undefined);

  const refreshToc = useCallback(
    () =>
      call('scorm.toc', { courseId }).then((r) => {
        if (r.ok) setToc(r.value.toc);
        return r.ok ? r.value.now : null;
      }),
    [courseId],
  );

  useEffect(() => {
    void Promise.all([
      kind === 'h5p'
        ? call('h5p.launch', { courseId, lessonId })
        : kind === 'au'
          ? call('au.launch', { courseId, lessonId }).then((r) =>
              // An AU has no resume flag of its own (the LRS keeps its state) and no SCORM sequencing.
              r.ok ? { ...r, value: { launch: { ...r.value.launch, resumed: false, sequencing: null } } } : r,
            )
          : call('scorm.launch', { courseId, lessonId }),
      call('courses.outline', { courseId }),
    ]).then(([opened, outline]) => {
      if (!outline.ok) return setError(outline.error);
      setCourse(outline.value.course);
      void refreshToc();
      if (!opened.ok) {
        const why = opened.error.details?.closed;
        if (opened.error.details?.reason === 'sequencing' && typeof why === 'string')
          return setClosed(why as ScoClosedReason);
        return setError(opened.error);
      }
      setClosed(null);
      setLaunch(opened.value.launch);
    });
  }, [courseId, lessonId, kind, generation, refreshToc]);

  useEffect(() => {
    if (!launch) return;
    const onMessage = (event: MessageEvent<{ type?: unknown; reason?: unknown }>) => {
      if (event.origin !== launch.origin || event.source !== frame.current?.contentWindow) return;
      const type = event.data?.type;
      if (type === 'balai:loaded') setPhase('playing');
      if (type === 'balai:error') {
        const reason = FAIL_REASONS.find((r) => r === event.data?.reason) ?? 'state';
        setFailure(reason);
        setPhase('failed');
      }
      if (type === 'balai:suspended') waiting.current?.();
      if (type === 'balai:terminated') {
        void call('courses.outline', { courseId }).then((r) => r.ok && setCourse(r.value.course));
        if (ending.current) ending.current();
        else if (launch.sequencing) scoEnded.current((event.data as { navRequest?: unknown }).navRequest);
      }
    };
    window.addEventListener('message', onMessage);
    const timer = window.setTimeout(() => setPhase((p) => (p === 'loading' ? 'failed' : p)), LOAD_TIMEOUT_MS);
    return () => {
      window.removeEventListener('message', onMessage);
      window.clearTimeout(timer);
    };
  }, [launch, courseId]);

  /**
   * Posts a message to the launcher and waits until it answers through `slot` (its state is stored) or
   * until the timeout: the SCO is told to suspend, or to end with a navigation request.
   */
  const tellAndWait = useCallback(
    async (message: object, slot: typeof waiting) => {
      const target = frame.current?.contentWindow;
      if (!launch || !target) return;
      await new Promise<void>((resolve) => {
        const timer = window.setTimeout(resolve, SUSPEND_TIMEOUT_MS);
        slot.current = () => {
          window.clearTimeout(timer);
          resolve();
        };
        target.postMessage(message, launch.origin);
      });
      slot.current = null;
    },
    [launch],
  );
  /** Tells the SCO to suspend and terminate; resolves once the kiosk stored its state (or after a timeout). */
  // An AU keeps its own state in the local LRS; one left without terminating is abandoned at the next login.
  const suspend = useCallback(
    () => (kind === 'au' ? Promise.resolve() : tellAndWait({ type: 'balai:suspend' }, waiting)),
    [tellAndWait, kind],
  );
  /** Ends the SCO with a navigation request (unless it asked for one itself); resolves once it is stored. */
  const endWith = (request: NavRequest) => tellAndWait({ type: 'balai:navigate', request }, ending);

  const outline = `/learn/course/${courseId}`;
  const lessonRoute = (id: string) => `/learn/lesson/${courseId}/${id}`;

  /** Goes where the sequencer sent the learner: a lesson (this one again: a retry), or the course page. */
  const follow = (now: { lessonId: string | null; ended: boolean }) => {
    if (now.lessonId === lessonId) setGeneration((g) => g + 1);
    else if (now.lessonId) navigate(lessonRoute(now.lessonId));
    else if (now.ended) navigate(outline);
    return now.lessonId !== null || now.ended;
  };

  /** The SCO terminated by itself: its own adl.nav.request (already decided by the core) is followed. */
  const afterScoEnded = async (navRequest: unknown) => {
    const now = await refreshToc();
    if (now && follow(now)) return;
    if (typeof navRequest !== 'string' || navRequest === '_none_') return;
    // The rules refused the SCO's request: this lesson opens again, and the learner is told why.
    setNotice('navRefused');
    setGeneration((g) => g + 1);
  };
  useEffect(() => {
    scoEnded.current = (navRequest) => void afterScoEnded(navRequest);
  });

  /** Lanjut / Kembali in a sequenced course: a navigation request the core's rules decide. */
  const request = async (nav: NavRequest) => {
    setNotice(null);
    await endWith(nav);
    const now = await refreshToc();
    if (now && follow(now)) return;
    const asked = await call('scorm.navigate', { courseId, request: nav });
    if (asked.ok && follow(asked.value.navigation)) return;
    // Refused (or nothing delivered): this lesson opens again, and the learner is told why.
    setNotice('navRefused');
    setGeneration((g) => g + 1);
  };

  useEffect(() => registerFlush(suspend), [suspend]);
  // Leaving by the outline or the browser: ask for a suspend as the frame goes (best effort).
  useEffect(() => () => void suspend(), [suspend]);

  const leave = async (route: string) => {
    await suspend();
    navigate(route);
  };

  const lookup = tocLookup(toc);
  const pick = (id: string) => void leave(lessonRoute(id));
  if (closed && course)
    return (
      <div className="screen player player-sco" data-screen="sco-closed">
        <LessonOutline course={course} lessonId={lessonId} toc={lookup} onPick={pick} />
        <div className="player-main">
          <p className="notice gate-notice" role="alert" data-testid="sco-closed-reason">
            {t(`sco.closed.${closed}`)}
          </p>
          <button type="button" className="btn btn-primary btn-big" onClick={() => navigate(outline)}>
            {t('sco.backToCourse')}
          </button>
        </div>
      </div>
    );
  if (!launch || !course) return <NotReady name="sco" error={error} backTo={outline} />;
  const lessons = course.modules.flatMap((m) => m.lessons);
  const number = lessons.findIndex((l) => l.id === lessonId) + 1;
  const status = lessons.find((l) => l.id === lessonId)?.status;
  const rules = launch.sequencing;

  return (
    <div className="screen player player-sco" data-screen="sco" data-kind={kind}>
      <LessonOutline course={course} lessonId={lessonId} toc={lookup} onPick={pick} />
      <div className="player-main">
        <div className="player-head">
          <p className="player-where">{t('lesson.number', { n: number, total: lessons.length })}</p>
        </div>
        <h1 className="screen-title">{launch.title}</h1>
        {launch.resumed && phase !== 'failed' && <p className="notice">{t('sco.resumed')}</p>}
        {notice && (
          <p className="notice gate-notice" role="status" data-testid="sco-nav-refused">
            {t(`sco.${notice}`)}
          </p>
        )}
        {launch.needsInternet && (
          <p className="notice" role="note" data-testid="needs-internet">
            {t('sco.needsInternet')}
          </p>
        )}
        {phase === 'failed' ? (
          <div className="error-box" role="alert" data-testid="sco-failed">
            <p className="end-title">{t('sco.failed')}</p>
            <p data-testid="sco-failed-reason">{t(`sco.failed_${failure}`)}</p>
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
            disabled={rules !== null && !rules.previous}
            onClick={() =>
              void (rules
                ? request('previous')
                : leave(launch.prevLessonId ? lessonRoute(launch.prevLessonId) : outline))
            }
          >
            ← {t('lesson.back')}
          </button>
          <p className="player-status" role="status">
            {status === 'completed' ? `✓ ${t('lesson.completed')}` : ''}
          </p>
          {rules ? (
            <button
              type="button"
              className="btn btn-primary btn-big"
              disabled={!rules.continue}
              onClick={() => void request('continue')}
            >
              {t('lesson.next')} →
            </button>
          ) : (
            <button
              type="button"
              className="btn btn-primary btn-big"
              onClick={() => void leave(launch.nextLessonId ? lessonRoute(launch.nextLessonId) : outline)}
            >
              {launch.nextLessonId ? t('lesson.next') : t('sco.backToCourse')} →
            </button>
          )}
        </nav>
      </div>
    </div>
  );
}
