import type { PrivateKeyFile } from '../packages/keys';
import type { SignedEnvelope } from '../packages/signing';
import { verifySignedDocument, type ChainRefusal } from './chain';
import type { Certificate, PublisherRight, RevocationList, RootKey } from './format';

/**
 * What a kiosk, hub or the CLI trusts at one moment: the roots the app ships, the revocation lists it holds,
 * the time, and the region it serves (a kiosk's desa). Courses, catalogues and updates are checked against it.
 */
export interface Trust {
  roots: readonly RootKey[];
  revocations: readonly RevocationList[];
  now: Date;
  /** A kiosk's desa code: a regional publisher's courses and catalogues must cover it. Undefined: any region. */
  region?: string;
}

/** The certified publisher of a course, catalogue or update, as its chain names it. */
export interface Publisher {
  keyId: string;
  name: string;
  /** `""` national, or the region its certificate covers. */
  scope: string;
  /** Certified under a development root. */
  development: boolean;
}

export type PublishedCheck =
  { ok: true; publisher: Publisher } | { ok: false; code: ChainRefusal; reason: string };

/**
 * Checks a publisher's signed document: a chain to a trusted root granting `right`, covering the kiosk's
 * region, and app updates from a national publisher only.
 */
export function verifyPublished(
  envelope: SignedEnvelope,
  type: string,
  trust: Trust,
  right: PublisherRight,
): PublishedCheck {
  const scopeMustCover = right === 'app-updates' ? '' : trust.region;
  const result = verifySignedDocument(envelope, type, {
    roots: trust.roots,
    revocations: trust.revocations,
    now: trust.now,
    role: 'publisher',
    right,
    ...(scopeMustCover === undefined ? {} : { scopeMustCover }),
  });
  if (!result.ok) return { ok: false, code: result.code, reason: result.reason };
  return {
    ok: true,
    publisher: {
      keyId: result.signerKeyId,
      name: result.leaf.name,
      scope: result.leaf.scope,
      development: result.development,
    },
  };
}

/** A publisher's key with its chain (`--key` and `--cert` on the CLI): what signs courses, catalogues, updates. */
export interface Signer {
  key: PrivateKeyFile;
  chain: readonly Certificate[];
}
