import { createHash } from 'node:crypto';
import { z } from 'zod';
import { canonicalBytes, parseJsonLimited } from '../packages/canonical';
import { describeIssues } from '../packages/issues';
import { DEFAULT_LIMITS } from '../packages/limits';
import { signedEnvelopeSchema, signEnvelope, type SignedEnvelope } from '../packages/signing';
import { verifyPublished, type Signer, type Trust } from '../pki/trust';

/** Envelope type of a course catalogue. */
export const CATALOGUE_SIGNATURE_TYPE = 'balai-catalogue';
export const MAX_CATALOGUE_BYTES = 1024 * 1024;

const slug = z.string().regex(/^[a-z0-9][a-z0-9._-]{0,63}$/, 'lower-case letters, digits, . _ -');

/** One course package the catalogue offers. `url` is absolute (http/https) or relative to the catalogue's URL. */
export const catalogueEntrySchema = z.strictObject({
  id: slug,
  version: z.string().regex(/^\d+\.\d+\.\d+$/, 'semver x.y.z'),
  title: z.string().min(1).max(200),
  sizeBytes: z.number().int().min(1).max(DEFAULT_LIMITS.maxTotalBytes),
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
  url: z.string().min(1).max(1000),
});
export type CatalogueEntry = z.infer<typeof catalogueEntrySchema>;

/**
 * What the publisher signs (format version 1, in a `balai-catalogue` envelope): which catalogue this is, its
 * sequence number (one more for each edition; a kiosk refuses an older one), when it was issued, and the
 * courses with the size and SHA-256 of each package.
 */
export const signedCatalogueSchema = z
  .strictObject({
    catalogueId: slug,
    sequence: z
      .number()
      .int()
      .min(1)
      .max(2 ** 40),
    issuedAt: z.iso.datetime({ offset: true }),
    courses: z.array(catalogueEntrySchema).max(500),
    /** The newest revocation lists the publisher knows of (main/core/pki): kiosks take each on its own signature. */
    revocations: z.array(z.record(z.string(), z.unknown())).max(100).optional(),
  })
  .refine((c) => new Set(c.courses.map((e) => e.id)).size === c.courses.length, {
    message: 'a course is listed twice',
    path: ['courses'],
  });
export type SignedCatalogue = z.infer<typeof signedCatalogueSchema>;

/** The last catalogue a kiosk accepted (row of `catalogue_state`). */
export interface AcceptedCatalogue {
  catalogueId: string;
  sequence: number;
  issuedAt: string;
  digest: string;
}

export type CatalogueCheck =
  | { ok: true; catalogue: SignedCatalogue; digest: string; keyId: string; same: boolean }
  | { ok: false; code: 'malformed' | 'bad_signature' | 'replayed'; message: string };

/** `balai`-side publishing and tests: the envelope the catalogue URL serves. */
export function signCatalogue(catalogue: SignedCatalogue, signer: Signer): SignedEnvelope {
  return signEnvelope(CATALOGUE_SIGNATURE_TYPE, catalogue, signer.key, signer.chain);
}

/**
 * Checks a fetched catalogue: well-formed JSON, a `balai-catalogue` envelope by a trusted publisher key, a
 * valid signed part, and not older than the last one accepted for the same catalogue id: a lower sequence, an
 * earlier issue time, or the same sequence with other content is a replay (or a publisher's mistake) and
 * refused. The same catalogue again is fine (`same`: nothing new to record).
 */
export function checkCatalogue(
  bytes: Buffer,
  trust: Trust,
  lastAccepted: (catalogueId: string) => AcceptedCatalogue | undefined,
): CatalogueCheck {
  const json = parseJsonLimited(bytes, 'the catalogue', { maxBytes: MAX_CATALOGUE_BYTES, maxDepth: 8 });
  if (!json.ok) return { ok: false, code: 'malformed', message: json.reason };
  const envelope = signedEnvelopeSchema.safeParse(json.value);
  if (!envelope.success)
    return {
      ok: false,
      code: 'malformed',
      message: `not a signed catalogue: ${describeIssues(envelope.error.issues)}`,
    };
  const verified = verifyPublished(envelope.data, CATALOGUE_SIGNATURE_TYPE, trust, 'catalogue');
  if (!verified.ok) return { ok: false, code: 'bad_signature', message: verified.reason };
  const parsed = signedCatalogueSchema.safeParse(envelope.data.signed);
  if (!parsed.success)
    return { ok: false, code: 'malformed', message: `catalogue: ${describeIssues(parsed.error.issues)}` };
  const catalogue = parsed.data;
  const digest = createHash('sha256').update(canonicalBytes(catalogue)).digest('hex');
  const last = lastAccepted(catalogue.catalogueId);
  if (last) {
    if (catalogue.sequence < last.sequence)
      return {
        ok: false,
        code: 'replayed',
        message: `catalogue ${catalogue.sequence} is older than ${last.sequence}, which this kiosk already has`,
      };
    if (catalogue.sequence === last.sequence && digest !== last.digest)
      return {
        ok: false,
        code: 'replayed',
        message: `catalogue ${catalogue.sequence} differs from the one with that number this kiosk already has`,
      };
    if (Date.parse(catalogue.issuedAt) < Date.parse(last.issuedAt))
      return {
        ok: false,
        code: 'replayed',
        message: `catalogue ${catalogue.sequence} was issued before the one this kiosk already has`,
      };
  }
  return {
    ok: true,
    catalogue,
    digest,
    keyId: verified.publisher.keyId,
    same: last !== undefined && last.sequence === catalogue.sequence,
  };
}
