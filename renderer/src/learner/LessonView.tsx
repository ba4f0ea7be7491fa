import { useCallback, useEffect, useLayoutEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { LessonView as Lesson } from '../../../main/api/courses';
import type { ApiError } from '../../../main/api/result';
import { call } from '../api/client';
import { registerFlush } from '../app/flush';
import { navigate } from '../router/hash';
import { ErrorBox } from '../shared/ErrorBox';
import { Loading, Screen } from '../shared/Screen';
import { renderLesson } from './markdown';

/** How often the scroll position is saved while reading. */
const SAVE_EVERY_MS = 5_000;

/**
 * Puts the reader back where they were, then saves the reading position (lessons.progress + the resume
 * point) whenever it changed, at most every 5 s, and when the lesson closes or the session ends.
 * Returns a getter for the current position.
 */
function useReadingPosition(courseId: string, lessonId: string, start: number | null): () => number {
  const position = useRef(0);
  const dirty = useRef(false);

  useLayoutEffect(() => {
    if (start === null) return;
    position.current = start;
    // Pictures that load later above this place do not move the text: Chromium's scroll anchoring keeps it.
    window.scrollTo(0, start);
  }, [start]);

  useEffect(() => {
    if (start === null) return;
    const save = async () => {
      if (!dirty.current) return;
      dirty.current = false;
      const at = position.current;
      await Promise.all([
        call('lessons.progress', { courseId, lessonId, position: at }),
        call('auth.saveResume', { route: `/learn/lesson/${courseId}/${lessonId}`, position: at }),
      ]);
    };
    const onScroll = () => {
      position.current = Math.max(0, Math.round(window.scrollY));
      dirty.current = true;
    };
    const onHide = () => {
      if (document.visibilityState === 'hidden') void save();
    };
    window.addEventListener('scroll', onScroll, { passive: true });
    document.addEventListener('visibilitychange', onHide);
    const timer = window.setInterval(() => void save(), SAVE_EVERY_MS);
    const unregister = registerFlush(save);
    return () => {
      window.removeEventListener('scroll', onScroll);
      document.removeEventListener('visibilitychange', onHide);
      window.clearInterval(timer);
      unregister();
      void save();
    };
  }, [courseId, lessonId, start]);

  return useCallback(() => position.current, []);
}

/** One lesson: its text, where the learner left off, and big buttons to go back, finish and go on. */
export function LessonView({ courseId, lessonId }: { courseId: string; lessonId: string }) {
  const { t } = useTranslation();
  const [lesson, setLesson] = useState<Lesson | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);
  const currentPosition = useReadingPosition(courseId, lessonId, lesson?.position ?? null);

  useEffect(() => {
    void call('lessons.open', { courseId, lessonId }).then((r) =>
      r.ok ? setLesson(r.value.lesson) : setError(r.error),
    );
  }, [courseId, lessonId]);

  const html = useMemo(() => (lesson ? renderLesson(lesson.markdown, lesson.mediaBase) : ''), [lesson]);
  const glossary = useMemo(() => {
    if (!lesson) return [];
    const text = lesson.markdown.toLowerCase();
    return lesson.glossary.filter((g) => text.includes(g.term.toLowerCase()));
  }, [lesson]);

  if (!lesson) {
    return error ? (
      <div className="screen" data-screen="lesson-failed">
        <ErrorBox error={error} />
        <div className="actions">
          <button
            type="button"
            className="btn btn-secondary"
            onClick={() => navigate(`/learn/course/${courseId}`)}
          >
            {t('common.back')}
          </button>
        </div>
      </div>
    ) : (
      <Loading name="lesson" label={t('common.loading')} />
    );
  }

  const outline = `/learn/course/${lesson.courseId}`;
  const lessonRoute = (id: string) => `/learn/lesson/${lesson.courseId}/${id}`;
  const done = lesson.status === 'completed';
  const finish = async () => {
    setBusy(true);
    setError(null);
    const r = await call('lessons.progress', {
      courseId: lesson.courseId,
      lessonId: lesson.lessonId,
      position: currentPosition(),
      completed: true,
    });
    setBusy(false);
    if (r.ok) setLesson({ ...lesson, status: r.value.status });
    else setError(r.error);
  };

  return (
    <Screen name="lesson" title={lesson.title} className="lesson-screen">
      {lesson.regulation && (
        <p className="regulation">{t('lesson.regulation', { text: lesson.regulation })}</p>
      )}
      <article className="lesson-body" dangerouslySetInnerHTML={{ __html: html }} />
      {glossary.length > 0 && (
        <section className="glossary" aria-labelledby="glossary-heading">
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
      <nav className="lesson-nav" aria-label={t('lesson.navLabel')}>
        <button
          type="button"
          className="btn btn-secondary btn-big"
          onClick={() => navigate(lesson.prevLessonId ? lessonRoute(lesson.prevLessonId) : outline)}
        >
          ← {t('lesson.back')}
        </button>
        {done ? (
          <p className="lesson-done" role="status">
            ✓ {t('lesson.completed')}
          </p>
        ) : (
          <button
            type="button"
            className="btn btn-primary btn-big"
            disabled={busy}
            onClick={() => void finish()}
          >
            ✓ {t('lesson.finish')}
          </button>
        )}
        <button
          type="button"
          className={`btn btn-big ${done ? 'btn-primary' : 'btn-secondary'}`}
          onClick={() => navigate(lesson.nextLessonId ? lessonRoute(lesson.nextLessonId) : outline)}
        >
          {lesson.nextLessonId ? t('lesson.next') : t('lesson.toCourse')} →
        </button>
      </nav>
    </Screen>
  );
}
