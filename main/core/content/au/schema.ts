import { z } from 'zod';

/** A path inside the package: forward slashes, no `..`, no absolute or drive paths (as course.json's). */
const storedPath = z
  .string()
  .max(200)
  .regex(/^(?!\/)(?![a-zA-Z]:)(?!.*(^|\/)\.\.(\/|$))[A-Za-z0-9._/-]+$/, 'relative path inside the package');
const iri = z
  .string()
  .min(1)
  .max(2000)
  .regex(/^[a-z][a-z0-9+.-]*:\S+$/i, 'an IRI');

export const MOVE_ON = [
  'Passed',
  'Completed',
  'CompletedAndPassed',
  'CompletedOrPassed',
  'NotApplicable',
] as const;

/**
 * A lesson that is launched content reporting to the kiosk's local LRS: a cmi5 AU, or a Tin Can package's
 * activity. What its launch needs; the cmi5 fields are absent for Tin Can.
 */
export const auLessonSchema = z.strictObject({
  /** The AU's id in cmi5.xml, or the activity's id in tincan.xml (the publisher's IRI). */
  activityId: iri,
  /** The launch file, stored inside the package's folder (`cmi5/…`, `xapi/…`). */
  launch: storedPath,
  /** The launch URL's own query string, without `?`. */
  query: z.string().max(2000).default(''),
  moveOn: z.enum(MOVE_ON).optional(),
  /** cmi5: the scaled score (0..1) at or above which `passed` is right and below which `failed` is. */
  masteryScore: z.number().min(0).max(1).optional(),
  launchMethod: z.enum(['AnyWindow', 'OwnWindow']).optional(),
  launchParameters: z.string().max(4000).optional(),
  /** The wrapper marked this AU as the course's pretest or posttest (gain, certificates, reports). */
  assessment: z.enum(['pre', 'post']).optional(),
});

export type AuLesson = z.output<typeof auLessonSchema>;

/** What the wrap found of the internet: every reference (file, URL), and whether it degrades offline. */
const offline = {
  remote: z
    .array(z.strictObject({ file: z.string().max(400), url: z.string().max(2000) }))
    .max(1000)
    .default([]),
  degradesOffline: z.boolean().default(false),
};

const source = z.strictObject({ name: z.string().max(400), sha256: z.string().regex(/^[0-9a-f]{64}$/) });

/** course.json's content block of a wrapped cmi5 course: its structure file and its blocks' ids. */
export const cmi5ContentSchema = z.strictObject({
  type: z.literal('cmi5'),
  /** cmi5.xml as stored (`cmi5/cmi5.xml`). */
  structure: storedPath,
  /** The course's id in cmi5.xml. */
  courseIri: iri,
  /** Each block of cmi5.xml: the module it became and its IRI. AUs outside any block sit in no block. */
  blocks: z
    .array(z.strictObject({ module: z.string().max(64), iri }))
    .max(50)
    .default([]),
  ...offline,
  source,
});

/** course.json's content block of a wrapped Tin Can (xAPI) package. */
export const xapiContentSchema = z.strictObject({
  type: z.literal('xapi'),
  /** tincan.xml as stored (`xapi/tincan.xml`). */
  manifest: storedPath,
  ...offline,
  source,
});
