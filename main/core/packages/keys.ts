import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { generateEd25519, publicKeyRaw } from '../crypto/keys';

/** A key id: the first 16 hex digits of SHA-256 over the raw 32-byte Ed25519 public key. */
export function keyIdOf(publicKeyRawBase64: string): string {
  return createHash('sha256').update(Buffer.from(publicKeyRawBase64, 'base64')).digest('hex').slice(0, 16);
}

/** `balai keygen` output: the private key file. Keep it off the kiosk and out of the repository. */
export const privateKeyFileSchema = z.strictObject({
  formatVersion: z.literal(1),
  type: z.literal('balai-ed25519-private-key'),
  keyId: z.string().regex(/^[0-9a-f]{16}$/),
  name: z.string().min(1).max(200),
  publicKey: z.string().max(100),
  privateKeyPem: z.string().max(1000),
});
export type PrivateKeyFile = z.infer<typeof privateKeyFileSchema>;

/** The public half of a key (`balai keygen`'s FILE.pub.json); trusted only through a certificate chain. */
export const trustedKeySchema = z.strictObject({
  formatVersion: z.literal(1),
  type: z.literal('balai-ed25519-public-key'),
  keyId: z.string().regex(/^[0-9a-f]{16}$/),
  name: z.string().min(1).max(200),
  publicKey: z.string().max(100),
  note: z.string().max(1000).optional(),
});
export type TrustedKey = z.infer<typeof trustedKeySchema>;

export function newPrivateKeyFile(name: string): PrivateKeyFile {
  const pair = generateEd25519();
  const publicKey = publicKeyRaw(pair.publicKeyPem);
  return {
    formatVersion: 1,
    type: 'balai-ed25519-private-key',
    keyId: keyIdOf(publicKey),
    name,
    publicKey,
    privateKeyPem: pair.privateKeyPem,
  };
}

export function publicHalf(key: PrivateKeyFile, note?: string): TrustedKey {
  return {
    formatVersion: 1,
    type: 'balai-ed25519-public-key',
    keyId: key.keyId,
    name: key.name,
    publicKey: key.publicKey,
    ...(note ? { note } : {}),
  };
}

/** Reads every key file of one schema in a folder; a malformed file is skipped and reported, never trusted. */
export function loadKeyFolder<T extends { keyId: string; publicKey: string }>(
  dir: string,
  schema: z.ZodType<T>,
  onBad: (file: string, reason: string) => void = () => {},
): T[] {
  if (!existsSync(dir)) return [];
  const keys: T[] = [];
  for (const file of readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .sort()) {
    try {
      const parsed = schema.safeParse(JSON.parse(readFileSync(join(dir, file), 'utf8')));
      if (!parsed.success) onBad(file, parsed.error.message);
      else if (keyIdOf(parsed.data.publicKey) !== parsed.data.keyId)
        onBad(file, 'keyId does not match the public key');
      else keys.push(parsed.data);
    } catch (error) {
      onBad(file, error instanceof Error ? error.message : String(error));
    }
  }
  return keys;
}
