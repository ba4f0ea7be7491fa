import { randomUUID } from 'node:crypto';
import type { auApi } from '../../../api/au';
import { err, ok } from '../../../api/result';
import type { HandlerMap } from '../../context';
import { enrol } from '../../courses/progress';
import { abandonStale, lmsAuId, prepareCmi5Launch } from '../cmi5/lms';
import { originalSegment } from '../scorm/bridge';
import { FETCH_PATH, PACKAGE_ROOT } from './origin';
import { LRS_PATH } from './lrs';
import { launchActor } from './statements';

export const auHandlers: HandlerMap<typeof auApi> = {
  'au.launch': ({ courseId, lessonId }, { services, account, session }) => {
    const course = services.courses.get(courseId);
    const lessons = course?.manifest.modules.flatMap((m) => m.lessons) ?? [];
    const index = lessons.findIndex((l) => l.id === lessonId);
    const lesson = lessons[index];
    if (!course || !lesson) return err('NOT_FOUND', `no lesson ${courseId}/${lessonId}`);
    const kind = course.manifest.content?.type;
    if (!lesson.au || (kind !== 'cmi5' && kind !== 'xapi'))
      return err('CONFLICT', `lesson ${lessonId} is not a cmi5 AU or Tin Can activity`);
    if (!services.au.available) return err('CONFLICT', 'this shell serves no content origin');
    const au = lesson.au;
    const sessionId = randomUUID();
    // cmi5: the LMS names the AU's activity; Tin Can content reports on its own activity id.
    const activityId = kind === 'cmi5' ? lmsAuId(course, lesson.id) : au.activityId;
    const launch = services.db.transaction(() => {
      const enrolled = enrol(services, account.id, course);
      services.recorder.record(enrolled.launched, () => undefined);
      const opened = services.au.open({
        kind,
        sessionToken: session.token,
        learnerId: account.id,
        course,
        lessonId: lesson.id,
        au,
        activityId,
        registration: enrolled.registration,
        sessionId,
      });
      const origin = services.au.origin(opened.token);
      const path = au.launch
        .split('/')
        .slice(1)
        .map((segment) => encodeURIComponent(originalSegment(segment)))
        .join('/');
      const params = new URLSearchParams(au.query);
      const actor = JSON.stringify(launchActor(services, opened));
      params.set('endpoint', `${origin}${LRS_PATH}`);
      if (kind === 'cmi5') {
        params.set('fetch', `${origin}${FETCH_PATH}`);
        params.set('actor', actor);
        params.set('registration', enrolled.registration);
        params.set('activityId', activityId);
      } else {
        params.set('auth', `Basic ${opened.auth}`);
        params.set('actor', actor);
        params.set('registration', enrolled.registration);
        params.set('activity_id', activityId);
      }
      const url = `${origin}/${path}?${params.toString()}`;
      if (kind === 'cmi5') {
        // A session this learner left before (closed window, power cut) is abandoned before the new one starts.
        abandonStale(services, account.id, new Set([sessionId]));
        prepareCmi5Launch(services, {
          learnerId: account.id,
          registration: enrolled.registration,
          course,
          sessionId,
          lessonId: lesson.id,
          activityId,
          au,
          launchUrl: `${origin}/${path}`,
        });
      }
      return { url, origin };
    });
    return ok({
      launch: {
        courseId,
        lessonId,
        title: lesson.title,
        url: launch.url,
        origin: launch.origin,
        kind,
        prevLessonId: lessons[index - 1]?.id ?? null,
        nextLessonId: lessons[index + 1]?.id ?? null,
      },
    });
  },
};

/** The package folder a lesson's launch file sits in (for tests and the docs). */
export const AU_PACKAGE_ROOT = PACKAGE_ROOT;
