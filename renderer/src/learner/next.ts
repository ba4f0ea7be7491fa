import type { TFunction } from 'i18next';
import type { CourseCard, NextStep } from '../../../main/api/courses';

/** Where a "what next" step leads. */
export function routeForNext(courseId: string, next: NextStep): string {
  if (next.kind === 'lesson') return `/learn/lesson/${courseId}/${next.lessonId}`;
  if (next.kind === 'quiz') return `/learn/quiz/${courseId}/${next.quizId}`;
  return `/learn/course/${courseId}`;
}

/**
 * Which course the learner goes on with: the one they are reading in, then one whose lessons are done (its
 * test waits), then one they have begun, then the first not begun. Lower is sooner.
 */
function urgency(course: CourseCard): number {
  const next = course.next;
  if (next.kind === 'lesson') return next.resume ? 0 : 2;
  if (next.kind === 'quiz' && next.quizKind === 'post') return 1;
  if (next.kind === 'quiz' && next.quizKind === 'practice') return 3;
  if (next.kind === 'quiz') return 4;
  return 5;
}

/** The course the learner should go on with (null when every course is done or there is none). */
export function nextCourse(courses: CourseCard[]): CourseCard | null {
  const open = courses.filter((c) => c.next.kind !== 'done');
  if (open.length === 0) return null;
  // Between two equally urgent courses, the one further along.
  const rank = (c: CourseCard) => urgency(c) * 1000 - Math.min(999, c.lessonsCompleted);
  return open.reduce((best, c) => (rank(c) < rank(best) ? c : best));
}

/** A course's own next step in a few words, for its card. */
export function nextShort(t: TFunction, next: NextStep): string {
  if (next.kind === 'lesson')
    return t(next.resume ? 'learn.nextShort.lessonResume' : 'learn.nextShort.lesson', { title: next.title });
  if (next.kind === 'quiz') return t(`learn.nextShort.quiz_${next.quizKind}`, { title: next.title });
  return t('learn.nextShort.done');
}

/** The one sentence that says what to do next, and the label of the button that does it. */
export function nextSentence(
  t: TFunction,
  courses: CourseCard[],
): { text: string; action: string | null; route: string | null } {
  if (courses.length === 0) return { text: t('learn.next.noCourses'), action: null, route: null };
  const course = nextCourse(courses);
  if (!course)
    return { text: t('learn.next.allDone'), action: t('learn.next.seeResults'), route: '/learn/results' };
  const next = course.next;
  const route = routeForNext(course.id, next);
  const words = { course: course.title };
  if (next.kind === 'lesson') {
    return next.resume
      ? {
          text: t('learn.next.lessonResume', { ...words, title: next.title }),
          action: t('learn.next.resumeButton'),
          route,
        }
      : {
          text: t('learn.next.lesson', { ...words, title: next.title }),
          action: t('learn.next.startButton'),
          route,
        };
  }
  if (next.kind === 'quiz') {
    return {
      text: t(`learn.next.quiz_${next.quizKind}`, { ...words, title: next.title }),
      action: t('learn.next.startButton'),
      route,
    };
  }
  return { text: t('learn.next.allDone'), action: null, route: null };
}
