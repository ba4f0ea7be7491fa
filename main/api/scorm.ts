import { z } from 'zod';
import { method } from './define';
import { slug } from './fields';

/** An opened SCO: the URL of its launcher on its own origin, to put in the sandboxed frame. */
export interface ScoLaunchView {
  courseId: string;
  lessonId: string;
  title: string;
  /** `http://<token>.localhost:<port>/_balai/launch.html` (browser mode). */
  url: string;
  /** The frame's origin: messages from the player are accepted only from it. */
  origin: string;
  /** The learner's last attempt was suspended and goes on (`cmi.entry = resume`). */
  resumed: boolean;
  prevLessonId: string | null;
  nextLessonId: string | null;
}

export const scormApi = {
  /** Opens a SCORM lesson (a SCO) for the logged-in learner: resumes a suspended attempt, else starts one. */
  'scorm.launch': method<{ launch: ScoLaunchView }>()(
    'learner',
    z.strictObject({ courseId: slug, lessonId: slug }),
  ),
};
