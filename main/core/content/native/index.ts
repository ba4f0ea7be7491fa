import { checkCourseContent } from '../../packages/content-check';
import type { ContentType } from '../types';

/**
 * Today's own course format: Markdown lessons, figures, media and the quizzes of course.json. Its files are
 * checked by the package content rules (known types, leading bytes, no raw HTML or remote loads).
 */
export const nativeContent: ContentType = {
  id: 'native',
  // An unsigned Balai course is not a foreign package: the signature check names it.
  recogniseRaw: () => Promise.resolve(null),
  owns: () => true,
  validate: (dir, manifest, paths, limits) => checkCourseContent(dir, manifest, paths, limits),
  launchOf: (_manifest, lesson) =>
    lesson.body === undefined ? undefined : { kind: 'native', body: lesson.body },
};
