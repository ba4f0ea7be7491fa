import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { CourseOutline } from '../../../main/api/courses';
import { navigate } from '../router/hash';
import { pretestPending } from './gates';
import { shownLessons, type TocLookup } from './scoToc';

export const STATUS_MARK = { not_started: '○', in_progress: '◐', completed: '✓' } as const;

/**
 * The course beside the lesson: modules, their lessons with a mark for done and begun, the open lesson
 * highlighted. On a narrow screen it folds into one button above the lesson. In a SCORM course with
 * sequencing (`toc`), only what the rules allow is open, each closed item says why, and hidden items are
 * left out; `onPick` leaves the playing SCO properly before the next one opens.
 */
export function LessonOutline({
  course,
  lessonId,
  toc = null,
  onPick,
}: {
  course: CourseOutline;
  lessonId: string;
  toc?: TocLookup;
  onPick?: (lessonId: string) => void;
}) {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  const locked = pretestPending(course);
  const pick = (id: string) => (onPick ? onPick(id) : navigate(`/learn/lesson/${course.id}/${id}`));
  return (
    <nav className="player-outline" aria-label={t('lesson.outlineLabel')} data-open={open}>
      <button
        type="button"
        className="btn btn-secondary outline-toggle"
        aria-expanded={open}
        aria-controls="outline-body"
        onClick={() => setOpen(!open)}
      >
        ☰ {t('lesson.outlineToggle', { done: course.lessonsCompleted, total: course.lessonCount })}
      </button>
      <div id="outline-body" className="outline-body">
        <button
          type="button"
          className="outline-course"
          onClick={() => navigate(`/learn/course/${course.id}`)}
        >
          <span aria-hidden="true">← </span>
          {course.title}
        </button>
        <p className="outline-count">
          {t('learn.lessonsDone', { done: course.lessonsCompleted, total: course.lessonCount })}
        </p>
        {course.modules.map((module) => {
          const lessons = shownLessons(module.lessons, toc);
          return (
            <div key={module.id} className="outline-module">
              <p className="outline-module-title">{module.title}</p>
              {lessons.length === 0 && <p className="outline-closed">{t('sco.byNextOnly')}</p>}
              <ol className="outline-lessons">
                {lessons.map((lesson) => {
                  const current = lesson.id === lessonId;
                  const entry = toc?.(lesson.id);
                  const closed = entry && !entry.open && !current ? entry.reason : null;
                  return (
                    <li key={lesson.id}>
                      <button
                        type="button"
                        className={`outline-lesson status-${lesson.status}`}
                        aria-current={current ? 'page' : undefined}
                        disabled={locked || closed !== null}
                        data-outline-lesson={lesson.id}
                        onClick={() => pick(lesson.id)}
                      >
                        <span className="outline-mark" aria-hidden="true">
                          {STATUS_MARK[lesson.status]}
                        </span>
                        <span className="outline-lesson-title">
                          {lesson.title}
                          {closed && (
                            <span className="outline-closed" data-testid="sco-closed">
                              {t(`sco.closed.${closed}`)}
                            </span>
                          )}
                        </span>
                        <span className="visually-hidden">: {t(`learn.status.${lesson.status}`)}</span>
                      </button>
                    </li>
                  );
                })}
              </ol>
            </div>
          );
        })}
      </div>
    </nav>
  );
}
