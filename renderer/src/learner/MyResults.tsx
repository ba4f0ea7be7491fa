import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { CourseResult } from '../../../main/api/courses';
import type { ApiError } from '../../../main/api/result';
import { call } from '../api/client';
import { navigate } from '../router/hash';
import { ErrorBox } from '../shared/ErrorBox';
import { Loading, Screen } from '../shared/Screen';
import { quizLabel } from './gates';
import { Icon } from './icons';
import { LearnerNav } from './LearnerNav';
import { durationText, formatGain, formatScore, gainText } from './numbers';
import { LessonProgress } from './Progress';
import { MoreAbout } from '../shared/MoreAbout';

type Status = 'done' | 'lessonsDone' | 'notPassed' | 'learning' | 'notStarted';

function statusOf(course: CourseResult): Status {
  // A course without a posttest (a short one) is done when its lessons are: nothing to pass.
  const hasPost = course.quizzes.some((q) => q.kind === 'post');
  const lessonsDone = course.lessonCount > 0 && course.lessonsCompleted === course.lessonCount;
  if (!hasPost && lessonsDone) return 'lessonsDone';
  if (course.completed) return 'done';
  if (course.attempts.post > 0) return 'notPassed';
  const begun =
    course.lessonsCompleted > 0 ||
    course.attempts.pre + course.attempts.practice > 0 ||
    course.quizzes.some((q) => q.inProgressAttemptId);
  return begun ? 'learning' : 'notStarted';
}

/** One course: what the programme measures (pretest, posttest, gain, status, time, attempts) and the quizzes. */
function CourseResultCard({ course }: { course: CourseResult }) {
  const { t } = useTranslation();
  const status = statusOf(course);
  const hasPre = course.quizzes.some((q) => q.kind === 'pre');
  const hasPost = course.quizzes.some((q) => q.kind === 'post');
  const score = (n: number | null) => (n === null ? t('results.notTaken') : formatScore(n));
  return (
    <section className="result-course" aria-labelledby={`r-${course.courseId}`} data-result={course.courseId}>
      <div className="result-course-head">
        <h2 id={`r-${course.courseId}`}>{course.title}</h2>
        <p className={`result-status result-status-${status}`} data-testid="course-status">
          {t(`results.status_${status}`)}
        </p>
      </div>
      <LessonProgress done={course.lessonsCompleted} total={course.lessonCount} />
      <dl className="result-facts">
        {hasPre && (
          <div>
            <dt>{t('results.pretest')}</dt>
            <dd data-testid="pretest-score">{score(course.pretestScore)}</dd>
          </div>
        )}
        {hasPost && (
          <div>
            <dt>{t('results.posttestBest')}</dt>
            <dd data-testid="posttest-score">{score(course.posttestScore)}</dd>
          </div>
        )}
        {course.gain !== null && (
          <div>
            <dt>{t('results.gain')}</dt>
            <dd data-testid="gain">{gainText(t, course.gain)}</dd>
          </div>
        )}
        {course.normalizedGain !== null && (
          <div>
            <dt>{t('results.normalizedGain')}</dt>
            <dd data-testid="normalized-gain">
              {formatGain(course.normalizedGain)}
              <span className="result-hint">{t('results.normalizedGainHint')}</span>
              <MoreAbout topic="gain" />
            </dd>
          </div>
        )}
        <div>
          <dt>{t('results.timeSpent')}</dt>
          <dd data-testid="time-spent">{durationText(t, course.timeSpentMinutes)}</dd>
        </div>
        <div className="result-fact-wide">
          <dt>{t('results.attemptsMade')}</dt>
          <dd className="result-fact-small" data-testid="attempts">
            {[
              hasPre && t('results.attemptsPre', { count: course.attempts.pre }),
              hasPost && t('results.attemptsPost', { count: course.attempts.post }),
              t('results.attemptsPractice', { count: course.attempts.practice }),
            ]
              .filter(Boolean)
              .join(' · ')}
          </dd>
        </div>
      </dl>
      {course.certificateNumber && (
        <div className="result-cert">
          <p>
            <Icon name="award" /> {t('results.certificate', { number: course.certificateNumber })}
          </p>
          <button
            type="button"
            className="btn btn-primary"
            onClick={() => navigate(`/learn/certificates/${course.certificateNumber}`)}
          >
            {t('cert.viewPrint')}
          </button>
        </div>
      )}
      <table className="table">
        <caption className="visually-hidden">{t('results.quizzesCaption', { title: course.title })}</caption>
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
              <td>{quizLabel(t(`learn.quizKind.${quiz.kind}`), quiz.title)}</td>
              <td>{quiz.bestScore === null ? '—' : formatScore(quiz.bestScore)}</td>
              <td>
                {quiz.attemptsUsed === 0
                  ? t('results.notTaken')
                  : quiz.kind === 'pre'
                    ? t('results.taken')
                    : quiz.passed
                      ? t('learn.passed')
                      : t('learn.notPassed')}
              </td>
              <td>{quiz.attemptsUsed}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {course.scoScores && course.scoScores.length > 0 && (
        <table className="table" data-testid="sco-scores">
          <caption className="visually-hidden">
            {t('results.scoScoresCaption', { title: course.title })}
          </caption>
          <thead>
            <tr>
              <th scope="col">{t('results.lesson')}</th>
              <th scope="col">{t('results.best')}</th>
            </tr>
          </thead>
          <tbody>
            {course.scoScores.map((sco) => (
              <tr key={sco.lessonId} data-sco-score={sco.lessonId}>
                <td>{sco.title}</td>
                <td>{formatScore(sco.score)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

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
  const taken = results.some((r) => statusOf(r) !== 'notStarted');
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
          <CourseResultCard key={course.courseId} course={course} />
        ))}
      </Screen>
    </>
  );
}
