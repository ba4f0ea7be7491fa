import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { CourseResult } from '../../../main/api/courses';
import type { ApiError } from '../../../main/api/result';
import { call } from '../api/client';
import { ErrorBox } from '../shared/ErrorBox';
import { Loading, Screen } from '../shared/Screen';
import { LearnerNav } from './LearnerNav';
import { LessonProgress } from './Progress';

/** The learner's own results (never anyone else's). */
export function MyResults() {
  const { t } = useTranslation();
  const [results, setResults] = useState<CourseResult[] | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  useEffect(() => {
    void call('results.mine', {}).then((r) => (r.ok ? setResults(r.value.results) : setError(r.error)));
  }, []);
  if (!results) {
    return error ? (
      <div className="screen" data-screen="results-failed">
        <ErrorBox error={error} />
      </div>
    ) : (
      <Loading name="results" label={t('common.loading')} />
    );
  }
  const taken = results.some((r) => r.lessonsCompleted > 0 || r.quizzes.some((q) => q.attemptsUsed > 0));
  return (
    <>
      <LearnerNav />
      <Screen name="results" title={t('results.title')} wide>
        {!taken && (
          <p className="lead" data-testid="no-results">
            {t('results.none')}
          </p>
        )}
        {results.map((course) => (
          <section key={course.courseId} className="result-course" aria-labelledby={`r-${course.courseId}`}>
            <h2 id={`r-${course.courseId}`}>{course.title}</h2>
            <LessonProgress done={course.lessonsCompleted} total={course.lessonCount} />
            <table className="table">
              <caption className="visually-hidden">
                {t('results.quizzesCaption', { title: course.title })}
              </caption>
              <thead>
                <tr>
                  <th scope="col">{t('results.quiz')}</th>
                  <th scope="col">{t('results.best')}</th>
                  <th scope="col">{t('results.status')}</th>
                  <th scope="col">{t('results.attempts')}</th>
                </tr>
              </thead>
              <tbody>
                {course.quizzes.map((quiz) => (
                  <tr key={quiz.id} data-quiz={quiz.id}>
                    <td>
                      {t(`learn.quizKind.${quiz.kind}`)}: {quiz.title}
                    </td>
                    <td>{quiz.bestScore === null ? '—' : Math.round(quiz.bestScore)}</td>
                    <td>
                      {quiz.attemptsUsed === 0
                        ? t('results.notTaken')
                        : quiz.passed
                          ? t('learn.passed')
                          : t('learn.notPassed')}
                    </td>
                    <td>{quiz.attemptsUsed}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </section>
        ))}
      </Screen>
    </>
  );
}
