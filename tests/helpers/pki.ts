import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { newPrivateKeyFile, privateKeyFileSchema, type PrivateKeyFile } from '../../main/core/packages/keys';
import {
  chainFileSchema,
  type Certificate,
  type RevocationList,
  type Right,
  type Role,
  type RootKey,
} from '../../main/core/pki/format';
import { issueCertificate } from '../../main/core/pki/issue';
import { loadRoots } from '../../main/core/pki/roots';
import type { Signer, Trust } from '../../main/core/pki/trust';

const KEYS = resolve(import.meta.dirname, '..', '..', 'content', 'keys');
const readKey = (file: string) =>
  privateKeyFileSchema.parse(JSON.parse(readFileSync(join(KEYS, file), 'utf8')));

/** The development root (private half in the repository; resources/keys/roots trusts it). */
export const DEV_ROOT: PrivateKeyFile = readKey('dev-root.key.json');
/** The development publisher with its chain, as `npm run courses:build` signs the starter courses. */
export const DEV_PUBLISHER: Signer = {
  key: readKey('dev-publisher.key.json'),
  chain: chainFileSchema.parse(JSON.parse(readFileSync(join(KEYS, 'dev-publisher.chain.json'), 'utf8')))
    .chain,
};
export const DEV_PUBLISHER_CHAIN_FILE = join(KEYS, 'dev-publisher.chain.json');
export const DEV_PUBLISHER_KEY_FILE = join(KEYS, 'dev-publisher.key.json');

export interface CertifyOptions {
  role?: Role;
  /** Default national. */
  scope?: string;
  /** Default a publisher's three rights. */
  rights?: Right[];
  notBefore?: Date;
  notAfter?: Date;
  /** Default: the development root issues the first certificate. */
  issuer?: Signer | { key: PrivateKeyFile; chain: readonly Certificate[] };
}

/** Certifies `key` (under the development root, or `issuer`) and returns it as a signer with its chain. */
export function certify(key: PrivateKeyFile, opts: CertifyOptions = {}): Signer {
  const issuer = opts.issuer ?? { key: DEV_ROOT, chain: [] };
  const role = opts.role ?? 'publisher';
  const certificate = issueCertificate(
    {
      subjectPublicKey: key.publicKey,
      role,
      scope: opts.scope ?? '',
      name: key.name,
      rights: opts.rights ?? (role === 'publisher' ? ['courses', 'catalogue', 'app-updates'] : []),
      notBefore: opts.notBefore ?? new Date('2020-01-01T00:00:00Z'),
      notAfter: opts.notAfter ?? new Date('2040-01-01T00:00:00Z'),
    },
    issuer.key,
  );
  return { key, chain: [...issuer.chain, certificate] };
}

/** The roots this repository ships (the development root). */
export const DEV_ROOTS = loadRoots(resolve(import.meta.dirname, '..', '..', 'resources', 'keys', 'roots'));

/** What a kiosk trusts in tests: the development root, no revocations, now (or `at`), any region (or `region`). */
export function devTrust(
  opts: { region?: string; now?: Date; revocations?: RevocationList[]; roots?: RootKey[] } = {},
): Trust {
  return {
    roots: opts.roots ?? DEV_ROOTS,
    revocations: opts.revocations ?? [],
    now: opts.now ?? new Date(),
    ...(opts.region ? { region: opts.region } : {}),
  };
}

/** A publisher certified by a root of its own making, which no kiosk ships. */
export function selfCertified(name: string): Signer {
  return certify(newPrivateKeyFile(name), {
    issuer: { key: newPrivateKeyFile(`${name} (root)`), chain: [] },
  });
}
