import { useTranslation } from 'react-i18next';
import type { QuizSummary } from '../../../main/api/courses';
import { navigate } from '../router/hash';
import { Screen } from '../shared/Screen';

/** About one minute a question, rounded up to five minutes: what "roughly how long" says for an untimed test. */
export function estimatedMinutes(questionCount: number): number {
  return Math.max(5, Math.ceil(questionCount / 5) * 5);
}

/**
 * Asked once, before a pretest or posttest begins: how many questions, roughly how long, and that the
 * answers are kept if the learner leaves. Not shown again while the attempt is open.
 */
export function QuizIntro({
  courseId,
  courseTitle,
  quiz,
  onStart,
}: {
  courseId: string;
  courseTitle: string;
  quiz: QuizSummary;
  onStart: () => void;
}) {
  const { t } = useTranslation();
  return (
    <Screen name="quiz-intro" title={quiz.title} className="quiz-intro">
      <p className="quiz-course">{t('quiz.inCourse', { course: courseTitle })}</p>
      <ul className="quiz-facts">
        <li data-testid="intro-count">{t('quiz.intro.count', { count: quiz.questionCount })}</li>
        <li data-testid="intro-time">
          {quiz.timerMinutes !== null
            ? t('quiz.intro.timed', { minutes: quiz.timerMinutes })
            : t('quiz.intro.untimed', { minutes: estimatedMinutes(quiz.questionCount) })}
        </li>
        <li>{t(quiz.kind === 'pre' ? 'quiz.intro.pre' : 'quiz.intro.post', { passMark: quiz.passMark })}</li>
        <li>{t('quiz.intro.saved')}</li>
      </ul>
      <div className="actions">
        <button type="button" className="btn btn-primary btn-huge" onClick={onStart}>
          {t('quiz.intro.start')}
        </button>
        <button
          type="button"
          className="btn btn-secondary btn-big"
          onClick={() => navigate(`/learn/course/${courseId}`)}
        >
          {t('quiz.backToCourse')}
        </button>
      </div>
    </Screen>
  );
}
