import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { QuizSummary } from '../../../main/api/courses';
import type { ApiError } from '../../../main/api/result';
import { call } from '../api/client';
import { navigate } from '../router/hash';
import { NotReady } from './NotReady';
import { Screen } from '../shared/Screen';
import { Icon } from './icons';
import { LearnerNav } from './LearnerNav';
import { lastResult, type KeptResult } from './lastResult';
import { formatScore } from './numbers';

/**
 * Right after submitting: the score, passed or not, the certificate when one was issued, what comes next,
 * and every question with the learner's answer and whether it was right; the right one and its explanation
 * only when the quiz's rule allows them now (the API leaves them out until then, and the screen says when).
 */
export function QuizResult({
  courseId,
  quizId,
  attemptId,
}: {
  courseId: string;
  quizId: string;
  attemptId: string;
}) {
  const { t } = useTranslation();
  const [kept, setKept] = useState<KeptResult | null>(() => lastResult(attemptId));
  const [error, setError] = useState<ApiError | null>(null);
  const [quiz, setQuiz] = useState<QuizSummary | null>(null);

  useEffect(() => {
    // A later login resumes at the course, not at a quiz already submitted.
    void call('auth.saveResume', { route: `/learn/course/${courseId}`, position: 0 });
    void call('courses.outline', { courseId }).then((r) => {
      if (r.ok) setQuiz(r.value.course.quizzes.find((q) => q.id === quizId) ?? null);
    });
  }, [courseId, quizId]);

  useEffect(() => {
    if (lastResult(attemptId)) return;
    void call('quiz.result', { attemptId }).then((r) =>
      r.ok ? setKept({ result: r.value.result, timeUp: false }) : setError(r.error),
    );
  }, [attemptId]);

  if (!kept) {
    return (
      <NotReady
        name="quiz-result"
        error={error}
        backTo={`/learn/course/${courseId}`}
        backLabel={t('result.toCourse')}
      />
    );
  }
  const { result, timeUp } = kept;
  const kind = kept.kind ?? quiz?.kind;
  const left = result.attemptsLeft;
  // A pretest is not passed or failed: it shows where the learner starts.
  const boxClass = kind === 'pre' ? 'score-neutral' : result.passed ? 'passed' : 'not-passed';
  const verdict =
    kind === 'pre'
      ? t('result.pretestDone')
      : t(result.passed ? 'result.passed' : 'result.notPassed', { passMark: result.passMark });
  const text = (ids: string[], options: { id: string; text: string }[]) =>
    ids.map((id) => options.find((o) => o.id === id)?.text ?? id).join('; ');
  return (
    <>
      <LearnerNav />
      <Screen name="quiz-result" title={t('result.title')} className="result-screen" wide readAloud>
        {timeUp && (
          <p className="notice" role="status" data-testid="time-up">
            {t('result.timeUp')}
          </p>
        )}
        <div className={`score-box ${boxClass}`} data-testid="score">
          <p className="score">{t('result.score', { score: formatScore(result.score) })}</p>
          <p className="score-verdict">{verdict}</p>
          {!result.passed && kind === 'post' && left !== null && (
            <p className="score-attempts" data-testid="attempts-left">
              {left > 0 ? t('learn.attemptsLeft', { count: left }) : t('gate.no_attempts_left')}
            </p>
          )}
        </div>
        {result.certificateNumber && (
          <div className="certificate-box" data-testid="certificate-issued">
            <p className="certificate-box-title">
              <Icon name="award" /> {t('result.certificateTitle')}
            </p>
            <p>{t('result.certificateText', { number: result.certificateNumber })}</p>
            <button
              type="button"
              className="btn btn-primary btn-big"
              onClick={() => navigate(`/learn/certificates/${result.certificateNumber}`)}
            >
              {t('cert.viewPrint')}
            </button>
          </div>
        )}
        <h2>{t(result.answersShown ? 'result.itemsHeading' : 'result.itemsHeadingHidden')}</h2>
        {!result.answersShown && (
          <p className="notice" role="status" data-testid="answers-later">
            {t(`result.answersLater.${result.showAnswers}`)}
          </p>
        )}
        <ol className="result-items">
          {result.items.map((item) => (
            <li key={item.questionId} className={`result-item ${item.correct ? 'right' : 'wrong'}`}>
              <p className="result-mark">
                <span aria-hidden="true">{item.correct ? '✓' : '✗'}</span>{' '}
                {item.correct ? t('result.right') : t('result.wrong')}
              </p>
              <p className="result-prompt">{item.prompt}</p>
              <p>
                {t('result.yourAnswer')}{' '}
                <strong>{item.chosen.length ? text(item.chosen, item.options) : t('result.noAnswer')}</strong>
              </p>
              {!item.correct && item.correctOptionIds && (
                <p>
                  {t('result.rightAnswer')} <strong>{text(item.correctOptionIds, item.options)}</strong>
                </p>
              )}
              {item.explanation !== null && (
                <p className="explanation">
                  <span className="explanation-label">{t('result.why')}</span> {item.explanation}
                </p>
              )}
            </li>
          ))}
        </ol>
        <div className="actions">
          <button
            type="button"
            className="btn btn-primary"
            onClick={() => navigate(`/learn/course/${courseId}`)}
          >
            {t('result.toCourse')}
          </button>
          <button type="button" className="btn btn-secondary" onClick={() => navigate('/learn')}>
            {t('result.toHome')}
          </button>
        </div>
      </Screen>
    </>
  );
}
