import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { CourseOutline as Outline, QuizSummary } from '../../../main/api/courses';
import type { ApiError } from '../../../main/api/result';
import { call } from '../api/client';
import { navigate } from '../router/hash';
import { ErrorBox } from '../shared/ErrorBox';
import { Loading, Screen } from '../shared/Screen';
import { LearnerNav } from './LearnerNav';
import { LessonProgress } from './Progress';

const STATUS_MARK = { not_started: '○', in_progress: '◐', completed: '✓' } as const;

function attemptsLeft(quiz: QuizSummary): number | null {
  return quiz.attemptsAllowed === null ? null : Math.max(0, quiz.attemptsAllowed - quiz.attemptsUsed);
}

/** A course: its modules and lessons with the learner's status, and its quizzes. */
export function CourseOutline({ courseId }: { courseId: string }) {
  const { t } = useTranslation();
  const [course, setCourse] = useState<Outline | null>(null);
  const [error, setError] = useState<ApiError | null>(null);

  useEffect(() => {
    void call('courses.outline', { courseId }).then((r) =>
      r.ok ? setCourse(r.value.course) : setError(r.error),
    );
  }, [courseId]);

  if (!course) {
    return error ? (
      <div className="screen" data-screen="course-failed">
        <ErrorBox error={error} />
      </div>
    ) : (
      <Loading name="course" label={t('common.loading')} />
    );
  }
  return (
    <>
      <LearnerNav />
      <Screen name="course" title={course.title} wide>
        <p className="lead">{course.description}</p>
        <LessonProgress done={course.lessonsCompleted} total={course.lessonCount} />
        {course.modules.map((module) => (
          <section key={module.id} className="module" aria-labelledby={`m-${module.id}`}>
            <h2 id={`m-${module.id}`}>{module.title}</h2>
            <ol className="lesson-list">
              {module.lessons.map((lesson) => (
                <li key={lesson.id}>
                  <button
                    type="button"
                    className={`lesson-row status-${lesson.status}`}
                    data-lesson={lesson.id}
                    onClick={() => navigate(`/learn/lesson/${course.id}/${lesson.id}`)}
                  >
                    <span className="lesson-mark" aria-hidden="true">
                      {STATUS_MARK[lesson.status]}
                    </span>
                    <span className="lesson-title">{lesson.title}</span>
                    <span className="lesson-status">{t(`learn.status.${lesson.status}`)}</span>
                  </button>
                </li>
              ))}
            </ol>
          </section>
        ))}
        {course.quizzes.length > 0 && (
          <section aria-labelledby="quizzes-heading">
            <h2 id="quizzes-heading">{t('learn.quizzesHeading')}</h2>
            <ul className="quiz-list">
              {course.quizzes.map((quiz) => {
                const left = attemptsLeft(quiz);
                const canStart = quiz.inProgressAttemptId !== null || left === null || left > 0;
                return (
                  <li key={quiz.id} className="quiz-card" data-quiz={quiz.id}>
                    <div>
                      <h3>
                        <span className="quiz-kind">{t(`learn.quizKind.${quiz.kind}`)}</span> {quiz.title}
                      </h3>
                      <p>
                        {t('learn.quizFacts', { count: quiz.questionCount, passMark: quiz.passMark })}
                        {left !== null && ` ${t('learn.attemptsLeft', { count: left })}`}
                      </p>
                      {quiz.bestScore !== null && (
                        <p className={quiz.passed ? 'passed' : 'not-passed'}>
                          {t('learn.bestScore', { score: Math.round(quiz.bestScore) })}{' '}
                          {quiz.passed ? t('learn.passed') : t('learn.notPassed')}
                        </p>
                      )}
                    </div>
                    <button
                      type="button"
                      className="btn btn-primary"
                      disabled={!canStart}
                      onClick={() => navigate(`/learn/quiz/${course.id}/${quiz.id}`)}
                    >
                      {quiz.inProgressAttemptId ? t('learn.quizContinue') : t('learn.quizStart')}
                      <span className="visually-hidden">: {quiz.title}</span>
                    </button>
                  </li>
                );
              })}
            </ul>
          </section>
        )}
        <div className="actions">
          <button type="button" className="btn btn-secondary" onClick={() => navigate('/learn')}>
            {t('common.back')}
          </button>
        </div>
      </Screen>
    </>
  );
}
