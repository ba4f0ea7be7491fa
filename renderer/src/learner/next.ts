import type { TFunction } from 'i18next';
import type { CourseCard, NextStep } from '../../../main/api/courses';

/** Where a "what next" step leads. */
export function routeForNext(courseId: string, next: NextStep): string {
  if (next.kind === 'lesson') return `/learn/lesson/${courseId}/${next.lessonId}`;
  if (next.kind === 'quiz') return `/learn/quiz/${courseId}/${next.quizId}`;
  return `/learn/course/${courseId}`;
}

/** The one sentence that says what to do next, and the label of the button that does it. */
export function nextSentence(
  t: TFunction,
  courses: CourseCard[],
): { text: string; action: string | null; route: string | null } {
  if (courses.length === 0) return { text: t('learn.next.noCourses'), action: null, route: null };
  const course = courses.find((c) => c.next.kind !== 'done');
  if (!course)
    return { text: t('learn.next.allDone'), action: t('learn.next.seeResults'), route: '/learn/results' };
  const next = course.next;
  const route = routeForNext(course.id, next);
  if (next.kind === 'lesson') {
    return next.resume
      ? {
          text: t('learn.next.lessonResume', { title: next.title }),
          action: t('learn.next.resumeButton'),
          route,
        }
      : { text: t('learn.next.lesson', { title: next.title }), action: t('learn.next.startButton'), route };
  }
  if (next.kind === 'quiz') {
    return {
      text: t(`learn.next.quiz_${next.quizKind}`, { title: next.title }),
      action: t('learn.next.startButton'),
      route,
    };
  }
  return { text: t('learn.next.allDone'), action: null, route: null };
}
