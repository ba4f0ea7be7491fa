import { z } from 'zod';

/** An H5P library folder name: `machineName-major.minor` (H5P's own naming, e.g. `H5P.MultiChoice-1.14`). */
export const libraryName = z
  .string()
  .regex(/^[A-Za-z0-9._-]{1,120}-\d{1,5}\.\d{1,5}$/, 'machineName-major.minor');

/** course.json's `content` of a wrapped `.h5p` package (docs/formats/course-package.md, "H5P"). */
export const h5pContentSchema = z.strictObject({
  type: z.literal('h5p'),
  /** The library that runs the activity, `machineName-major.minor`. */
  mainLibrary: libraryName,
  /**
   * Every library the package ships, with its patch version. On the kiosk each is stored once under
   * `<data>/h5p/libraries/<name>` and shared by every course that names it (the highest patch wins).
   */
  libraries: z
    .array(z.strictObject({ name: libraryName, patch: z.number().int().min(0).max(99_999) }))
    .min(1)
    .max(500),
  /** References to the internet in content.json (a remote video, an embed): missing offline. */
  remote: z
    .array(z.strictObject({ file: z.string().max(400), url: z.string().max(2000) }))
    .max(1000)
    .default([]),
  /** Parts of the activity need the internet (the player says so in Indonesian). */
  degradesOffline: z.boolean().default(false),
  /** The .h5p file it was wrapped from. */
  source: z.strictObject({ name: z.string().max(400), sha256: z.string().regex(/^[0-9a-f]{64}$/) }),
});

/** The lesson of a wrapped H5P package (one activity, one lesson). */
export const h5pLessonSchema = z.strictObject({
  /** The activity's main library, as in the content block (what the player starts). */
  mainLibrary: libraryName,
  /** The wrapper marked this activity as the course's pretest or posttest (its score counts as one). */
  assessment: z.enum(['pre', 'post']).optional(),
  /** Scaled score (0..1) at or above which a scored activity counts as passed (`--pass`, default 0.7). */
  passingScaled: z.number().min(0).max(1).default(0.7),
});
