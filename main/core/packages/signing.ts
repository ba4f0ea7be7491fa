import { z } from 'zod';
import { signEd25519 } from '../crypto/keys';
import { canonicalBytes } from './canonical';
import type { PrivateKeyFile } from './keys';

/** A file as a signed manifest lists it. */
export const fileEntrySchema = z.strictObject({
  path: z.string().max(200),
  size: z.number().int().min(0),
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
});
export type FileEntry = z.infer<typeof fileEntrySchema>;

/**
 * A signed document: `signature` is Ed25519 by key `keyId` over the RFC 8785 canonical JSON of
 * `signed`. Course packages, bundles, receipts and catalogues all use this envelope with their own `type`.
 * `chain`, when present, is the signer's certificate chain (main/core/pki): outside the signed part, since
 * each certificate carries its own signature.
 */
export const signedEnvelopeSchema = z.strictObject({
  formatVersion: z.literal(1),
  type: z.string().max(64),
  keyId: z.string().regex(/^[0-9a-f]{16}$/),
  signed: z.record(z.string(), z.unknown()),
  signature: z.string().max(200),
  chain: z.array(z.record(z.string(), z.unknown())).max(3).optional(),
});
export type SignedEnvelope = z.infer<typeof signedEnvelopeSchema>;

export function signEnvelope(
  type: string,
  signed: Record<string, unknown>,
  key: PrivateKeyFile,
  chain?: readonly Record<string, unknown>[],
): SignedEnvelope {
  return {
    formatVersion: 1,
    type,
    keyId: key.keyId,
    signed,
    signature: signEd25519(key.privateKeyPem, canonicalBytes(signed)),
    ...(chain ? { chain: [...chain] } : {}),
  };
}
