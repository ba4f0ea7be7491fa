import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { navigate } from '../router/hash';
import { Screen } from '../shared/Screen';
import { LearnerNav } from './LearnerNav';
import { lastResult } from './lastResult';

/** Right after submitting: the score, passed or not, and every question with its explanation. */
export function QuizResult({ courseId, quizId }: { courseId: string; quizId: string }) {
  const { t } = useTranslation();
  const result = lastResult(courseId, quizId);
  useEffect(() => {
    if (!result) navigate(`/learn/course/${courseId}`, { replace: true });
  }, [result, courseId]);
  if (!result) return null;
  const text = (ids: string[], options: { id: string; text: string }[]) =>
    ids.map((id) => options.find((o) => o.id === id)?.text ?? id).join('; ');
  return (
    <>
      <LearnerNav />
      <Screen name="quiz-result" title={t('result.title')} className="result-screen" wide>
        <div className={`score-box ${result.passed ? 'passed' : 'not-passed'}`} data-testid="score">
          <p className="score">{t('result.score', { score: Math.round(result.score) })}</p>
          <p className="score-verdict">
            {result.passed
              ? t('result.passed', { passMark: result.passMark })
              : t('result.notPassed', { passMark: result.passMark })}
          </p>
        </div>
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
              {!item.correct && (
                <p>
                  {t('result.rightAnswer')} <strong>{text(item.correctOptionIds, item.options)}</strong>
                </p>
              )}
              <p className="explanation">{item.explanation}</p>
            </li>
          ))}
        </ol>
        <div className="actions">
          <button
            type="button"
            className="btn btn-secondary"
            onClick={() => navigate(`/learn/course/${courseId}`)}
          >
            {t('result.toCourse')}
          </button>
          <button type="button" className="btn btn-primary" onClick={() => navigate('/learn')}>
            {t('result.toHome')}
          </button>
        </div>
      </Screen>
    </>
  );
}
