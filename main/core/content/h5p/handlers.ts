import type { h5pApi } from '../../../api/h5p';
import { err, ok } from '../../../api/result';
import type { HandlerMap } from '../../context';
import { enrol } from '../../courses/progress';
import { isoWithOffset } from '../../clock';
import { sql } from '../../db/sql';
import { hasUserData } from './state';
import { launchEvents } from './tracking';

export const h5pHandlers: HandlerMap<typeof h5pApi> = {
  'h5p.launch': ({ courseId, lessonId }, { services, account, session }) => {
    const course = services.courses.get(courseId);
    const lessons = course?.manifest.modules.flatMap((m) => m.lessons) ?? [];
    const index = lessons.findIndex((l) => l.id === lessonId);
    const lesson = lessons[index];
    if (!course || !lesson) return err('NOT_FOUND', `no lesson ${courseId}/${lessonId}`);
    if (!lesson.h5p) return err('CONFLICT', `lesson ${lessonId} is not an H5P activity`);
    if (!services.h5p.available) return err('CONFLICT', 'this shell serves no content origin');
    const h5p = lesson.h5p;
    const resumed = hasUserData(services.db, { learnerId: account.id, course, lessonId });
    const at = isoWithOffset(services.clock.now());
    const { url } = services.db.transaction(() => {
      const enrolled = enrol(services, account.id, course);
      const opened = services.h5p.open(
        session.token,
        account,
        course,
        { id: lesson.id, title: lesson.title, h5p },
        enrolled.registration,
      );
      const launch = services.h5p.live(opened.token)!;
      services.recorder.record(launchEvents(launch, enrolled.launched, resumed), () =>
        services.db
          .run(sql`INSERT INTO lesson_progress (learner_id, course_id, lesson_id, status, position, updated_at)
                   VALUES (${account.id}, ${courseId}, ${lessonId}, 'in_progress', 0, ${at})
                   ON CONFLICT (learner_id, course_id, lesson_id) DO UPDATE SET updated_at = excluded.updated_at`),
      );
      return opened;
    });
    const content = course.manifest.content;
    return ok({
      launch: {
        courseId,
        lessonId,
        title: lesson.title,
        url,
        origin: new URL(url).origin,
        resumed,
        needsInternet: content?.type === 'h5p' && content.degradesOffline,
        prevLessonId: lessons[index - 1]?.id ?? null,
        nextLessonId: lessons[index + 1]?.id ?? null,
        sequencing: null,
      },
    });
  },
};
