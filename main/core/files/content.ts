import { existsSync } from 'node:fs';
import { extname, join } from 'node:path';
import type { InstalledCourse } from '../courses/store';
import { captionsPathFor } from '../packages/captions';
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
    const markdown = read(lesson.body);
    for (const target of lessonTargets(markdown).targets) {
      const found = targetPath(target);
      if ('path' in found && SHOWN.has(extname(found.path).toLowerCase())) files.add(found.path);
    }
    // A shown video's captions (the same name, .vtt) are shown with it.
    for (const vtt of Object.values(lessonCaptions(course.dir, markdown))) files.add(vtt);
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

/** A lesson's videos that have captions in the course folder: video path → captions path. */
export function lessonCaptions(courseDir: string, markdown: string): Record<string, string> {
  const found: Record<string, string> = {};
  for (const target of lessonTargets(markdown).targets) {
    const file = targetPath(target);
    const vtt = 'path' in file ? captionsPathFor(file.path) : null;
    if ('path' in file && vtt && existsSync(join(courseDir, ...vtt.split('/')))) found[file.path] = vtt;
  }
  return found;
}

const PICTURE = new Set(['.png', '.jpg', '.jpeg', '.svg']);
const pictures = new Map<string, string | null>();

/**
 * The picture a course's card shows: the first image its lessons show, in lesson order, as a path in the
 * course folder (served under `/content/`, being on the allow-list), or null when no lesson has one.
 */
export function coursePicture(course: InstalledCourse, read: (relPath: string) => string): string | null {
  const key = `${course.dir}\n${course.installedAt}`;
  if (pictures.has(key)) return pictures.get(key)!;
  let found: string | null = null;
  for (const lesson of course.manifest.modules.flatMap((m) => m.lessons)) {
    if (!lesson.body || found) continue;
    for (const target of lessonTargets(read(lesson.body)).targets) {
      const file = targetPath(target);
      if ('path' in file && PICTURE.has(extname(file.path).toLowerCase())) {
        found = file.path;
        break;
      }
    }
  }
  if (pictures.size >= CACHE_LIMIT) pictures.clear();
  pictures.set(key, found);
  return found;
}
