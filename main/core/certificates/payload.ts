import { createHash, randomInt } from 'node:crypto';
import { z } from 'zod';
import { publicKeyFromRaw, signEd25519, verifyEd25519 } from '../crypto/keys';
import { canonicalBytes } from '../packages/canonical';

/**
 * What a certificate's QR code carries, signed by the kiosk's device key (DESIGN.md): the certificate
 * number, the learner's id and a hash of their name (the name itself is printed, not encoded), the course
 * and its version, the scores, the date, the device and its desa. The code is
 * `BB1.<base64url canonical JSON>.<base64url signature>`, short enough for a QR code.
 *
 * `v`: 1 for certificates issued before page seals; 2 says every PDF of this certificate carries a page
 * seal (page-seal.ts), so a PDF of it without one was stripped. The fields are the same.
 */
export const certificatePayloadSchema = z.strictObject({
  v: z.union([z.literal(1), z.literal(2)]),
  no: z.string().max(40),
  lid: z.string().max(40),
  nh: z.string().regex(/^[0-9a-f]{16}$/),
  c: z.string().max(64),
  cv: z.string().max(20),
  pre: z.number().min(0).max(100).nullable(),
  post: z.number().min(0).max(100),
  d: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
  dev: z.string().max(40),
  desa: z.string().max(13),
  pk: z.string().max(60),
});
export type CertificatePayload = z.infer<typeof certificatePayloadSchema>;

const PREFIX = 'BB1';

/** The name as compared: trimmed, inner spaces collapsed, upper case. */
export function nameHash(fullName: string): string {
  const normal = fullName.trim().replace(/\s+/g, ' ').toUpperCase();
  return createHash('sha256').update(normal, 'utf8').digest('hex').slice(0, 16);
}

const ALPHABET = '23456789ABCDEFGHJKMNPQRSTUVWXYZ';
/** `3302052001-20261101-7KQ4M`: desa code digits, date, five random symbols. */
export function certificateNumber(desaCode: string, date: string): string {
  const tail = Array.from({ length: 5 }, () => ALPHABET[randomInt(ALPHABET.length)]).join('');
  return `${desaCode.replace(/\./g, '')}-${date.replace(/-/g, '')}-${tail}`;
}

export function encodeCertificate(payload: CertificatePayload, devicePrivateKeyPem: string): string {
  const bytes = canonicalBytes(payload);
  const signature = Buffer.from(signEd25519(devicePrivateKeyPem, bytes), 'base64');
  return `${PREFIX}.${bytes.toString('base64url')}.${signature.toString('base64url')}`;
}

export type DecodedCertificate =
  { ok: true; payload: CertificatePayload; signatureValid: boolean } | { ok: false; reason: string };

/** Decodes a certificate code and checks its signature against the device key it names. */
export function decodeCertificate(code: string): DecodedCertificate {
  const parts = code.trim().split('.');
  if (parts.length !== 3 || parts[0] !== PREFIX)
    return { ok: false, reason: 'not a Balai Belajar certificate code' };
  let payloadBytes: Buffer;
  let parsed: unknown;
  try {
    payloadBytes = Buffer.from(parts[1]!, 'base64url');
    parsed = JSON.parse(payloadBytes.toString('utf8'));
  } catch {
    return { ok: false, reason: 'the certificate code is damaged' };
  }
  const payload = certificatePayloadSchema.safeParse(parsed);
  if (!payload.success) return { ok: false, reason: 'the certificate code has an unknown shape' };
  // The bytes signed are the canonical form: a payload re-encoded differently does not verify.
  if (!canonicalBytes(payload.data).equals(payloadBytes))
    return { ok: true, payload: payload.data, signatureValid: false };
  let key;
  try {
    key = publicKeyFromRaw(payload.data.pk);
  } catch {
    return { ok: false, reason: 'the certificate names an invalid device key' };
  }
  const signatureValid = verifyEd25519(
    key,
    payloadBytes,
    Buffer.from(parts[2]!, 'base64url').toString('base64'),
  );
  return { ok: true, payload: payload.data, signatureValid };
}
