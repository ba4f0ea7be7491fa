import { extname } from 'node:path';
import type { InstalledCourse } from '../courses/store';
import { lessonTargets, targetPath } from '../packages/content-check';

/**
 * File types a lesson shows (images, video, audio, PDFs): the only ones `/content/` serves. Lesson text
 * (`.md`) reaches the player through `lessons.open`, after its pretest gate; the manifest with the question
 * bank, the signature and anything else stay inside the kiosk.
 */
const SHOWN = new Set(['.png', '.jpg', '.jpeg', '.svg', '.mp4', '.webm', '.mp3', '.ogg', '.pdf']);

const cache = new Map<string, ReadonlySet<string>>();
const CACHE_LIMIT = 64;

/**
 * The allow-list of `/content/<course>/<version>/`: the files of this course version that one of its lessons
 * shows (an image or media file, or a PDF it links to), as paths relative to the course folder. A content
 * type that shows other files (e.g. a SCORM package's own pages) extends this function and nothing else.
 * A course version's files never change once installed, so the list is worked out once per installation.
 */
export function servableContent(
  course: InstalledCourse,
  read: (relPath: string) => string,
): ReadonlySet<string> {
  const key = `${course.dir}\n${course.installedAt}`;
  const known = cache.get(key);
  if (known) return known;
  const files = new Set<string>();
  for (const lesson of course.manifest.modules.flatMap((m) => m.lessons)) {
    // A wrapped package's items (SCOs) are served on their own origin (main/host/sco-origin.ts), never here.
    if (!lesson.body) continue;
    for (const audio of lesson.narration ?? []) if (audio) files.add(audio);
    for (const target of lessonTargets(read(lesson.body)).targets) {
      const found = targetPath(target);
      if ('path' in found && SHOWN.has(extname(found.path).toLowerCase())) files.add(found.path);
    }
  }
  if (cache.size >= CACHE_LIMIT) cache.clear();
  cache.set(key, files);
  return files;
}

/** The course-relative path a `/content/` request names (still percent-encoded), as the allow-list spells it. */
export function requestedPath(encodedPath: string): string | null {
  const found = targetPath(encodedPath);
  return 'path' in found ? found.path : null;
}
