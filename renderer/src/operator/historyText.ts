import type { TFunction } from 'i18next';
import type { HistoryEvent } from '../../../main/api/reports';
import { formatScore } from './format';

/**
 * A learning event as a short sentence: "Membuka pelajaran “Apa itu APB Desa”", "Lulus tes akhir (nilai 80)".
 * Verbs are the xAPI profile's (docs/xapi-profile.md); one this UI does not know yet shows as it is recorded.
 */
export function eventText(t: TFunction, e: HistoryEvent): string {
  const name = e.activityName;
  const score = e.score === null ? '' : ` ${t('op.history.score', { score: formatScore(e.score) })}`;
  if (e.activityType === 'assessment') {
    const kind = e.quizKind ?? 'practice';
    // Practice quizzes have names of their own; a pretest is the pretest.
    const quiz = kind === 'practice' ? t('op.history.practiceNamed', { name }) : t(`op.history.quiz_${kind}`);
    switch (e.verb) {
      case 'attempted':
        return t('op.history.verb.attempted', { quiz });
      case 'passed':
      case 'failed':
        if (kind === 'pre') return t('op.history.verb.pretestDone', { quiz }) + score;
        return t(`op.history.verb.${e.verb}`, { quiz }) + score;
    }
  }
  if (e.activityType === 'lesson') {
    if (e.verb === 'experienced' || e.verb === 'completed' || e.verb === 'progressed')
      return t(`op.history.verb.lesson_${e.verb}`, { name });
  }
  if (e.activityType === 'course') {
    if (e.verb === 'launched') return t('op.history.verb.course_launched');
    if (e.verb === 'completed') return t('op.history.verb.course_completed') + score;
  }
  if (e.verb === 'certified' || e.activityType === 'certificate')
    return t('op.history.verb.certified', { number: e.certificateNumber ?? name });
  if (e.verb === 'answered') {
    const mark = e.success === null ? '' : ` (${e.success ? t('op.history.right') : t('op.history.wrong')})`;
    return t('op.history.verb.answered') + mark;
  }
  return `${e.verb}: ${name}${score}`;
}
