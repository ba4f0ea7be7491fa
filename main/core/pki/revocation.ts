import { canonicalBytes } from '../packages/canonical';
import type { PrivateKeyFile } from '../packages/keys';
import { signEnvelope } from '../packages/signing';
import { signatureHolds, walkChain } from './chain';
import { isoSeconds } from './issue';
import {
  REVOCATION_TYPE,
  revocationBodySchema,
  revocationListSchema,
  type Certificate,
  type RevocationBody,
  type RevocationList,
  type RootKey,
} from './format';

/**
 * `balai pki revoke`: a list of what the issuer revokes. Lists are cumulative, so pass the issuer's previous
 * list: its entries are kept and the sequence goes up by one.
 */
export function makeRevocationList(
  what: { serials: readonly string[]; keyIds: readonly string[]; issuedAt: Date; sequence?: number },
  issuer: PrivateKeyFile,
  opts: { chain?: readonly Certificate[]; previous?: RevocationBody } = {},
): RevocationList {
  const prev = opts.previous;
  const body: RevocationBody = {
    formatVersion: 1,
    sequence: what.sequence ?? (prev ? prev.sequence + 1 : 1),
    issuedAt: isoSeconds(what.issuedAt),
    serials: [...new Set([...(prev?.serials ?? []), ...what.serials])].sort(),
    keyIds: [...new Set([...(prev?.keyIds ?? []), ...what.keyIds])].sort(),
  };
  const { formatVersion, keyId, signed, signature } = signEnvelope(REVOCATION_TYPE, body, issuer);
  return {
    formatVersion,
    type: REVOCATION_TYPE,
    keyId,
    signed,
    signature,
    ...(opts.chain ? { chain: [...opts.chain] } : {}),
  };
}

export type RevocationCheck =
  | { ok: true; list: RevocationList; body: RevocationBody; issuerKeyId: string }
  | { ok: false; reason: string };

/**
 * Checks a revocation list: its shape, and that it is signed by a root or by a key whose chain (carried in
 * the list) grants `certify`. Never throws.
 */
export function verifyRevocationList(
  value: unknown,
  opts: { roots: readonly RootKey[]; revocations: readonly RevocationList[]; now: Date },
): RevocationCheck {
  const parsed = revocationListSchema.safeParse(value);
  if (!parsed.success) return { ok: false, reason: 'not a revocation list' };
  const list = parsed.data;
  const body = revocationBodySchema.safeParse(list.signed);
  if (!body.success) return { ok: false, reason: 'revocation list is malformed' };
  let publicKey: string;
  const root = opts.roots.find((r) => r.keyId === list.keyId);
  if (root) publicKey = root.publicKey;
  else {
    const chain = walkChain(list.chain, { ...opts, role: undefined, right: 'certify' });
    if (!chain.ok) return { ok: false, reason: `revocation list issuer: ${chain.reason}` };
    if (chain.signerKeyId !== list.keyId)
      return { ok: false, reason: 'revocation list is not signed by the key its chain certifies' };
    publicKey = chain.signerPublicKey;
  }
  if (!signatureHolds(publicKey, list.signed, list.signature))
    return { ok: false, reason: 'bad signature on the revocation list' };
  return { ok: true, list, body: body.data, issuerKeyId: list.keyId };
}

/** What a verified list does to the lists held: newer replaces, same or older changes nothing. */
export type MergeOutcome = 'added' | 'newer' | 'same' | 'older' | 'conflict';

/**
 * Merges one verified list into the held ones, newest per issuer. A replayed older list (`older`), or one
 * with the held sequence but other entries (`conflict`), leaves `lists` as it was.
 */
export function mergeRevocations(
  held: readonly RevocationList[],
  incoming: RevocationList,
): { outcome: MergeOutcome; lists: RevocationList[] } {
  const incomingBody = revocationBodySchema.parse(incoming.signed);
  const index = held.findIndex((l) => l.keyId === incoming.keyId);
  if (index < 0) return { outcome: 'added', lists: [...held, incoming] };
  const have = revocationBodySchema.parse(held[index]!.signed);
  if (incomingBody.sequence < have.sequence) return { outcome: 'older', lists: [...held] };
  if (incomingBody.sequence === have.sequence) {
    const same = canonicalBytes(incomingBody).equals(canonicalBytes(have));
    return { outcome: same ? 'same' : 'conflict', lists: [...held] };
  }
  const lists = [...held];
  lists[index] = incoming;
  return { outcome: 'newer', lists };
}
