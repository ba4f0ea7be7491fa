import { z } from 'zod';
import {
  bundleCertificatesSchema,
  bundleManifestSchema,
  bundleRosterSchema,
  enrolmentSchema,
  receiptV1Schema,
  receiptV2Schema,
} from '../bundles/format';
import { signedCatalogueSchema } from '../catalogue/format';
import { courseManifestV1Schema, courseManifestV2Schema } from '../courses/manifest';
import { signedUpdateSchema } from '../updates/update-format';
import { signedCourseSchema } from './course-package';
import { signedEnvelopeSchema } from './signing';
import {
  certificateBodySchema,
  chainFileSchema,
  requestBodySchema,
  revocationBodySchema,
  rootKeySchema,
} from '../pki/format';

/** The JSON Schemas of the formats that leave the app, generated from their zod definitions. */
export function formatSchemas(): Record<string, unknown> {
  const exported = (schema: z.ZodType, id: string, title: string) => ({
    $id: `https://w3id.org/balai-belajar/formats/${id}`,
    title,
    ...z.toJSONSchema(schema, { target: 'draft-2020-12', unrepresentable: 'any', io: 'input' }),
  });
  return {
    'course-v1': exported(
      courseManifestV1Schema,
      'course-v1',
      'course.json (course package format version 1)',
    ),
    'course-v2': exported(
      courseManifestV2Schema,
      'course-v2',
      'course.json (course package format version 2)',
    ),
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
    'bundle-manifest-v1': exported(
      bundleManifestSchema,
      'bundle-manifest-v1',
      'manifest.json of a result bundle, also the signed part of its signature.json (version 1)',
    ),
    'bundle-roster-v1': exported(
      bundleRosterSchema,
      'bundle-roster-v1',
      'roster.json of a result bundle (version 1)',
    ),
    'bundle-certificates-v1': exported(
      bundleCertificatesSchema,
      'bundle-certificates-v1',
      'certificates.json of a result bundle (version 1)',
    ),
    'receipt-v1': exported(receiptV1Schema, 'receipt-v1', "A receipt's signed part (version 1)"),
    'receipt-v2': exported(
      receiptV2Schema,
      'receipt-v2',
      "A receipt's signed part (version 2: with the hub's revocation lists)",
    ),
    'enrolment-v1': exported(
      enrolmentSchema,
      'enrolment-v1',
      "A hub's enrolment of a device key, signed part (version 1)",
    ),
    'catalogue-signed-v1': exported(
      signedCatalogueSchema,
      'catalogue-signed-v1',
      "A course catalogue's signed part (version 1)",
    ),
    'update-signed-v1': exported(
      signedUpdateSchema,
      'update-signed-v1',
      "An app update folder's signature.json, signed part (version 1)",
    ),
    'root-key-v1': exported(
      rootKeySchema,
      'root-key-v1',
      'A shipped root of trust, resources/keys/roots (version 1)',
    ),
    'certificate-v1': exported(
      certificateBodySchema,
      'certificate-v1',
      "A certificate's signed part, in a balai-certificate envelope (version 1)",
    ),
    'certificate-chain-v1': exported(
      chainFileSchema,
      'certificate-chain-v1',
      'A certificate chain file (version 1)',
    ),
    'certificate-request-v1': exported(
      requestBodySchema,
      'certificate-request-v1',
      "A certificate request's signed part, in a balai-certificate-request envelope (version 1)",
    ),
    'revocation-list-v1': exported(
      revocationBodySchema,
      'revocation-list-v1',
      "A revocation list's signed part, in a balai-revocation-list envelope (version 1)",
    ),
  };
}
