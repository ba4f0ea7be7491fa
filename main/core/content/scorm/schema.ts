import { z } from 'zod';
import { relPath } from '../../courses/fields';

/** course.json's `content` of a wrapped SCORM package: its edition and what the wrap found. */
export const scormContentSchema = z.strictObject({
  type: z.literal('scorm'),
  edition: z.enum(['1.2', '2004-2', '2004-3', '2004-4']),
  /** The package's imsmanifest.xml as stored (`scorm/…`): the runtime reads the activity tree from it. */
  manifest: relPath,
  /** Every reference to the internet found in the package's files (file, URL). */
  remote: z
    .array(z.strictObject({ file: z.string().max(400), url: z.string().max(2000) }))
    .max(1000)
    .default([]),
  /** Wrapped with `--allow-remote`: parts of it need the internet and are missing offline. */
  degradesOffline: z.boolean().default(false),
  /** The SCORM zip it was wrapped from. */
  source: z.strictObject({ name: z.string().max(400), sha256: z.string().regex(/^[0-9a-f]{64}$/) }),
});
