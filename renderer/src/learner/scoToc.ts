import type { ScoTocEntry } from '../../../main/api/scorm';

/**
 * A sequenced SCORM course's table of contents, as the core's rules allow it (`scorm.toc`), looked up by
 * lesson. Null for any other course: every lesson is shown and open as before.
 */
export type TocLookup = ((lessonId: string) => ScoTocEntry | undefined) | null;

export function tocLookup(toc: ScoTocEntry[] | null | undefined): TocLookup {
  if (!toc) return null;
  const byLesson = new Map(toc.map((e) => [e.lessonId, e]));
  return (lessonId) => byLesson.get(lessonId);
}

/** The lessons of a module the table of contents shows (hidden ones left out). */
export function shownLessons<L extends { id: string }>(lessons: L[], toc: TocLookup): L[] {
  return toc ? lessons.filter((l) => toc(l.id)?.hidden !== true) : lessons;
}
