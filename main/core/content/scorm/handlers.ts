import type { scormApi } from '../../../api/scorm';
import { err, ok } from '../../../api/result';
import { isoWithOffset } from '../../clock';
import type { HandlerMap } from '../../context';
import { sql } from '../../db/sql';
import { enrol } from '../../courses/progress';
import { attemptForLaunch } from './state';
import { launchEvents } from './tracking';

export const scormHandlers: HandlerMap<typeof scormApi> = {
  'scorm.launch': ({ courseId, lessonId }, { services, account, session }) => {
    const course = services.courses.get(courseId);
    const lessons = course?.manifest.modules.flatMap((m) => m.lessons) ?? [];
    const index = lessons.findIndex((l) => l.id === lessonId);
    const lesson = lessons[index];
    if (!course || !lesson) return err('NOT_FOUND', `no lesson ${courseId}/${lessonId}`);
    if (!lesson.sco) return err('CONFLICT', `lesson ${lessonId} is not a SCORM item`);
    if (!services.scorm.available) return err('CONFLICT', 'this shell serves no SCO origin');
    const key = { learnerId: account.id, courseId, courseVersion: course.version, item: lesson.sco.item };
    const now = services.clock.now();
    const { row, entry, resumed } = services.db.transaction(() => {
      const enrolled = enrol(services, account.id, course);
      const found = attemptForLaunch(services.db, key, now, enrolled.registration);
      const events = launchEvents(
        enrolled,
        { learnerId: account.id, course, lessonId: lesson.id, sco: lesson.sco!, attemptId: found.row.id },
        found.resumed,
      );
      services.recorder.record(events, () => {
        if (found.resumed)
          services.db
            .run(sql`UPDATE scorm_attempts SET terminated_at = NULL, updated_at = ${isoWithOffset(now)}
                              WHERE id = ${found.row.id}`);
      });
      return found;
    });
    const { url } = services.scorm.open(
      session.token,
      { id: account.id, full_name: account.full_name },
      course,
      lesson.id,
      lesson.sco,
      { id: row.id, entry },
    );
    return ok({
      launch: {
        courseId,
        lessonId,
        title: lesson.title,
        url,
        origin: new URL(url).origin,
        resumed,
        prevLessonId: lessons[index - 1]?.id ?? null,
        nextLessonId: lessons[index + 1]?.id ?? null,
      },
    });
  },
};
