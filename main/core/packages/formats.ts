import { z } from 'zod';
import { courseManifestSchema } from '../courses/manifest';
import { signedCourseSchema } from './course-package';
import { signedEnvelopeSchema } from './signing';

/** The JSON Schemas of the formats that leave the app, generated from their zod definitions. */
export function formatSchemas(): Record<string, unknown> {
  const exported = (schema: z.ZodType, id: string, title: string) => ({
    $id: `https://w3id.org/balai-belajar/formats/${id}`,
    title,
    ...z.toJSONSchema(schema, { target: 'draft-2020-12', unrepresentable: 'any', io: 'input' }),
  });
  return {
    'course-v1': exported(courseManifestSchema, 'course-v1', 'course.json (course package format version 1)'),
    'signature-envelope-v1': exported(
      signedEnvelopeSchema,
      'signature-envelope-v1',
      'signature.json envelope (version 1)',
    ),
    'course-signed-v1': exported(
      signedCourseSchema,
      'course-signed-v1',
      "A course package's signed part (version 1)",
    ),
  };
}
