import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { AttemptView, QuizSummary } from '../../../main/api/courses';
import type { ApiError } from '../../../main/api/result';
import { call } from '../api/client';
import { navigate } from '../router/hash';
import { NotReady } from './NotReady';
import { Dialog } from '../shared/Dialog';
import { ErrorBox } from '../shared/ErrorBox';
import { Screen } from '../shared/Screen';
import { keepResult, resultRoute } from './lastResult';
import { QuestionCard } from './QuestionCard';
import { QuizIntro } from './QuizIntro';
import { QuizTimer } from './QuizTimer';

const isTimeUp = (error: ApiError) =>
  error.code === 'CONFLICT' && (error.details?.reason === 'expired' || error.details?.reason === 'submitted');

/** The time ran out, the app submitted the attempt, and its review could not be fetched: say so. */
function TimeUp({ courseId }: { courseId: string }) {
  const { t } = useTranslation();
  return (
    <Screen name="quiz-time-up" title={t('quiz.timeUpTitle')}>
      <p className="lead" role="status">
        {t('quiz.timeUpText')}
      </p>
      <div className="actions">
        <button type="button" className="btn btn-primary" onClick={() => navigate('/learn/results')}>
          {t('quiz.seeResults')}
        </button>
        <button
          type="button"
          className="btn btn-secondary"
          onClick={() => navigate(`/learn/course/${courseId}`)}
        >
          {t('result.toCourse')}
        </button>
      </div>
    </Screen>
  );
}

/**
 * A quiz, one question per screen; each answer is saved the moment it is chosen. A timed quiz shows the time
 * left; when it runs out, the answers given so far are submitted and the result says so. A pretest or
 * posttest not yet begun asks first (QuizIntro). "Kembali ke kursus" leaves the attempt open: its timer
 * stops (nothing is counted while the quiz is off screen) and the course page offers "Lanjutkan tes".
 */
export function QuizScreen({ courseId, quizId }: { courseId: string; quizId: string }) {
  const { t } = useTranslation();
  const [attempt, setAttempt] = useState<AttemptView | null>(null);
  const [answers, setAnswers] = useState<Record<string, string[]>>({});
  const [index, setIndex] = useState(0);
  const [error, setError] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);
  const [confirming, setConfirming] = useState(false);
  const [timeUp, setTimeUp] = useState(false);
  /** A pretest or posttest with no open attempt: asked once before it starts. */
  const [intro, setIntro] = useState<{ quiz: QuizSummary; courseTitle: string } | null>(null);

  const start = useCallback(() => {
    setIntro(null);
    void call('quiz.start', { courseId, quizId }).then((r) => {
      if (!r.ok) return setError(r.error);
      const a = r.value.attempt;
      setAttempt(a);
      setAnswers(a.answers);
      const firstOpen = a.questions.findIndex((q) => !a.answers[q.id]?.length);
      setIndex(firstOpen < 0 ? Math.max(0, a.questions.length - 1) : firstOpen);
    });
  }, [courseId, quizId]);

  useEffect(() => {
    void call('courses.outline', { courseId }).then((r) => {
      const quiz = r.ok ? r.value.course.quizzes.find((q) => q.id === quizId) : undefined;
      if (r.ok && quiz && quiz.kind !== 'practice' && !quiz.inProgressAttemptId)
        return setIntro({ quiz, courseTitle: r.value.course.title });
      // Anything else (a practice quiz, an open attempt, or a refusal quiz.start will explain): start.
      start();
    });
  }, [courseId, quizId, start]);

  const attemptId = attempt?.attemptId ?? null;
  const kind = attempt?.quizKind ?? 'practice';
  /** The app already submitted the attempt (its time ran out): fetch the review and show it. */
  const submittedByApp = useCallback(async () => {
    if (!attemptId) return;
    const r = await call('quiz.result', { attemptId });
    if (!r.ok) return setTimeUp(true);
    keepResult(r.value.result, kind, true);
    navigate(resultRoute(courseId, quizId, attemptId), { replace: true });
  }, [attemptId, courseId, quizId, kind]);
  const submit = useCallback(
    async (because: 'learner' | 'time') => {
      if (!attemptId) return;
      setConfirming(false);
      setBusy(true);
      const r = await call('quiz.submit', { attemptId });
      setBusy(false);
      if (!r.ok) return isTimeUp(r.error) ? void submittedByApp() : setError(r.error);
      keepResult(r.value.result, kind, because === 'time');
      navigate(resultRoute(courseId, quizId, attemptId), { replace: true });
    },
    [attemptId, courseId, quizId, kind, submittedByApp],
  );
  const onTimeUp = useCallback(
    (noticedBy: 'here' | 'app') => void (noticedBy === 'here' ? submit('time') : submittedByApp()),
    [submit, submittedByApp],
  );

  if (timeUp) return <TimeUp courseId={courseId} />;
  if (intro)
    return (
      <QuizIntro courseId={courseId} courseTitle={intro.courseTitle} quiz={intro.quiz} onStart={start} />
    );
  if (!attempt) {
    return <NotReady name="quiz" error={error} backTo={`/learn/course/${courseId}`} />;
  }

  const question = attempt.questions[index]!;
  const total = attempt.questions.length;
  const unanswered = attempt.questions.filter((q) => !answers[q.id]?.length).length;
  const last = index === total - 1;

  const leave = async () => {
    // The time since the last tick still counts; after it, nothing does until the attempt is opened again.
    if (attempt.secondsLeft !== null) await call('quiz.tick', { attemptId: attempt.attemptId });
    navigate(`/learn/course/${courseId}`);
  };

  const choose = async (optionIds: string[]) => {
    const before = answers[question.id];
    setAnswers({ ...answers, [question.id]: optionIds });
    setError(null);
    const r = await call('quiz.answer', { attemptId: attempt.attemptId, questionId: question.id, optionIds });
    if (r.ok) return;
    if (isTimeUp(r.error)) return void submittedByApp();
    setError(r.error);
    setAnswers((a) => ({ ...a, [question.id]: before ?? [] }));
  };

  return (
    <Screen name="quiz" title={attempt.title} className="quiz-screen">
      <div className="quiz-course-line">
        <p className="quiz-course" data-testid="quiz-course">
          {t('quiz.inCourse', { course: attempt.courseTitle })}
        </p>
        <button type="button" className="btn btn-secondary" onClick={() => void leave()} disabled={busy}>
          ← {t('quiz.backToCourse')}
        </button>
      </div>
      <p className="hint">{t('quiz.leaveHint')}</p>
      <div className="quiz-head">
        <p className="quiz-progress" data-testid="quiz-progress">
          {t('quiz.progress', { n: index + 1, total })}
        </p>
        {attempt.secondsLeft !== null && (
          <QuizTimer attemptId={attempt.attemptId} secondsLeft={attempt.secondsLeft} onTimeUp={onTimeUp} />
        )}
      </div>
      <div
        className="progress-bar"
        role="progressbar"
        aria-valuemin={1}
        aria-valuemax={total}
        aria-valuenow={index + 1}
        aria-label={t('quiz.progress', { n: index + 1, total })}
      >
        <span style={{ width: `${Math.round(((index + 1) / total) * 100)}%` }} />
      </div>
      <QuestionCard
        key={question.id}
        question={question}
        chosen={answers[question.id] ?? []}
        onChange={(ids) => void choose(ids)}
      />
      <ErrorBox error={error} />
      <nav className="quiz-nav" aria-label={t('quiz.navLabel')}>
        <button
          type="button"
          className="btn btn-secondary btn-big"
          disabled={index === 0}
          onClick={() => setIndex(index - 1)}
        >
          ← {t('quiz.previous')}
        </button>
        {last ? (
          <button
            type="button"
            className="btn btn-primary btn-big"
            disabled={busy}
            onClick={() => (unanswered > 0 ? setConfirming(true) : void submit('learner'))}
          >
            {t('quiz.submit')}
          </button>
        ) : (
          <button type="button" className="btn btn-primary btn-big" onClick={() => setIndex(index + 1)}>
            {t('quiz.next')} →
          </button>
        )}
      </nav>
      {confirming && (
        <Dialog
          name="quiz-unanswered"
          title={t('quiz.unansweredTitle')}
          onCancel={() => setConfirming(false)}
          actions={
            <>
              <button type="button" className="btn btn-secondary" onClick={() => setConfirming(false)}>
                {t('quiz.keepAnswering')}
              </button>
              <button type="button" className="btn btn-primary" onClick={() => void submit('learner')}>
                {t('quiz.submitAnyway')}
              </button>
            </>
          }
        >
          <p>{t('quiz.unansweredText', { count: unanswered })}</p>
        </Dialog>
      )}
    </Screen>
  );
}
