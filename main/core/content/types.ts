import type { CourseManifest, Lesson } from '../courses/manifest';
import type { PackageLimits } from '../packages/limits';

/** The kinds of content a course can carry. Each has its folder in `main/core/content/<type>/`. */
export type ContentTypeId = 'native' | 'scorm' | 'h5p' | 'cmi5' | 'xapi';

/** An unwrapped package a type recognises (a SCORM zip straight from an authoring tool). */
export interface RawPackage {
  type: ContentTypeId;
  /** e.g. "SCORM 2004", "SCORM 1.2". */
  label: string;
  /** The operator's sentence, in Indonesian (the CLI prints it beside the English). */
  indonesian: string;
}

/** What the type needs to look at a zip it has not unpacked: its entry names and a small-file reader. */
export interface PackageProbe {
  names: readonly string[];
  read(name: string): Promise<Buffer | undefined>;
}

/** How the player opens one lesson of this type. */
export type LessonLaunch =
  | { kind: 'native'; body: string }
  | { kind: 'sco'; item: string; launch: string; scormType: 'sco' | 'asset' }
  | { kind: 'h5p'; mainLibrary: string }
  | { kind: 'au'; activityId: string; launch: string };

/**
 * One content type behind one interface: recognise its raw packages, check its files in a signed course,
 * say which of a course's files belong to it, and how each lesson launches. A course names its type in
 * `course.json` (`content.type`; absent = native lessons and quizzes).
 */
export interface ContentType {
  readonly id: ContentTypeId;
  /** Names a raw package of this type (not a signed course), or null. */
  recogniseRaw(probe: PackageProbe): Promise<RawPackage | null>;
  /** True when `path` is one of this type's files in `manifest`'s course (it checks them). */
  owns(manifest: CourseManifest, path: string): boolean;
  /** Checks the files it owns after the signature check; the reason it refuses, or null. */
  validate(
    dir: string,
    manifest: CourseManifest,
    paths: readonly string[],
    limits: PackageLimits,
  ): string | null;
  /** How a lesson of this type starts; undefined when the lesson is not of this type. */
  launchOf(manifest: CourseManifest, lesson: Lesson): LessonLaunch | undefined;
  /**
   * At install, after every check and before the course folder is moved into place: takes what the kiosk
   * keeps once for all courses out of the staged folder (H5P libraries into `<data>/h5p/libraries`).
   */
  adopt?(staging: string, manifest: CourseManifest, dataDir: string): void;
  /**
   * After a course was removed or replaced (and at start-up): drops shared files no installed course needs
   * any more. `installed` is read only when the type keeps shared files at all (it parses every manifest).
   */
  release?(installed: () => readonly CourseManifest[], dataDir: string): void;
}
