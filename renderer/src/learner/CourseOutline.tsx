import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { CourseOutline as Outline, QuizSummary } from '../../../main/api/courses';
import type { ApiError } from '../../../main/api/result';
import { call } from '../api/client';
import { navigate } from '../router/hash';
import { ErrorBox } from '../shared/ErrorBox';
import { Loading, Screen } from '../shared/Screen';
import { attemptsLeft, pretestPending, quizGate, quizLabel } from './gates';
import { Icon } from './icons';
import { LearnerNav } from './LearnerNav';
import { STATUS_MARK } from './LessonOutline';
import { formatScore } from './numbers';
import { LessonProgress } from './Progress';
import { shownLessons, tocLookup, type TocLookup } from './scoToc';

/** One quiz: what it is, how many attempts are left, the best score, and either a button or why not yet. */
function QuizCard({ course, quiz }: { course: Outline; quiz: QuizSummary }) {
  const { t } = useTranslation();
  const left = attemptsLeft(quiz);
  const gate = quizGate(course, quiz);
  return (
    <li className={`quiz-card ${gate ? 'quiz-card-closed' : ''}`} data-quiz={quiz.id}>
      <div>
        <h3>
          {quizLabel(t(`learn.quizKind.${quiz.kind}`), quiz.title) !== quiz.title && (
            <span className="quiz-kind">{t(`learn.quizKind.${quiz.kind}`)}</span>
          )}{' '}
          {quiz.title}
        </h3>
        <p>
          {t('learn.quizFacts', { count: quiz.questionCount, passMark: quiz.passMark })}
          {left !== null &&
            quiz.kind !== 'pre' &&
            !quiz.passed &&
            ` ${t('learn.attemptsOf', { left, total: quiz.attemptsAllowed })}`}
        </p>
        {quiz.bestScore !== null && (
          <p className={quiz.kind === 'pre' ? 'quiz-score' : quiz.passed ? 'passed' : 'not-passed'}>
            {t(quiz.kind === 'pre' ? 'learn.pretestScore' : 'learn.bestScore', {
              score: formatScore(quiz.bestScore),
            })}{' '}
            {quiz.kind !== 'pre' && (quiz.passed ? t('learn.passed') : t('learn.notPassed'))}
          </p>
        )}
        {!gate && quiz.inProgressAttemptId && (
          <p className="quiz-open" data-testid="quiz-open">
            {t('learn.quizOpen')}
          </p>
        )}
        {gate && (
          <p
            className={gate === 'already_passed' || gate === 'pretest_done' ? 'gate gate-done' : 'gate'}
            data-testid="gate"
          >
            {gate === 'already_passed' || gate === 'pretest_done' ? (
              <span aria-hidden="true">✓ </span>
            ) : (
              <Icon name="lock" />
            )}
            {gate === 'lessons_first'
              ? t('gate.lessons_first_count', { done: course.lessonsCompleted, total: course.lessonCount })
              : t(`gate.${gate}`)}
          </p>
        )}
      </div>
      {!gate && (
        <button
          type="button"
          className="btn btn-primary"
          onClick={() => navigate(`/learn/quiz/${course.id}/${quiz.id}`)}
        >
          {quiz.inProgressAttemptId ? t('learn.quizContinue') : t('learn.quizStart')}
          <span className="visually-hidden">: {quiz.title}</span>
        </button>
      )}
    </li>
  );
}

/**
 * A course as the path it is: Tes Awal first, then the lessons (shut until the pretest is done), practice
 * quizzes, and Tes Akhir (open once every lesson is done), each saying plainly why it waits.
 */
export function CourseOutline({ courseId }: { courseId: string }) {
  const { t } = useTranslation();
  const [course, setCourse] = useState<Outline | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  // A SCORM course with sequencing: which items its rules open now, and why the others wait.
  const [toc, setToc] = useState<TocLookup>(null);

  useEffect(() => {
    void call('courses.outline', { courseId }).then((r) =>
      r.ok ? setCourse(r.value.course) : setError(r.error),
    );
    void call('scorm.toc', { courseId }).then((r) => r.ok && setToc(() => tocLookup(r.value.toc)));
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
  const locked = pretestPending(course);
  const pre = course.quizzes.filter((q) => q.kind === 'pre');
  const practice = course.quizzes.filter((q) => q.kind === 'practice');
  const post = course.quizzes.filter((q) => q.kind === 'post');
  const steps = [
    pre.length > 0 && 'learn.stepPre',
    'learn.stepLessons',
    practice.length > 0 && 'learn.stepPractice',
    post.length > 0 && 'learn.stepPost',
  ].filter(Boolean);
  const stepTitle = (key: string) => t('learn.step', { n: steps.indexOf(key) + 1, what: t(key) });
  return (
    <>
      <LearnerNav />
      <Screen name="course" title={course.title} wide>
        <p className="lead">{course.description}</p>
        <LessonProgress done={course.lessonsCompleted} total={course.lessonCount} />
        {pre.length > 0 && (
          <section aria-labelledby="step-pre" className="course-step">
            <h2 id="step-pre">{stepTitle('learn.stepPre')}</h2>
            <ul className="quiz-list">
              {pre.map((quiz) => (
                <QuizCard key={quiz.id} course={course} quiz={quiz} />
              ))}
            </ul>
          </section>
        )}
        <section aria-labelledby="step-lessons" className="course-step">
          <h2 id="step-lessons">{stepTitle('learn.stepLessons')}</h2>
          {locked && (
            <p className="notice gate-notice" data-testid="lessons-locked">
              <Icon name="lock" /> {t('learn.lessonsAfterPretest')}
            </p>
          )}
          {course.modules.map((module) => {
            const lessons = shownLessons(module.lessons, toc);
            return (
              <div key={module.id} className="module">
                <h3 className="module-title">{module.title}</h3>
                {lessons.length === 0 && <p className="hint">{t('sco.byNextOnly')}</p>}
                <ol className="lesson-list">
                  {lessons.map((lesson) => {
                    const entry = toc?.(lesson.id);
                    const closed = entry && !entry.open ? entry.reason : null;
                    const shut = locked || closed !== null;
                    return (
                      <li key={lesson.id}>
                        <button
                          type="button"
                          className={`lesson-row status-${lesson.status}`}
                          data-lesson={lesson.id}
                          disabled={shut}
                          onClick={() => navigate(`/learn/lesson/${course.id}/${lesson.id}`)}
                        >
                          <span className="lesson-mark" aria-hidden="true">
                            {shut ? <Icon name="lock" /> : STATUS_MARK[lesson.status]}
                          </span>
                          <span className="lesson-title">{lesson.title}</span>
                          <span className="lesson-status" data-testid={closed ? 'sco-closed' : undefined}>
                            {locked
                              ? t('learn.locked')
                              : closed
                                ? t(`sco.closed.${closed}`)
                                : t(`learn.status.${lesson.status}`)}
                          </span>
                        </button>
                      </li>
                    );
                  })}
                </ol>
              </div>
            );
          })}
        </section>
        {practice.length > 0 && (
          <section aria-labelledby="step-practice" className="course-step">
            <h2 id="step-practice">{stepTitle('learn.stepPractice')}</h2>
            <p className="hint">{t('learn.practiceHint')}</p>
            <ul className="quiz-list">
              {practice.map((quiz) => (
                <QuizCard key={quiz.id} course={course} quiz={quiz} />
              ))}
            </ul>
          </section>
        )}
        {post.length > 0 && (
          <section aria-labelledby="step-post" className="course-step">
            <h2 id="step-post">{stepTitle('learn.stepPost')}</h2>
            <ul className="quiz-list">
              {post.map((quiz) => (
                <QuizCard key={quiz.id} course={course} quiz={quiz} />
              ))}
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
