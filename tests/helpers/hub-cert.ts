import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { privateKeyFileSchema, type PrivateKeyFile } from '../../main/core/packages/keys';
import type { Certificate } from '../../main/core/pki/format';
import { issueCertificate } from '../../main/core/pki/issue';

/** The development root (its private half is in the repository; resources/keys/roots trusts it). */
export const DEV_ROOT_KEY: PrivateKeyFile = privateKeyFileSchema.parse(
  JSON.parse(
    readFileSync(
      join(resolve(import.meta.dirname, '..', '..'), 'content', 'keys', 'dev-root.key.json'),
      'utf8',
    ),
  ),
);

export interface HubCertOptions {
  /** The region the certificate covers (default: the hub's own). */
  scope: string;
  name?: string;
  notBefore?: Date;
  notAfter?: Date;
  /** Default: the development root, directly. */
  issuer?: { key: PrivateKeyFile; chain: readonly Certificate[] };
  rights?: 'certify'[];
}

/** A hub certificate chain for `publicKey`, issued by the development root (or `issuer`). */
export function hubChain(publicKey: string, options: HubCertOptions): Certificate[] {
  const issuer = options.issuer ?? { key: DEV_ROOT_KEY, chain: [] };
  const certificate = issueCertificate(
    {
      subjectPublicKey: publicKey,
      role: 'hub',
      scope: options.scope,
      name: options.name ?? `Hub ${options.scope} (uji)`,
      rights: options.rights ?? [],
      notBefore: options.notBefore ?? new Date('2020-01-01T00:00:00Z'),
      notAfter: options.notAfter ?? new Date('2040-01-01T00:00:00Z'),
    },
    issuer.key,
  );
  return [...issuer.chain, certificate];
}
