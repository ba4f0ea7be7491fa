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
import { LessonProgress } from './Progress';

/** After login: one sentence that says what to do next, then the courses with the learner's own progress. */
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
      <Screen name="learner-home" title={t('learn.hello', { name: account?.fullName ?? '' })} wide readAloud>
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
            <ul className="course-list">
              {courses.map((course) => (
                <li key={course.id} className="course-card" data-course={course.id}>
                  <h3>{course.title}</h3>
                  <p className="course-desc">{course.description}</p>
                  <LessonProgress done={course.lessonsCompleted} total={course.lessonCount} />
                  <p className={`course-next ${course.next.kind === 'done' ? 'passed' : ''}`}>
                    {nextShort(t, course.next)}
                  </p>
                  <button
                    type="button"
                    className="btn btn-secondary"
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
