import { coursePicture, lessonCaptions } from '../files/content';
import type { coursesApi, CourseCard, LessonStatus } from '../../api/courses';
import { err, ok } from '../../api/result';
import { isoWithOffset } from '../clock';
import type { AuthedCtx, HandlerMap, Services } from '../context';
import { contentTypeOf } from '../content/registry';
import { sql } from '../db/sql';
import { ACTIVITY_TYPES, activityIds, EXTENSIONS } from '../recorder/profile';
import { quizHandlers } from '../quiz/handlers';
import { refuseLesson } from '../quiz/rules';
import { courseResult } from '../results/results';
import { enrol, lessonStatuses, nextStep, quizSummaries } from './progress';
import type { InstalledCourse } from './store';

function card(services: Services, learnerId: string, course: InstalledCourse): CourseCard {
  const lessons = course.manifest.modules.flatMap((m) => m.lessons);
  const statuses = lessonStatuses(services, learnerId, course.id);
  return {
    id: course.id,
    version: course.version,
    title: course.title,
    description: course.manifest.description,
    lessonCount: lessons.length,
    lessonsCompleted: lessons.filter((l) => statuses.get(l.id)?.status === 'completed').length,
    next: nextStep(services, learnerId, course),
    picture: pictureUrl(services, course),
  };
}

function pictureUrl(services: Services, course: InstalledCourse): string | null {
  const path = coursePicture(course, (file) => services.courses.readLesson(course, file));
  return path
    ? `/content/${course.id}/${course.version}/${path.split('/').map(encodeURIComponent).join('/')}`
    : null;
}

function findLesson(course: InstalledCourse, lessonId: string) {
  const lessons = course.manifest.modules.flatMap((m) => m.lessons);
  const index = lessons.findIndex((l) => l.id === lessonId);
  return index < 0
    ? undefined
    : { lesson: lessons[index]!, prev: lessons[index - 1], next: lessons[index + 1] };
}

const courseActivity = (course: InstalledCourse) => ({
  id: activityIds.course(course.id),
  type: ACTIVITY_TYPES.course,
});

export const coursesHandlers: HandlerMap<typeof coursesApi> = {
  'courses.catalogue': (_input, { services, account }) =>
    ok({ courses: services.courses.list().map((c) => card(services, account.id, c)) }),

  'courses.outline': ({ courseId }, { services, account }) => {
    const course = services.courses.get(courseId);
    if (!course) return err('NOT_FOUND', `no course ${courseId}`);
    const statuses = lessonStatuses(services, account.id, course.id);
    return ok({
      course: {
        ...card(services, account.id, course),
        modules: course.manifest.modules.map((m) => ({
          id: m.id,
          title: m.title,
          lessons: m.lessons.map((l) => ({
            id: l.id,
            title: l.title,
            status: statuses.get(l.id)?.status ?? 'not_started',
          })),
        })),
        quizzes: quizSummaries(services, account.id, course),
      },
    });
  },

  'lessons.open': ({ courseId, lessonId }, ctx) => {
    const { services, account } = ctx;
    const course = services.courses.get(courseId);
    const found = course && findLesson(course, lessonId);
    if (!course || !found) return err('NOT_FOUND', `no lesson ${courseId}/${lessonId}`);
    const gate = pretestGate(ctx, course);
    if (gate) return gate;
    const launch = contentTypeOf(course.manifest).launchOf(course.manifest, found.lesson);
    if (launch?.kind !== 'native')
      return err(
        'CONFLICT',
        `lesson ${lessonId} is a ${launch?.kind ?? 'unknown'} item: open it with its player`,
        { reason: launch?.kind ?? 'unknown' },
      );
    const markdown = services.courses.readLesson(course, launch.body);
    const existing = lessonStatuses(services, account.id, courseId).get(lessonId);
    if (!existing) recordLessonStart(ctx, course, found.lesson.id, found.lesson.title);
    return ok({
      lesson: {
        courseId,
        lessonId,
        title: found.lesson.title,
        markdown,
        mediaBase: `/content/${course.id}/${course.version}/`,
        captions: lessonCaptions(course.dir, markdown),
        regulation: found.lesson.regulation ?? null,
        position: existing?.position ?? 0,
        status: existing?.status ?? 'in_progress',
        prevLessonId: found.prev?.id ?? null,
        nextLessonId: found.next?.id ?? null,
        glossary: course.manifest.glossary,
        narration: found.lesson.narration ?? [],
      },
    });
  },

  'lessons.progress': ({ courseId, lessonId, position, completed }, ctx) => {
    const { services, account } = ctx;
    const course = services.courses.get(courseId);
    const found = course && findLesson(course, lessonId);
    if (!course || !found) return err('NOT_FOUND', `no lesson ${courseId}/${lessonId}`);
    const gate = pretestGate(ctx, course);
    if (gate) return gate;
    const nowDate = services.clock.now();
    const now = isoWithOffset(nowDate);
    const before = lessonStatuses(services, account.id, courseId).get(lessonId);
    const last = services.db.get<{ updated_at: string }>(
      sql`SELECT updated_at FROM lesson_progress WHERE learner_id = ${account.id} AND course_id = ${courseId} AND lesson_id = ${lessonId}`,
    );
    // Time at a lesson: the gap since the last report, at most two minutes (a learner who walked away adds nothing more).
    const seconds = last
      ? Math.min(
          LESSON_TICK_CAP_S,
          Math.max(0, Math.round((nowDate.getTime() - new Date(last.updated_at).getTime()) / 1000)),
        )
      : 0;
    const upsert = () =>
      services.db
        .run(sql`INSERT INTO lesson_progress (learner_id, course_id, lesson_id, status, position, updated_at, completed_at)
                          VALUES (${account.id}, ${courseId}, ${lessonId}, ${completed ? 'completed' : 'in_progress'},
                                  ${position}, ${now}, ${completed ? now : null})
                          ON CONFLICT (learner_id, course_id, lesson_id) DO UPDATE SET
                            position = excluded.position, updated_at = excluded.updated_at,
                            seconds_spent = seconds_spent + ${seconds},
                            status = CASE WHEN status = 'completed' THEN 'completed' ELSE excluded.status END,
                            completed_at = COALESCE(completed_at, excluded.completed_at)`);
    if (completed && before?.status !== 'completed') {
      services.db.transaction(() => {
        const { registration, launched } = enrol(services, account.id, course);
        services.recorder.record(
          [
            ...launched,
            {
              learnerId: account.id,
              verb: 'completed',
              object: {
                id: activityIds.lesson(courseId, lessonId),
                type: ACTIVITY_TYPES.lesson,
                name: found.lesson.title,
              },
              result: { completion: true },
              registration,
              parents: [courseActivity(course)],
              extensions: { [EXTENSIONS.courseVersion]: course.version },
            },
          ],
          upsert,
        );
      });
    } else {
      upsert();
    }
    const status: LessonStatus = completed || before?.status === 'completed' ? 'completed' : 'in_progress';
    return ok({ status });
  },

  ...quizHandlers,

  'results.mine': (_input, { services, account }) =>
    ok({ results: services.courses.list().map((course) => courseResult(services, account.id, course)) }),
};

const LESSON_TICK_CAP_S = 120;

/** Lessons open once the course's pretest (if it has one) is done. */
function pretestGate(ctx: AuthedCtx, course: InstalledCourse) {
  const pre = course.manifest.quizzes.find((q) => q.kind === 'pre');
  if (!pre) return null;
  const done = ctx.services.db.get(
    sql`SELECT 1 FROM quiz_attempts WHERE learner_id = ${ctx.account.id} AND course_id = ${course.id} AND quiz_id = ${pre.id}
        AND submitted_at IS NOT NULL LIMIT 1`,
  );
  const refusal = refuseLesson(true, done !== undefined);
  return refusal ? err(refusal.code, refusal.message, { reason: refusal.reason, quizId: pre.id }) : null;
}

/** First open of a lesson: the course is launched (if nothing began it before) and the lesson experienced, with its progress row. */
function recordLessonStart(ctx: AuthedCtx, course: InstalledCourse, lessonId: string, title: string): void {
  const { services, account } = ctx;
  const now = isoWithOffset(services.clock.now());
  services.db.transaction(() => {
    // The course is launched here unless its pretest (or an earlier lesson) already began the registration.
    const { registration, launched } = enrol(services, account.id, course);
    const ext = { [EXTENSIONS.courseVersion]: course.version };
    services.recorder.record(
      [
        ...launched,
        {
          learnerId: account.id,
          verb: 'experienced' as const,
          object: { id: activityIds.lesson(course.id, lessonId), type: ACTIVITY_TYPES.lesson, name: title },
          registration,
          parents: [courseActivity(course)],
          extensions: ext,
        },
      ],
      () =>
        services.db
          .run(sql`INSERT INTO lesson_progress (learner_id, course_id, lesson_id, status, position, updated_at)
                            VALUES (${account.id}, ${course.id}, ${lessonId}, 'in_progress', 0, ${now})
                            ON CONFLICT DO NOTHING`),
    );
  });
}
