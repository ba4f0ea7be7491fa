import { publicKeyFromRaw, verifyEd25519 } from '../crypto/keys';
import { canonicalBytes } from '../packages/canonical';
import { keyIdOf } from '../packages/keys';
import {
  certificateBodySchema,
  chainSchema,
  MAX_CHAIN_LENGTH,
  revocationBodySchema,
  type CertificateBody,
  type RevocationList,
  type Right,
  type Role,
  type RootKey,
} from './format';
import { scopeCovers } from './scope';

/** Why a chain is refused; `reason` says it in English for logs and the CLI. */
export type ChainRefusal =
  | 'no_chain'
  | 'malformed'
  | 'too_long'
  | 'unknown_root'
  | 'broken_link'
  | 'bad_signature'
  | 'may_not_certify'
  | 'role_changes'
  | 'scope_widens'
  | 'rights_widen'
  | 'dates_widen'
  | 'not_yet_valid'
  | 'expired'
  | 'revoked'
  | 'wrong_role'
  | 'scope_not_covered'
  | 'right_missing'
  | 'wrong_signer';

/** A chain that holds: the signer's key and what its last certificate grants. */
export interface VerifiedChain {
  /** The last certificate's signed part: role, scope, level, name, rights, dates. */
  leaf: CertificateBody;
  signerKeyId: string;
  signerPublicKey: string;
  root: RootKey;
  /** The chain ends at a development root (the app then shows "Versi uji"). */
  development: boolean;
  /** Every certificate's body, root side first. */
  certificates: CertificateBody[];
}

export type ChainResult =
  | ({ ok: true } & VerifiedChain)
  | {
      ok: false;
      code: ChainRefusal;
      reason: string;
      /** The certificate (0 = the one the root signed) the refusal is about, when it is about one. */
      at?: number;
    };

export interface ChainOptions {
  roots: readonly RootKey[];
  /** Verified revocation lists (the store's); the highest sequence per issuer counts. */
  revocations: readonly RevocationList[];
  now: Date;
  /** The role the last certificate must have. */
  role: Role;
  /** A desa code or region scope the last certificate's scope must cover. */
  scopeMustCover?: string;
  /** A right the last certificate must grant. */
  right?: Right;
}

interface RevokedBy {
  serials: ReadonlySet<string>;
  keyIds: ReadonlySet<string>;
}

/** Per issuer key id: what its newest list revokes. */
export function revocationIndex(lists: readonly RevocationList[]): Map<string, RevokedBy> {
  const newest = new Map<string, { sequence: number; revoked: RevokedBy }>();
  for (const list of lists) {
    const body = revocationBodySchema.safeParse(list.signed);
    if (!body.success) continue;
    const have = newest.get(list.keyId);
    if (have && have.sequence >= body.data.sequence) continue;
    newest.set(list.keyId, {
      sequence: body.data.sequence,
      revoked: { serials: new Set(body.data.serials), keyIds: new Set(body.data.keyIds) },
    });
  }
  return new Map([...newest].map(([issuer, v]) => [issuer, v.revoked]));
}

function refuse(code: ChainRefusal, reason: string, at?: number): ChainResult {
  return at === undefined ? { ok: false, code, reason } : { ok: false, code, reason, at };
}

/** Ed25519 over the canonical JSON of `signed` by a raw base64 public key; false on any bad input. */
export function signatureHolds(
  publicKey: string,
  signed: Record<string, unknown>,
  signature: string,
): boolean {
  try {
    return verifyEd25519(publicKeyFromRaw(publicKey), canonicalBytes(signed), signature);
  } catch {
    return false;
  }
}

/**
 * Walks a chain from a shipped root to its last certificate: every signature, every link (a certificate is
 * signed by the key the one before certifies), only narrowing scope, rights and dates, the `certify` right
 * for every issuer but the root, the same role all along, valid at `now`, nothing revoked. `role` undefined
 * accepts either (for revocation-list issuers). Never throws.
 */
export function walkChain(
  chain: unknown,
  opts: Omit<ChainOptions, 'role'> & { role: Role | undefined },
): ChainResult {
  if (chain === undefined || (Array.isArray(chain) && chain.length === 0))
    return refuse('no_chain', 'no certificate chain: the signer is not certified');
  if (Array.isArray(chain) && chain.length > MAX_CHAIN_LENGTH)
    return refuse('too_long', `the chain has ${chain.length} certificates; at most ${MAX_CHAIN_LENGTH}`);
  const parsed = chainSchema.safeParse(chain);
  if (!parsed.success) return refuse('malformed', 'the certificate chain is malformed');

  const revoked = revocationIndex(opts.revocations);
  const now = opts.now.getTime();
  const bodies: CertificateBody[] = [];
  let root: RootKey | undefined;
  const ancestors: string[] = [];

  for (const [i, cert] of parsed.data.entries()) {
    const body = certificateBodySchema.safeParse(cert.signed);
    if (!body.success)
      return refuse('malformed', `certificate ${i + 1}: ${body.error.issues[0]?.message ?? 'malformed'}`, i);
    const c = body.data;
    if (keyIdOf(c.subject.publicKey) !== c.subject.keyId)
      return refuse('malformed', `certificate ${i + 1}: subject keyId does not match its public key`, i);
    const parent = bodies[i - 1];
    let issuerKey: string;
    if (!parent) {
      root = opts.roots.find((r) => r.keyId === cert.keyId);
      if (!root)
        return refuse('unknown_root', `certificate 1 is signed by ${cert.keyId}, not a trusted root`, 0);
      issuerKey = root.publicKey;
      ancestors.push(root.keyId);
    } else {
      if (cert.keyId !== parent.subject.keyId)
        return refuse(
          'broken_link',
          `certificate ${i + 1} is not signed by the key certificate ${i} names`,
          i,
        );
      issuerKey = parent.subject.publicKey;
    }
    if (!signatureHolds(issuerKey, cert.signed, cert.signature))
      return refuse('bad_signature', `certificate ${i + 1} has a bad signature (changed after signing)`, i);
    if (parent) {
      if (!parent.rights.includes('certify'))
        return refuse('may_not_certify', `"${parent.name}" has no right to certify other keys`, i);
      if (parent.role !== c.role)
        return refuse(
          'role_changes',
          `certificate ${i + 1} is for a ${c.role}, its issuer's for a ${parent.role}`,
          i,
        );
      if (!scopeCovers(parent.scope, c.scope))
        return refuse('scope_widens', `scope "${c.scope}" is wider than its issuer's "${parent.scope}"`, i);
      const extra = c.rights.filter((r) => !parent.rights.includes(r));
      if (extra.length) return refuse('rights_widen', `rights ${extra.join(', ')} exceed the issuer's`, i);
      if (
        Date.parse(c.notBefore) < Date.parse(parent.notBefore) ||
        Date.parse(c.notAfter) > Date.parse(parent.notAfter)
      )
        return refuse('dates_widen', `certificate ${i + 1} is valid outside its issuer's dates`, i);
    }
    if (now < Date.parse(c.notBefore))
      return refuse('not_yet_valid', `"${c.name}" is not valid before ${c.notBefore}`, i);
    if (now >= Date.parse(c.notAfter)) return refuse('expired', `"${c.name}" expired on ${c.notAfter}`, i);
    if (revoked.get(cert.keyId)?.serials.has(c.serial))
      return refuse('revoked', `certificate ${c.serial} of "${c.name}" is revoked`, i);
    const byWhom = ancestors.find((a) => revoked.get(a)?.keyIds.has(c.subject.keyId));
    if (byWhom)
      return refuse('revoked', `key ${c.subject.keyId} of "${c.name}" is revoked (by ${byWhom})`, i);
    ancestors.push(c.subject.keyId);
    bodies.push(c);
  }

  const leaf = bodies[bodies.length - 1]!;
  const last = bodies.length - 1;
  if (opts.role !== undefined && leaf.role !== opts.role)
    return refuse('wrong_role', `"${leaf.name}" is certified as a ${leaf.role}, not a ${opts.role}`, last);
  if (opts.scopeMustCover !== undefined && !scopeCovers(leaf.scope, opts.scopeMustCover))
    return refuse(
      'scope_not_covered',
      `"${leaf.name}" covers "${leaf.scope || 'national'}", not ${opts.scopeMustCover || 'the whole country'}`,
      last,
    );
  if (opts.right !== undefined && !leaf.rights.includes(opts.right))
    return refuse('right_missing', `"${leaf.name}" has no right "${opts.right}"`, last);
  return {
    ok: true,
    leaf,
    signerKeyId: leaf.subject.keyId,
    signerPublicKey: leaf.subject.publicKey,
    root: root!,
    development: root!.development,
    certificates: bodies,
  };
}

/** Checks a chain for a use: `role`, and optionally a region it must cover and a right it must grant. */
export function verifyChain(chain: unknown, opts: ChainOptions): ChainResult {
  return walkChain(chain, opts);
}

/**
 * Checks a signed document (course, catalogue, update, receipt…): its envelope type, its `chain` for the
 * use, that the envelope is signed by the chain's last key, and the signature.
 */
export function verifySignedDocument(
  envelope: {
    type: string;
    keyId: string;
    signed: Record<string, unknown>;
    signature: string;
    chain?: unknown;
  },
  type: string,
  opts: ChainOptions,
): ChainResult {
  if (envelope.type !== type)
    return refuse('malformed', `signature is for a ${envelope.type}, not a ${type}`);
  const chain = walkChain(envelope.chain, opts);
  if (!chain.ok) return chain;
  if (envelope.keyId !== chain.signerKeyId)
    return refuse(
      'wrong_signer',
      `signed by key ${envelope.keyId}, but the chain certifies ${chain.signerKeyId}`,
    );
  if (!signatureHolds(chain.signerPublicKey, envelope.signed, envelope.signature))
    return refuse(
      'bad_signature',
      'bad signature: the document was changed after it was signed, or signed with another key',
    );
  return chain;
}
