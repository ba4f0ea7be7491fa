import { useEffect, useLayoutEffect, useMemo, useRef, useState, type MouseEvent } from 'react';
import { createPortal } from 'react-dom';
import { useTranslation } from 'react-i18next';
import type { CourseOutline, LessonView as Lesson } from '../../../main/api/courses';
import type { ApiError } from '../../../main/api/result';
import { call } from '../api/client';
import { useApp } from '../app/context';
import { navigate } from '../router/hash';
import { NotReady } from './NotReady';
import { Dialog } from '../shared/Dialog';
import { ErrorBox } from '../shared/ErrorBox';
import { FigureZoom, PdfDialog } from './FigureZoom';
import { LessonOutline } from './LessonOutline';
import { renderLesson } from './markdown';
import type { PdfSource } from './pdf';
import { PdfViewer } from './PdfViewer';
import { ScoPlayer } from './ScoPlayer';
import { useReadingPosition } from './readingPosition';
import { TermPopover, type OpenTerm } from './TermPopover';
import { TextSizeControl, useTextSize } from './TextSize';
import { useLessonVideos } from './videos';
import { ReadAloud } from '../voice/ReadAloud';

interface Loaded {
  lesson: Lesson;
  course: CourseOutline;
}

/** The course outline as it is now, with the open lesson's own status (it may have just begun). */
function withStatus(course: CourseOutline, lesson: Lesson): CourseOutline {
  return {
    ...course,
    modules: course.modules.map((m) => ({
      ...m,
      lessons: m.lessons.map((l) => (l.id === lesson.lessonId ? { ...l, status: lesson.status } : l)),
    })),
  };
}

/** A lesson that stays shut until the pretest is done: what to do instead, and a button that does it. */
function PretestFirst({ courseId, quizId }: { courseId: string; quizId: string | null }) {
  const { t } = useTranslation();
  return (
    <div className="screen" data-screen="lesson-locked">
      <h1 className="screen-title">{t('gate.pretest_first')}</h1>
      <p className="lead">{t('lesson.lockedText')}</p>
      <div className="actions">
        {quizId && (
          <button
            type="button"
            className="btn btn-primary btn-huge"
            onClick={() => navigate(`/learn/quiz/${courseId}/${quizId}`)}
          >
            {t('lesson.startPretest')}
          </button>
        )}
        <button
          type="button"
          className="btn btn-secondary"
          onClick={() => navigate(`/learn/course/${courseId}`)}
        >
          {t('lesson.toCourse')}
        </button>
      </div>
    </div>
  );
}

/**
 * One lesson: the course outline beside it, the text in a readable column with pictures as wide as the
 * lesson area (tap to enlarge), video and audio from the course folder, PDFs in a viewer, glossary terms
 * explained on tap, three text sizes, and big buttons back and on. The reading position is recorded as it
 * changes and restored when the lesson opens again (after a logout too).
 */
export function LessonView({ courseId, lessonId }: { courseId: string; lessonId: string }) {
  const { t } = useTranslation();
  const { account } = useApp();
  const [loaded, setLoaded] = useState<Loaded | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);
  const [size, setSize] = useTextSize(account?.id ?? null);
  const [term, setTerm] = useState<OpenTerm | null>(null);
  const [zoom, setZoom] = useState<{ src: string; alt: string } | null>(null);
  const [pdf, setPdf] = useState<{ source: PdfSource; title: string } | null>(null);
  const [slots, setSlots] = useState<{ el: HTMLElement; source: PdfSource; title: string }[]>([]);
  const text = useRef<HTMLElement>(null);
  const heading = useRef<HTMLHeadingElement>(null);
  const nav = useRef<HTMLElement>(null);
  const [askVideo, setAskVideo] = useState(false);
  const lesson = loaded?.lesson ?? null;
  const currentPosition = useReadingPosition(courseId, lessonId, lesson?.position ?? null, text);

  // The lesson's two calls go out while its first render runs, not from an effect: effects run after the
  // browser has painted, a frame later (the screen is keyed by course and lesson, so this is once per lesson).
  const [load] = useState(() =>
    Promise.all([call('lessons.open', { courseId, lessonId }), call('courses.outline', { courseId })]),
  );
  useEffect(() => {
    let live = true;
    void load.then(([opened, outline]) => {
      if (!live) return;
      if (!opened.ok) return setError(opened.error);
      if (!outline.ok) return setError(outline.error);
      setLoaded({
        lesson: opened.value.lesson,
        course: withStatus(outline.value.course, opened.value.lesson),
      });
    });
    return () => {
      live = false;
    };
  }, [load]);

  const html = useMemo(
    () =>
      lesson
        ? renderLesson(lesson.markdown, lesson.mediaBase, {
            glossary: lesson.glossary,
            captions: lesson.captions,
            labels: {
              zoom: t('lesson.zoom'),
              play: t('lesson.playVideo'),
              captions: t('lesson.captionsLabel'),
            },
          })
        : '',
    [lesson, t],
  );
  const glossary = useMemo(() => {
    if (!lesson) return [];
    const words = lesson.markdown.toLowerCase();
    return lesson.glossary.filter((g) => words.includes(g.term.toLowerCase()));
  }, [lesson]);

  // PDFs alone in a paragraph get the viewer in their place (the text itself is plain HTML).
  useLayoutEffect(() => {
    const root = text.current;
    if (!root) return;
    setSlots(
      Array.from(root.querySelectorAll<HTMLElement>('.pdf-slot')).map((el) => ({
        el,
        source: { url: el.dataset.pdfSrc ?? '' },
        title: el.dataset.pdfTitle || t('pdf.untitled'),
      })),
    );
  }, [html, t]);

  useEffect(() => {
    if (loaded) heading.current?.focus({ preventScroll: true });
  }, [loaded]);

  const videos = useLessonVideos(text, nav, html);

  if (!loaded || !lesson) {
    // A SCORM item: its own player (the lesson route is the same, so hints and the outline lead there too).
    if (error?.code === 'CONFLICT' && error.details?.reason === 'sco')
      return <ScoPlayer courseId={courseId} lessonId={lessonId} />;
    if (error?.code === 'CONFLICT' && error.details?.reason === 'h5p')
      return <ScoPlayer courseId={courseId} lessonId={lessonId} kind="h5p" />;
    if (error?.code === 'CONFLICT' && error.details?.reason === 'au')
      return <ScoPlayer courseId={courseId} lessonId={lessonId} kind="au" />;
    if (error?.code === 'CONFLICT' && error.details?.reason === 'pretest_first') {
      const quizId = typeof error.details.quizId === 'string' ? error.details.quizId : null;
      return <PretestFirst courseId={courseId} quizId={quizId} />;
    }
    return <NotReady name="lesson" error={error} backTo={`/learn/course/${courseId}`} />;
  }

  const { course } = loaded;
  const lessons = course.modules.flatMap((m) => m.lessons);
  const number = lessons.findIndex((l) => l.id === lesson.lessonId) + 1;
  const outline = `/learn/course/${lesson.courseId}`;
  const lessonRoute = (id: string) => `/learn/lesson/${lesson.courseId}/${id}`;
  const done = lesson.status === 'completed';

  /**
   * "Lanjut": this lesson is read to its end; on to the next one (after the last: the course page). A video
   * not yet watched to its end is asked about first, instead of the lesson being marked done.
   */
  const goOn = async (unwatchedOk = false) => {
    setAskVideo(false);
    if (!done && !unwatchedOk && videos.unwatched() !== null) return setAskVideo(true);
    setBusy(true);
    setError(null);
    const r = await call('lessons.progress', {
      courseId: lesson.courseId,
      lessonId: lesson.lessonId,
      position: currentPosition(),
      completed: true,
    });
    setBusy(false);
    if (!r.ok) return setError(r.error);
    navigate(lesson.nextLessonId ? lessonRoute(lesson.nextLessonId) : outline);
  };

  const onTextClick = (event: MouseEvent<HTMLElement>) => {
    const target = event.target as HTMLElement;
    const play = target.closest<HTMLElement>('button.video-play');
    if (play) return videos.play(play.parentElement?.querySelector('video') ?? null);
    const termButton = target.closest<HTMLElement>('button.term');
    const entry = termButton && lesson.glossary[Number(termButton.dataset.term)];
    if (termButton && entry) return setTerm({ ...entry, anchor: termButton });
    const zoomButton = target.closest<HTMLElement>('button.figure-zoom');
    if (zoomButton?.dataset.zoomSrc) {
      return setZoom({ src: zoomButton.dataset.zoomSrc, alt: zoomButton.querySelector('img')?.alt ?? '' });
    }
    const pdfButton = target.closest<HTMLElement>('button.pdf-link');
    if (pdfButton?.dataset.pdfSrc) {
      setPdf({
        source: { url: pdfButton.dataset.pdfSrc },
        title: (pdfButton.textContent ?? '').trim() || t('pdf.untitled'),
      });
    }
  };

  return (
    <div className={`screen player text-size-${size}`} data-screen="lesson">
      <LessonOutline course={course} lessonId={lesson.lessonId} />
      <div className="player-main">
        <div className="player-head">
          <p className="player-where">
            {t('lesson.number', { n: number, total: lessons.length })}
            {lesson.regulation && (
              <span className="regulation">{t('lesson.regulation', { text: lesson.regulation })}</span>
            )}
          </p>
          <div className="player-tools">
            <ReadAloud
              key={lesson.lessonId}
              target={text}
              lesson
              narration={lesson.narration.map((file) => (file ? lesson.mediaBase + file : null))}
            />
            <TextSizeControl size={size} onChange={setSize} />
          </div>
        </div>
        <h1 ref={heading} tabIndex={-1} className="screen-title">
          {lesson.title}
        </h1>
        <article
          ref={text}
          className="lesson-text"
          data-lesson-text=""
          onClick={onTextClick}
          dangerouslySetInnerHTML={{ __html: html }}
        />
        {glossary.length > 0 && (
          <section className="lesson-glossary" aria-labelledby="glossary-heading">
            <h2 id="glossary-heading">{t('lesson.glossary')}</h2>
            <dl>
              {glossary.map((g) => (
                <div key={g.term}>
                  <dt>{g.term}</dt>
                  <dd>{g.definition}</dd>
                </div>
              ))}
            </dl>
          </section>
        )}
        <ErrorBox error={error} />
        <nav className="player-nav" aria-label={t('lesson.navLabel')} ref={nav}>
          <button
            type="button"
            className="btn btn-secondary btn-big"
            onClick={() => navigate(lesson.prevLessonId ? lessonRoute(lesson.prevLessonId) : outline)}
          >
            ← {t('lesson.back')}
          </button>
          <p className="player-status" role="status">
            {done ? `✓ ${t('lesson.completed')}` : t('lesson.goOnHint')}
          </p>
          <button
            type="button"
            className="btn btn-primary btn-big"
            disabled={busy}
            onClick={() => void goOn()}
          >
            {/* Beside a PDF's own page buttons, the way on is named for what it is: the next lesson. */}
            {lesson.nextLessonId
              ? t(slots.length > 0 ? 'lesson.nextLesson' : 'lesson.next')
              : t('lesson.finish')}{' '}
            →
          </button>
        </nav>
      </div>
      {slots.map((slot, i) =>
        createPortal(<PdfViewer source={slot.source} title={slot.title} />, slot.el, `pdf-${i}`),
      )}
      {askVideo && (
        <Dialog
          name="video-unwatched"
          title={t('lesson.videoUnwatchedTitle')}
          onCancel={() => setAskVideo(false)}
          actions={
            <>
              <button
                type="button"
                className="btn btn-primary"
                onClick={() => {
                  setAskVideo(false);
                  videos.play(videos.unwatched());
                }}
              >
                {t('lesson.videoWatch')}
              </button>
              <button type="button" className="btn btn-secondary" onClick={() => void goOn(true)}>
                {t('lesson.videoSkip')}
              </button>
            </>
          }
        >
          <p>{t('lesson.videoUnwatchedText')}</p>
        </Dialog>
      )}
      <TermPopover open={term} onClose={() => setTerm(null)} />
      {zoom && <FigureZoom src={zoom.src} alt={zoom.alt} onClose={() => setZoom(null)} />}
      {pdf && <PdfDialog source={pdf.source} title={pdf.title} onClose={() => setPdf(null)} />}
    </div>
  );
}
