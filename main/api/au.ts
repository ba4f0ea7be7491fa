import { z } from 'zod';
import { method } from './define';
import { slug } from './fields';

/** An opened cmi5 AU or Tin Can package: its launch URL on its own origin, to put in the sandboxed frame. */
export interface AuLaunchView {
  courseId: string;
  lessonId: string;
  title: string;
  /** The AU's page with the launch parameters (cmi5: endpoint, fetch, actor, registration, activityId). */
  url: string;
  /** The frame's origin. */
  origin: string;
  kind: 'cmi5' | 'xapi';
  prevLessonId: string | null;
  nextLessonId: string | null;
}

export const auApi = {
  /** Opens a cmi5 AU or a Tin Can package's activity for the logged-in learner, with a fresh LRS credential. */
  'au.launch': method<{ launch: AuLaunchView }>()(
    'learner',
    z.strictObject({ courseId: slug, lessonId: slug }),
  ),
};
