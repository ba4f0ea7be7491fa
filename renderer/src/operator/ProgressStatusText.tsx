import { useTranslation } from 'react-i18next';
import type { ProgressStatus } from '../../../main/api/reports';

const STYLE: Record<ProgressStatus, string> = {
  not_started: 'status status-muted',
  in_progress: 'status status-info',
  completed: 'status status-ok',
  failed_post: 'status status-warn',
};

/** A learner's standing in a course in plain words, with what is left when that helps the operator. */
export function ProgressStatusText({
  status,
  lessonsCompleted,
  lessonCount,
  posttestAttemptsLeft,
}: {
  status: ProgressStatus;
  lessonsCompleted: number;
  lessonCount: number;
  posttestAttemptsLeft: number | null;
}) {
  const { t } = useTranslation();
  let detail: string | null = null;
  if (status === 'in_progress')
    detail = t('op.progress.lessons', { done: lessonsCompleted, total: lessonCount });
  if (status === 'failed_post' && posttestAttemptsLeft !== null)
    detail =
      posttestAttemptsLeft > 0
        ? t('op.progress.attemptsLeft', { count: posttestAttemptsLeft })
        : t('op.progress.noAttemptsLeft');
  return (
    <>
      <span className={STYLE[status]} data-status={status}>
        {t(`op.progress.${status}`)}
      </span>
      {detail && <span className="status-detail">{detail}</span>}
    </>
  );
}
