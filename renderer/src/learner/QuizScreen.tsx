import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { AttemptView } from '../../../main/api/courses';
import type { ApiError } from '../../../main/api/result';
import { call } from '../api/client';
import { navigate } from '../router/hash';
import { Dialog } from '../shared/Dialog';
import { ErrorBox } from '../shared/ErrorBox';
import { Loading, Screen } from '../shared/Screen';
import { keepResult } from './lastResult';
import { QuestionCard } from './QuestionCard';

/** A quiz, one question per screen; each answer is saved the moment it is chosen. */
export function QuizScreen({ courseId, quizId }: { courseId: string; quizId: string }) {
  const { t } = useTranslation();
  const [attempt, setAttempt] = useState<AttemptView | null>(null);
  const [answers, setAnswers] = useState<Record<string, string[]>>({});
  const [index, setIndex] = useState(0);
  const [error, setError] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);
  const [confirming, setConfirming] = useState(false);

  useEffect(() => {
    void call('quiz.start', { courseId, quizId }).then((r) => {
      if (!r.ok) return setError(r.error);
      const a = r.value.attempt;
      setAttempt(a);
      setAnswers(a.answers);
      const firstOpen = a.questions.findIndex((q) => !a.answers[q.id]?.length);
      setIndex(firstOpen < 0 ? Math.max(0, a.questions.length - 1) : firstOpen);
    });
  }, [courseId, quizId]);

  if (!attempt) {
    return error ? (
      <div className="screen" data-screen="quiz-failed">
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
      <Loading name="quiz" label={t('common.loading')} />
    );
  }

  const question = attempt.questions[index]!;
  const total = attempt.questions.length;
  const unanswered = attempt.questions.filter((q) => !answers[q.id]?.length).length;
  const last = index === total - 1;

  const choose = async (optionIds: string[]) => {
    const before = answers[question.id];
    setAnswers({ ...answers, [question.id]: optionIds });
    setError(null);
    const r = await call('quiz.answer', { attemptId: attempt.attemptId, questionId: question.id, optionIds });
    if (!r.ok) {
      setError(r.error);
      setAnswers((a) => ({ ...a, [question.id]: before ?? [] }));
    }
  };

  const submit = async () => {
    setConfirming(false);
    setBusy(true);
    const r = await call('quiz.submit', { attemptId: attempt.attemptId });
    setBusy(false);
    if (!r.ok) return setError(r.error);
    keepResult(courseId, quizId, r.value.result);
    navigate(`/learn/quiz/${courseId}/${quizId}/result`, { replace: true });
  };

  return (
    <Screen name="quiz" title={attempt.title} className="quiz-screen">
      <p className="quiz-progress" data-testid="quiz-progress">
        {t('quiz.progress', { n: index + 1, total })}
      </p>
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
            onClick={() => (unanswered > 0 ? setConfirming(true) : void submit())}
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
              <button type="button" className="btn btn-primary" onClick={() => void submit()}>
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
