import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { CourseCard } from '../../../main/api/courses';
import type { ApiError } from '../../../main/api/result';
import { call } from '../api/client';
import { useApp } from '../app/context';
import { navigate } from '../router/hash';
import { ErrorBox } from '../shared/ErrorBox';
import { Loading, Screen } from '../shared/Screen';
import { LearnerNav } from './LearnerNav';
import { nextSentence, nextShort } from './next';
import { ProgressBar } from './Progress';

/** A course's progress in one word: not begun, under way, done. */
function progressWord(course: CourseCard): 'not_started' | 'in_progress' | 'done' {
  if (course.next.kind === 'done') return 'done';
  const begun = course.lessonsCompleted > 0 || (course.next.kind === 'lesson' && course.next.resume);
  return begun || (course.next.kind === 'quiz' && course.next.quizKind !== 'pre')
    ? 'in_progress'
    : 'not_started';
}

/**
 * After login: one sentence that says what to do next, then the courses as big cards in a grid, each with
 * its picture, its next step first, and its progress as a bar and a word. Three courses fit 1366×768.
 */
export function LearnerHome() {
  const { t } = useTranslation();
  const { account } = useApp();
  const [courses, setCourses] = useState<CourseCard[] | null>(null);
  const [error, setError] = useState<ApiError | null>(null);

  useEffect(() => {
    void call('courses.catalogue', {}).then((r) => (r.ok ? setCourses(r.value.courses) : setError(r.error)));
  }, []);

  if (!courses) {
    return error ? (
      <div className="screen" data-screen="learner-home-failed">
        <ErrorBox error={error} />
      </div>
    ) : (
      <Loading name="learner-home" label={t('common.loading')} />
    );
  }
  const next = nextSentence(t, courses);
  return (
    <>
      <LearnerNav />
      <Screen
        name="learner-home"
        title={t('learn.hello', { name: account?.fullName ?? '' })}
        className="learner-home"
        wide
        readAloud
      >
        <div className="next-step">
          <p className="next-text" data-testid="next-step">
            {next.text}
          </p>
          {next.route && next.action && (
            <button type="button" className="btn btn-primary btn-huge" onClick={() => navigate(next.route!)}>
              {next.action}
            </button>
          )}
        </div>
        {courses.length > 0 && (
          <section aria-labelledby="courses-heading">
            <h2 id="courses-heading">{t('learn.coursesHeading')}</h2>
            <ul className="course-grid">
              {courses.map((course) => (
                <li key={course.id} className="course-tile" data-course={course.id}>
                  <div className="course-picture" aria-hidden="true">
                    {course.picture ? (
                      <img src={course.picture} alt="" />
                    ) : (
                      <span className="course-picture-drawn">{course.title.slice(0, 1)}</span>
                    )}
                  </div>
                  <h3>{course.title}</h3>
                  <p className={`course-next ${course.next.kind === 'done' ? 'passed' : ''}`}>
                    {nextShort(t, course.next)}
                  </p>
                  <p className="course-status">
                    <span
                      className={`course-word course-word-${progressWord(course)}`}
                      data-testid="progress-word"
                    >
                      {t(`learn.progressWord.${progressWord(course)}`)}
                    </span>
                    <span>
                      {t('learn.lessonsDone', { done: course.lessonsCompleted, total: course.lessonCount })}
                    </span>
                  </p>
                  <ProgressBar done={course.lessonsCompleted} total={course.lessonCount} />
                  <button
                    type="button"
                    className="btn btn-primary"
                    onClick={() => navigate(`/learn/course/${course.id}`)}
                  >
                    {t('learn.openCourse')}
                    <span className="visually-hidden">: {course.title}</span>
                  </button>
                </li>
              ))}
            </ul>
          </section>
        )}
      </Screen>
    </>
  );
}
