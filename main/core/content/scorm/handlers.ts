import type { scormApi } from '../../../api/scorm';
import { err, ok } from '../../../api/result';
import { isoWithOffset } from '../../clock';
import type { HandlerMap } from '../../context';
import { sql } from '../../db/sql';
import { enrol } from '../../courses/progress';
import {
  deliverForLaunch,
  navigateCourse,
  requestValidity,
  sequencedCourse,
  tableOfContents,
  whereNow,
} from './sequencing/course';
import { attemptForLaunch } from './state';
import { launchEvents } from './tracking';

/** A choice target as a SCO writes it: `{target=ITEM}` or the bare item identifier. */
const targetOf = (target: string | undefined) => target?.replace(/^\{target=(.*)\}$/, '$1');

export const scormHandlers: HandlerMap<typeof scormApi> = {
  'scorm.launch': ({ courseId, lessonId }, { services, account, session }) => {
    const course = services.courses.get(courseId);
    const lessons = course?.manifest.modules.flatMap((m) => m.lessons) ?? [];
    const index = lessons.findIndex((l) => l.id === lessonId);
    const lesson = lessons[index];
    if (!course || !lesson) return err('NOT_FOUND', `no lesson ${courseId}/${lessonId}`);
    if (!lesson.sco) return err('CONFLICT', `lesson ${lessonId} is not a SCORM item`);
    if (!services.scorm.available) return err('CONFLICT', 'this shell serves no SCO origin');
    const seq = sequencedCourse(course);
    let newAttempt = false;
    if (seq) {
      const delivered = deliverForLaunch(services, account.id, course, seq, lesson.sco.item);
      if (!delivered.ok)
        return err(
          'CONFLICT',
          `the course's sequencing rules keep ${lessonId} closed (${delivered.exception})`,
          {
            reason: 'sequencing',
            closed: delivered.reason,
          },
        );
      newAttempt = delivered.newAttempt;
    }
    const key = { learnerId: account.id, courseId, courseVersion: course.version, item: lesson.sco.item };
    const now = services.clock.now();
    const { row, entry, resumed } = services.db.transaction(() => {
      const enrolled = enrol(services, account.id, course);
      const found = attemptForLaunch(services.db, key, now, enrolled.registration, newAttempt);
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
        sequencing: seq ? requestValidity(services, account.id, course, seq) : null,
      },
    });
  },

  'scorm.toc': ({ courseId }, { services, account }) => {
    const course = services.courses.get(courseId);
    if (!course) return err('NOT_FOUND', `no course ${courseId}`);
    const seq = sequencedCourse(course);
    if (!seq) return ok({ toc: null, now: null });
    const toc = tableOfContents(services, account.id, course, seq).map(({ item: _item, ...entry }) => entry);
    return ok({ toc, now: whereNow(services, account.id, course, seq) });
  },

  'scorm.navigate': ({ courseId, request, target }, { services, account }) => {
    const course = services.courses.get(courseId);
    if (!course) return err('NOT_FOUND', `no course ${courseId}`);
    const seq = sequencedCourse(course);
    if (!seq) return err('CONFLICT', `course ${courseId} has no sequencing`);
    const item = request === 'choice' ? targetOf(target) : undefined;
    if (request === 'choice' && (!item || !seq.lessonOf.has(item)))
      return err('BAD_INPUT', `choice target ${target ?? '(none)'} is not an item of ${courseId}`);
    const result = navigateCourse(services, account.id, course, seq, request, item);
    if (!result.ok)
      return err('CONFLICT', `the course's sequencing rules refuse ${request} (${result.exception})`, {
        reason: 'sequencing',
        exception: result.exception,
      });
    return ok({ navigation: { lessonId: result.lessonId, ended: result.ended } });
  },
};
