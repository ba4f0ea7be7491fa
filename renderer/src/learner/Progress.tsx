import { useTranslation } from 'react-i18next';

/** Lessons done out of all, as words and as a bar. */
export function LessonProgress({ done, total }: { done: number; total: number }) {
  const { t } = useTranslation();
  return (
    <div className="progress">
      <p className="progress-text">{t('learn.lessonsDone', { done, total })}</p>
      <ProgressBar done={done} total={total} />
    </div>
  );
}

/** The bar alone (the words beside it say the same). */
export function ProgressBar({ done, total }: { done: number; total: number }) {
  const { t } = useTranslation();
  const percent = total === 0 ? 0 : Math.round((done / total) * 100);
  return (
    <div
      className="progress-bar"
      role="progressbar"
      aria-valuemin={0}
      aria-valuemax={total}
      aria-valuenow={done}
      aria-label={t('learn.lessonsDone', { done, total })}
    >
      <span style={{ width: `${percent}%` }} />
    </div>
  );
}
