import { z } from 'zod';
import { signedEnvelopeSchema } from '../packages/signing';
import { isScope, LEVELS, levelOfScope } from './scope';

/**
 * The formats of the root of trust (format version 1). Every one is the usual signed envelope (canonical
 * JSON, Ed25519) with its own `type`; docs/trust.md says who holds which key.
 */

const keyId = z.string().regex(/^[0-9a-f]{16}$/);
/** A raw 32-byte Ed25519 public key, base64. */
const publicKey = z.string().regex(/^[A-Za-z0-9+/]{43}=$/);
const scope = z.string().max(20).refine(isScope, 'a Kemendagri code prefix: "", 33, 33.05, 33.05.01, …');
const isoTime = z.iso.datetime({ offset: true });

export const ROLES = ['hub', 'publisher'] as const;
/** What a certified key may do: run a hub (receipts, enrolments) or publish (courses, catalogues, updates). */
export type Role = (typeof ROLES)[number];

/**
 * Rights a certificate grants. `courses`, `catalogue` and `app-updates` are a publisher's; `certify` lets the
 * holder issue narrower certificates of its own role (a provinsi certifying its kabupaten). A hub has no
 * right but `certify`.
 */
export const RIGHTS = ['courses', 'catalogue', 'app-updates', 'certify'] as const;
export type Right = (typeof RIGHTS)[number];
export type PublisherRight = Exclude<Right, 'certify'>;

export const CERTIFICATE_TYPE = 'balai-certificate';
export const REQUEST_TYPE = 'balai-certificate-request';
export const REVOCATION_TYPE = 'balai-revocation-list';
/** A chain holds at most this many certificates: centre → provinsi → kabupaten. */
export const MAX_CHAIN_LENGTH = 3;

/** A root public key the app ships in resources/keys/roots/<keyId>.json. */
export const rootKeySchema = z.strictObject({
  formatVersion: z.literal(1),
  type: z.literal('balai-root-key'),
  keyId,
  name: z.string().min(1).max(200),
  publicKey,
  /** A development root: its private half is in the repository; a release refuses it. */
  development: z.boolean(),
});
/** A trusted root (the centre's, or the development one in development builds). */
export type RootKey = z.infer<typeof rootKeySchema>;

/** The signed part of a certificate: the issuer (envelope `keyId`) binds the subject key to a role and scope. */
export const certificateBodySchema = z
  .strictObject({
    formatVersion: z.literal(1),
    /** 16 hex digits, random; unique per issuer, named in revocation lists. */
    serial: z.string().regex(/^[0-9a-f]{16}$/),
    subject: z.strictObject({ keyId, publicKey }),
    role: z.enum(ROLES),
    scope,
    level: z.enum(LEVELS),
    /** The office that holds the key, e.g. "Tim LMS Kabupaten Purbalingga". */
    name: z.string().min(1).max(200),
    rights: z.array(z.enum(RIGHTS)).max(RIGHTS.length),
    notBefore: isoTime,
    notAfter: isoTime,
  })
  .refine((c) => levelOfScope(c.scope) === c.level, {
    message: 'level does not match the depth of the scope',
    path: ['level'],
  })
  .refine((c) => new Set(c.rights).size === c.rights.length, { message: 'a right is listed twice' })
  .refine((c) => c.role === 'publisher' || c.rights.every((r) => r === 'certify'), {
    message: 'a hub certificate grants no publisher right',
    path: ['rights'],
  })
  .refine((c) => Date.parse(c.notBefore) < Date.parse(c.notAfter), {
    message: 'notAfter is not after notBefore',
    path: ['notAfter'],
  });
export type CertificateBody = z.infer<typeof certificateBodySchema>;

/** A certificate as it travels: a `balai-certificate` envelope whose `keyId` is the issuer's. */
export const certificateSchema = signedEnvelopeSchema
  .omit({ chain: true })
  .extend({ type: z.literal(CERTIFICATE_TYPE) });
export type Certificate = z.infer<typeof certificateSchema>;

/** A chain as it travels: the certificate the root signed first, the signer's own last. */
export const chainSchema = z.array(certificateSchema).min(1).max(MAX_CHAIN_LENGTH);

/**
 * What an office sends to be certified (`balai pki request`), signed with the key it asks to be certified:
 * the signature proves it holds the private half.
 */
export const requestBodySchema = z
  .strictObject({
    formatVersion: z.literal(1),
    publicKey,
    role: z.enum(ROLES),
    level: z.enum(LEVELS),
    /** The region it asks to cover, a Kemendagri code prefix. */
    region: scope,
    /** The office, e.g. "Hub Kecamatan Bukateja". */
    name: z.string().min(1).max(200),
    created: isoTime,
  })
  .refine((r) => levelOfScope(r.region) === r.level, {
    message: 'level does not match the depth of the region code',
    path: ['level'],
  });
export type RequestBody = z.infer<typeof requestBodySchema>;
export const requestSchema = signedEnvelopeSchema
  .omit({ chain: true })
  .extend({ type: z.literal(REQUEST_TYPE) });
export type CertificateRequest = z.infer<typeof requestSchema>;

/**
 * A revocation list: every serial (of certificates it issued) and key id (of keys certified below it) the
 * issuer has revoked so far. Lists are cumulative: the one with the highest sequence per issuer replaces the
 * others, and an older one changes nothing.
 */
export const revocationBodySchema = z.strictObject({
  formatVersion: z.literal(1),
  sequence: z
    .number()
    .int()
    .min(1)
    .max(2 ** 40),
  issuedAt: isoTime,
  serials: z.array(z.string().regex(/^[0-9a-f]{16}$/)).max(10_000),
  keyIds: z.array(keyId).max(10_000),
});
export type RevocationBody = z.infer<typeof revocationBodySchema>;

/**
 * A revocation list as it travels: a `balai-revocation-list` envelope by the issuer, with the issuer's own
 * chain when the issuer is not a root (so any kiosk can check it).
 */
export const revocationListSchema = signedEnvelopeSchema.extend({
  type: z.literal(REVOCATION_TYPE),
  chain: z.array(certificateSchema).max(MAX_CHAIN_LENGTH).optional(),
});
export type RevocationList = z.infer<typeof revocationListSchema>;

export const CHAIN_FILE_TYPE = 'balai-certificate-chain';
/**
 * A certificate chain as a file (`balai pki issue --out`, `--cert` when signing): the holder's chain from the
 * root's certificate to its own.
 */
export const chainFileSchema = z.strictObject({
  formatVersion: z.literal(1),
  type: z.literal(CHAIN_FILE_TYPE),
  chain: chainSchema,
});
export type ChainFile = z.infer<typeof chainFileSchema>;

/** Wraps a chain as a file. */
export function chainFile(chain: readonly Certificate[]): ChainFile {
  return { formatVersion: 1, type: CHAIN_FILE_TYPE, chain: [...chain] };
}
