import { z } from 'zod';
import { method } from './define';
import { slug } from './fields';
import type { ScoLaunchView } from './scorm';

/** An opened H5P activity: its launcher on its own origin, put in the same sandboxed frame as a SCO. */
export interface H5pLaunchView extends ScoLaunchView {
  /** The activity loads media from the internet (a remote video): the player says so in Indonesian. */
  needsInternet: boolean;
}

export const h5pApi = {
  /** Opens an H5P lesson for the logged-in learner: the learner's own saved state comes with it. */
  'h5p.launch': method<{ launch: H5pLaunchView }>()(
    'learner',
    z.strictObject({ courseId: slug, lessonId: slug }),
  ),
};
