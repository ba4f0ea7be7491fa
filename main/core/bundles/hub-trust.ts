import type { PendingHubView, ReceiptRefusal } from '../../api/transfer';
import type { Db } from '../db/database';
import { sql } from '../db/sql';
import { verifySignedDocument, type ChainRefusal, type VerifiedChain } from '../pki/chain';
import type { RevocationList } from '../pki/format';
import { mergeRevocations, verifyRevocationList } from '../pki/revocation';
import type { TrustInputs } from '../hub/certificate';
import type { SignedEnvelope } from '../packages/signing';
import { RECEIPT_SIGNATURE_TYPE, type Receipt } from './format';

/**
 * Which hubs a kiosk takes receipts from (issue 16): a hub whose certificate chain reaches a root the app
 * ships and covers this kiosk's desa. The first such hub is accepted at once; any other only after the
 * operator confirms it on screen. A hub pinned before certification existed (migration 0012) is honoured only
 * by a development build, and a release build asks the operator at its next certified receipt.
 */

export interface AcceptedHubRow {
  key_id: string;
  public_key: string;
  hub_id: string;
  name: string;
  region_code: string;
  certified_name: string | null;
  certified_scope: string | null;
  not_after: string | null;
  chain: string | null;
  accepted_at: string;
  how: 'first' | 'operator' | 'uncertified';
  accepted_by: string | null;
}

export interface PendingHubRow {
  key_id: string;
  public_key: string;
  hub_id: string;
  name: string;
  region_code: string;
  certified_name: string;
  certified_scope: string;
  not_after: string;
  receipt: string;
  seen_at: string;
}

export function acceptedHubs(db: Db): AcceptedHubRow[] {
  return db.all<AcceptedHubRow>(sql`SELECT * FROM accepted_hubs ORDER BY accepted_at, key_id`);
}

export function pendingHubs(db: Db): PendingHubRow[] {
  return db.all<PendingHubRow>(sql`SELECT * FROM pending_hubs ORDER BY seen_at, key_id`);
}

/** A build that ships a development root trusts the development key: tests, demos, "Versi uji". */
export function isDevelopmentBuild(trust: Pick<TrustInputs, 'roots'>): boolean {
  return trust.roots.some((r) => r.development);
}

/** Each chain refusal as the receipt refusal the kiosk says in Indonesian. */
function refusalOf(code: ChainRefusal): ReceiptRefusal {
  switch (code) {
    case 'no_chain':
      return 'uncertified';
    case 'scope_not_covered':
      return 'hub_out_of_region';
    case 'expired':
    case 'not_yet_valid':
      return 'hub_expired';
    case 'revoked':
      return 'hub_revoked';
    default:
      return 'hub_untrusted';
  }
}

/**
 * The revocation lists to judge a receipt by: those the kiosk holds and the newer ones the receipt carries,
 * each checked on its own (a list from an issuer the kiosk cannot verify is left out). Nothing is stored here.
 */
export function revocationsWith(trust: TrustInputs, carried: readonly unknown[]): RevocationList[] {
  let lists = [...trust.revocations];
  for (const value of carried) {
    const checked = verifyRevocationList(value, { roots: trust.roots, revocations: lists, now: trust.now });
    if (checked.ok) lists = mergeRevocations(lists, checked.list).lists;
  }
  return lists;
}

export type HubJudgement =
  /** From a hub this kiosk accepted already (`chain` null: an uncertified pin a development build honours). */
  | { kind: 'accepted'; row: AcceptedHubRow; chain: VerifiedChain | null }
  /** The first certified hub for this kiosk: accepted and pinned with this receipt. */
  | { kind: 'first'; chain: VerifiedChain }
  /** A certified hub covering the desa, but not the one accepted: the operator must confirm it first. */
  | { kind: 'confirm'; chain: VerifiedChain }
  | { kind: 'refused'; refusal: ReceiptRefusal; message: string };

/**
 * Decides whether a receipt's hub may speak for this kiosk: its chain (in the envelope) verified for role
 * `hub` covering `desaCode`, against the shipped roots and the revocation lists (held and carried), and the
 * kiosk's accepted hubs. Never writes.
 */
export function judgeReceiptHub(
  db: Db,
  trust: TrustInputs,
  envelope: SignedEnvelope,
  receipt: Receipt,
  desaCode: string,
): HubJudgement {
  const carried = receipt.formatVersion === 2 ? receipt.revocations : [];
  const checked = verifySignedDocument(envelope, RECEIPT_SIGNATURE_TYPE, {
    roots: trust.roots,
    revocations: revocationsWith(trust, carried),
    now: trust.now,
    role: 'hub',
    scopeMustCover: desaCode,
  });
  const keyId = envelope.keyId;
  const accepted = acceptedHubs(db);
  const known = accepted.find((a) => a.public_key === receipt.hub.publicKey);
  if (!checked.ok) {
    // A hub pinned before certification keeps working in a development build, as long as it sends no chain.
    if (checked.code === 'no_chain' && known?.how === 'uncertified' && isDevelopmentBuild(trust))
      return { kind: 'accepted', row: known, chain: null };
    const refusal = refusalOf(checked.code);
    const message =
      refusal === 'uncertified'
        ? `the receipt's hub "${receipt.hub.name}" (key ${keyId}) has no certificate: it is not an office hub`
        : `the receipt's hub "${receipt.hub.name}" (key ${keyId}) is not trusted for desa ${desaCode}: ${checked.reason}`;
    return { kind: 'refused', refusal, message };
  }
  if (known && (known.how !== 'uncertified' || isDevelopmentBuild(trust)))
    return { kind: 'accepted', row: known, chain: checked };
  if (accepted.length === 0) return { kind: 'first', chain: checked };
  return { kind: 'confirm', chain: checked };
}

/** A pending hub as the operator is shown it, beside the hub the kiosk reports to now. */
export function pendingHubView(row: PendingHubRow): PendingHubView {
  return {
    keyId: row.key_id,
    name: row.name,
    regionCode: row.region_code,
    certifiedName: row.certified_name,
    certifiedScope: row.certified_scope,
    notAfter: row.not_after,
    seenAt: row.seen_at,
  };
}
