import { readFileSync, statSync } from 'node:fs';
import { err, ok, type Result } from '../../api/result';
import type { DeliveryStatus, HubView, ReceiptOnDrive } from '../../api/transfer';
import { audit } from '../auth/audit';
import { isoWithOffset } from '../clock';
import type { Services } from '../context';
import type { Drive } from '../drives/drive';
import { findFiles } from '../drives/find';
import { resolveOnDrive } from '../drives/paths';
import { keyIdOf } from '../packages/keys';
import { readKiosk } from '../setup/kiosk';
import { MAX_RECEIPT_BYTES, RECEIPT_EXTENSION } from './format';
import { desaFolder } from './names';
import { checkEnrolment, parseReceipt, rangeDigest, type ReceiptRefusal } from './receipt';
import { acceptRevocationList } from '../pki/store';
import { acceptedHubs, judgeReceiptHub, pendingHubs, pendingHubView } from './hub-trust';

export type { HubView };
import {
  deliveryCounts,
  findExport,
  idsInRange,
  lastExport,
  markDelivered,
  maxSeq,
  pendingTotals,
  pinnedHub,
  type PinnedHubRow,
} from './store';
import { sql } from '../db/sql';
import { noteTimeSeen } from '../clock-sanity';

/** A receipt applied on this kiosk. */
export interface AppliedReceipt {
  receiptId: string;
  hub: HubView;
  /** This receipt pinned the hub (the kiosk's first valid receipt). */
  pinned: boolean;
  /** This receipt brought the enrolment of the device key. */
  enrolled: boolean;
  /** The same receipt was applied before (nothing new). */
  alreadyApplied: boolean;
  /** Statements marked delivered now. */
  newlyDelivered: number;
  /** Runs the hub lists whose statements differ from this kiosk's: left pending, sent again. */
  mismatchedRanges: number;
  /** Still pending after this receipt. */
  pending: number;
}

function hubView(db: Services['db'], row: PinnedHubRow): HubView {
  const accepted = acceptedHubs(db).find((a) => a.key_id === row.key_id);
  return {
    id: row.hub_id,
    name: row.name,
    regionCode: row.region_code,
    keyId: row.key_id,
    pinnedAt: row.pinned_at,
    enrolledAt: row.enrolled_at,
    certified:
      accepted?.certified_name != null && accepted.certified_scope != null
        ? { name: accepted.certified_name, scope: accepted.certified_scope, notAfter: accepted.not_after }
        : null,
  };
}

const refuse = (
  code: 'INVALID_CONTENT' | 'CONFLICT',
  refusal: ReceiptRefusal,
  message: string,
  details: Record<string, unknown> = {},
) => err<AppliedReceipt>(code, message, { reason: refusal, ...details });

/**
 * Applies a receipt (the bytes of a `.balaireceipt`) on this kiosk: signed by the hub key it names; for this
 * device; from a hub whose certificate chain reaches a shipped root and covers this desa (hub-trust.ts: the
 * first such hub is accepted, another one only once the operator confirms it, `options.confirmedBy`); its
 * enrolment, if any, for this device key and by that hub; naming at least one bundle this kiosk exported.
 * Then, in one transaction: accepts (and pins) the hub, stores the enrolment and the revocation lists it
 * carries, and marks delivered every run of statements whose ids are the ones the hub lists (a run that
 * differs stays pending and goes out again). A refused receipt changes nothing but the audit log; a second
 * certified hub is kept aside for the operator (`pending_hubs`). Error `details.reason` is a `ReceiptRefusal`.
 */
export function applyReceipt(
  services: Services,
  bytes: Buffer,
  options: { actorId?: string | null; source?: string; confirmedBy?: string } = {},
): Result<AppliedReceipt> {
  const { db, clock, log } = services;
  const kiosk = readKiosk(db);
  if (!kiosk) return err('NOT_SET_UP', 'the kiosk is not set up');
  const refused = (
    code: 'INVALID_CONTENT' | 'CONFLICT',
    refusal: ReceiptRefusal,
    message: string,
    details: Record<string, unknown> = {},
  ) => {
    log.warn('receipt refused', { refusal, message, source: options.source });
    audit(db, clock, {
      actorId: options.actorId ?? null,
      action: 'receipt.refused',
      details: { reason: refusal, ...details },
    });
    return refuse(code, refusal, message, details);
  };

  const parsed = parseReceipt(bytes);
  if (!parsed.ok) return refused('INVALID_CONTENT', parsed.refusal, parsed.reason);
  const { receipt, envelope } = parsed;
  const keyId = keyIdOf(receipt.hub.publicKey);
  if (receipt.deviceId !== kiosk.device_id || receipt.desaCode !== kiosk.desa_code)
    return refused(
      'CONFLICT',
      'other_device',
      `the receipt is for device ${receipt.deviceId} (desa ${receipt.desaCode}), not this kiosk`,
      { deviceId: receipt.deviceId },
    );
  const trust = services.trust();
  const judged = judgeReceiptHub(db, trust, envelope, receipt, kiosk.desa_code);
  if (judged.kind === 'refused')
    return refused('CONFLICT', judged.refusal, judged.message, { keyId, hubName: receipt.hub.name });
  let enrolment = null;
  if (receipt.enrolment) {
    const checked = checkEnrolment(receipt.enrolment, {
      deviceId: kiosk.device_id,
      desaCode: kiosk.desa_code,
      devicePublicKey: kiosk.public_key,
      hubPublicKey: receipt.hub.publicKey,
    });
    if (!checked.ok) return refused('INVALID_CONTENT', 'bad_enrolment', checked.reason);
    enrolment = checked.record;
  }
  if (!receipt.bundles.some((b) => findExport(db, b.bundleSeq, b.sha256)))
    return refused('CONFLICT', 'unknown_bundle', 'the receipt names no bundle this kiosk exported');
  const certified = judged.chain === null ? null : judged.chain.leaf;
  const confirmed = judged.kind === 'confirm' && options.confirmedBy !== undefined;
  if (judged.kind === 'confirm' && !confirmed) {
    const leaf = judged.chain.leaf;
    db.run(sql`INSERT INTO pending_hubs (key_id, public_key, hub_id, name, region_code, certified_name,
                                         certified_scope, not_after, receipt, seen_at)
               VALUES (${keyId}, ${receipt.hub.publicKey}, ${receipt.hub.id}, ${receipt.hub.name},
                       ${receipt.hub.regionCode}, ${leaf.name}, ${leaf.scope}, ${leaf.notAfter},
                       ${bytes.toString('utf8')}, ${isoWithOffset(clock.now())})
               ON CONFLICT (key_id) DO UPDATE SET hub_id = excluded.hub_id, name = excluded.name,
                 region_code = excluded.region_code, certified_name = excluded.certified_name,
                 certified_scope = excluded.certified_scope, not_after = excluded.not_after,
                 receipt = excluded.receipt, seen_at = excluded.seen_at`);
    return refused(
      'CONFLICT',
      'hub_unconfirmed',
      `the receipt is from another certified hub, "${leaf.name}" (${leaf.scope}); the operator must confirm it on screen first`,
      { keyId, hubName: leaf.name, scope: leaf.scope },
    );
  }
  const pinned = pinnedHub(db);

  const now = isoWithOffset(clock.now());
  const outcome = db.transaction(() => {
    const seen = db.get<{ n: number }>(
      sql`SELECT 1 AS n FROM receipts WHERE receipt_id = ${receipt.receiptId}`,
    );
    // What the hub says about itself counts from its newest receipt on: the same receipt again or an older
    // one (from an old stick) still marks what it lists, but never takes the hub back to an earlier name,
    // region, encryption key (personal data would be sealed to a retired key) or enrolment.
    const latest = !seen && !issuedBeforeApplied(services, receipt.issuedAt);
    let pinnedNow = false;
    const hubRow = {
      hubId: receipt.hub.id,
      name: receipt.hub.name,
      regionCode: receipt.hub.regionCode,
      chain: envelope.chain ? JSON.stringify(envelope.chain) : null,
    };
    if (judged.kind === 'first' || confirmed) {
      // A new hub to report to: accepted, and the one rosters are sealed to from now on.
      db.run(sql`DELETE FROM pinned_hub`);
      db.run(sql`INSERT INTO pinned_hub (id, hub_id, name, region_code, key_id, public_key, encryption_key, pinned_at)
                 VALUES (1, ${hubRow.hubId}, ${hubRow.name}, ${hubRow.regionCode}, ${keyId},
                         ${receipt.hub.publicKey}, ${receipt.hub.encryptionKey}, ${now})`);
      db.run(sql`INSERT INTO accepted_hubs (key_id, public_key, hub_id, name, region_code, certified_name,
                                            certified_scope, not_after, chain, accepted_at, how, accepted_by)
                 VALUES (${keyId}, ${receipt.hub.publicKey}, ${hubRow.hubId}, ${hubRow.name}, ${hubRow.regionCode},
                         ${certified?.name ?? null}, ${certified?.scope ?? null}, ${certified?.notAfter ?? null},
                         ${hubRow.chain}, ${now}, ${confirmed ? 'operator' : 'first'}, ${options.confirmedBy ?? null})
                 ON CONFLICT (key_id) DO UPDATE SET certified_name = excluded.certified_name,
                   certified_scope = excluded.certified_scope, not_after = excluded.not_after,
                   chain = excluded.chain, accepted_at = excluded.accepted_at, how = excluded.how,
                   accepted_by = excluded.accepted_by`);
      db.run(sql`DELETE FROM pending_hubs WHERE key_id = ${keyId}`);
      pinnedNow = true;
    } else if (latest) {
      // The same key may rename its hub, renew its certificate or rotate its encryption key: all signed by it.
      db.run(sql`UPDATE accepted_hubs SET hub_id = ${hubRow.hubId}, name = ${hubRow.name},
                   region_code = ${hubRow.regionCode}
                 WHERE key_id = ${keyId}`);
      if (certified)
        db.run(sql`UPDATE accepted_hubs SET certified_name = ${certified.name}, certified_scope = ${certified.scope},
                     not_after = ${certified.notAfter}, chain = ${hubRow.chain},
                     how = CASE how WHEN 'uncertified' THEN 'first' ELSE how END
                   WHERE key_id = ${keyId}`);
      if (pinned?.public_key === receipt.hub.publicKey)
        db.run(sql`UPDATE pinned_hub SET hub_id = ${receipt.hub.id}, name = ${receipt.hub.name},
                     region_code = ${receipt.hub.regionCode}, encryption_key = ${receipt.hub.encryptionKey}
                   WHERE id = 1`);
    }
    let enrolledNow = false;
    const stored = pinnedHub(db)!;
    if (
      enrolment &&
      receipt.enrolment &&
      stored.public_key === receipt.hub.publicKey &&
      (pinnedNow || latest)
    ) {
      const text = JSON.stringify(receipt.enrolment);
      if (stored.enrolment !== text) {
        db.run(
          sql`UPDATE pinned_hub SET enrolment = ${text}, enrolled_at = ${enrolment.enrolledAt} WHERE id = 1`,
        );
        enrolledNow = stored.enrolment === null;
      }
    }
    let marked = 0;
    let mismatched = 0;
    for (const range of receipt.statements) {
      const ours = idsInRange(db, range.from, range.to);
      if (ours.length !== range.count || rangeDigest(ours) !== range.sha256) {
        mismatched++;
        continue;
      }
      marked += markDelivered(db, range, 'hub', now, receipt.receiptId);
    }
    // The revocation lists the hub passed on: each kept when it is its issuer's newest (checked on its own).
    if (receipt.formatVersion === 2)
      for (const list of receipt.revocations)
        acceptRevocationList(db, list, { roots: trust.roots, now: trust.now, source: 'receipt' });
    if (!seen)
      db.run(sql`INSERT INTO receipts (receipt_id, key_id, received_at, applied_at, marked, envelope)
                 VALUES (${receipt.receiptId}, ${keyId}, ${receipt.receivedAt}, ${now}, ${marked},
                         ${JSON.stringify(envelope)})`);
    audit(db, clock, {
      actorId: options.actorId ?? null,
      action: 'receipt.apply',
      targetId: receipt.receiptId,
      details: { hubKeyId: keyId, pinned: pinnedNow, enrolled: enrolledNow, marked, mismatched },
    });
    return { pinnedNow, enrolledNow, alreadyApplied: seen !== undefined, marked, mismatched };
  });
  if (outcome.mismatched > 0)
    log.warn('receipt lists statements this kiosk holds differently; they stay pending', {
      receiptId: receipt.receiptId,
      mismatched: outcome.mismatched,
    });
  log.info('receipt applied', { receiptId: receipt.receiptId, hubKeyId: keyId, marked: outcome.marked });
  // The hub signed when it issued the receipt: a time this kiosk's clock must not be behind.
  noteTimeSeen(services, receipt.issuedAt, 'receipt');
  return ok({
    receiptId: receipt.receiptId,
    hub: hubView(db, pinnedHub(db)!),
    pinned: outcome.pinnedNow,
    enrolled: outcome.enrolledNow,
    alreadyApplied: outcome.alreadyApplied,
    newlyDelivered: outcome.marked,
    mismatchedRanges: outcome.mismatched,
    pending: pendingTotals(db, maxSeq(db)).count,
  });
}

/**
 * The operator confirms a certified hub waiting in `pending_hubs`: the receipt that brought it is applied as
 * confirmed (the hub is accepted and rosters are sealed to it from now on). If that receipt no longer holds
 * (its certificate expired meanwhile), the refusal says why and the hub stays pending.
 */
export function confirmHub(services: Services, keyId: string, actorId: string): Result<AppliedReceipt> {
  const row = pendingHubs(services.db).find((p) => p.key_id === keyId);
  if (!row) return err('NOT_FOUND', `no hub with key ${keyId} is waiting for confirmation`);
  const applied = applyReceipt(services, Buffer.from(row.receipt, 'utf8'), {
    actorId,
    confirmedBy: actorId,
    source: 'pending hub',
  });
  if (applied.ok)
    audit(services.db, services.clock, {
      actorId,
      action: 'receipt.hub_confirmed',
      targetId: keyId,
      details: { name: row.certified_name, scope: row.certified_scope },
    });
  return applied;
}

/** The operator turns a waiting hub down: forgotten, so its next receipt asks again. */
export function rejectPendingHub(services: Services, keyId: string): Result<{ rejected: true }> {
  const removed = services.db.run(sql`DELETE FROM pending_hubs WHERE key_id = ${keyId}`);
  return removed.changes > 0
    ? ok({ rejected: true as const })
    : err('NOT_FOUND', `no hub with key ${keyId} is waiting for confirmation`);
}

/**
 * Whether a receipt issued at `issuedAt` (hub time) is older than one applied here already. A time that
 * cannot be read counts as older: it may mark statements, not change the hub.
 */
function issuedBeforeApplied(services: Pick<Services, 'db'>, issuedAt: string): boolean {
  const issued = Date.parse(issuedAt);
  if (!Number.isFinite(issued)) return true;
  return services.db
    .all<{ issued: string | null }>(
      sql`SELECT json_extract(envelope, '$.signed.issuedAt') AS issued FROM receipts`,
    )
    .some((r) => r.issued !== null && Date.parse(r.issued) > issued);
}

/** Applies the receipt in `file` (a path the caller trusts: a CLI argument, or one resolved on a drive). */
export function applyReceiptFile(
  services: Services,
  file: string,
  options: { actorId?: string | null } = {},
): Result<AppliedReceipt> {
  let bytes: Buffer;
  try {
    const stat = statSync(file);
    if (!stat.isFile() || stat.size > MAX_RECEIPT_BYTES)
      return refuse('INVALID_CONTENT', 'unreadable', `${file} is not a receipt file`);
    bytes = readFileSync(file);
  } catch {
    return refuse('INVALID_CONTENT', 'unreadable', `cannot read ${file}`);
  }
  return applyReceipt(services, bytes, { ...options, source: file });
}

/** One receipt file found on a drive and what became of it; `message` (English, for the CLI and the log). */
export interface DriveReceiptOutcome extends ReceiptOnDrive {
  message: string | null;
}

/**
 * Looks for receipts on a drive in this kiosk's folder (`BalaiBelajar/<desa code>/…/*.balaireceipt`) and applies
 * each, oldest name first (receipts are cumulative, so order does not change the end state). Receipts for
 * another kiosk of the same desa are listed as `other_device` and left alone.
 */
export async function applyReceiptsFromDrive(
  services: Services,
  drive: Pick<Drive, 'mountpoint'>,
  options: { actorId?: string | null; signal?: AbortSignal } = {},
): Promise<Result<{ receipts: DriveReceiptOutcome[]; pending: number; hub: HubView | null }>> {
  const kiosk = readKiosk(services.db);
  if (!kiosk) return err('NOT_SET_UP', 'the kiosk is not set up');
  const folder = `${desaFolder(kiosk.desa_code)}/`;
  const found = await findFiles(drive, {
    extensions: [RECEIPT_EXTENSION],
    maxDepth: 5,
    signal: options.signal,
  });
  const receipts: DriveReceiptOutcome[] = [];
  for (const file of found.files) {
    if (!file.path.toLowerCase().startsWith(folder.toLowerCase())) continue;
    const resolved = resolveOnDrive(drive, file.path);
    if (!resolved.ok) continue;
    const applied = applyReceiptFile(services, resolved.path, options);
    if (applied.ok)
      receipts.push({
        path: file.path,
        outcome: applied.value.alreadyApplied ? 'already_applied' : 'applied',
        reason: null,
        message: null,
        newlyDelivered: applied.value.newlyDelivered,
      });
    else {
      const reason = receiptRefusal(applied.error.details?.reason);
      receipts.push({
        path: file.path,
        outcome:
          reason === 'other_device'
            ? 'other_device'
            : reason === 'hub_unconfirmed'
              ? 'needs_confirmation'
              : 'refused',
        reason,
        message: applied.error.message,
        newlyDelivered: 0,
      });
    }
  }
  const summary = pendingSummary(services);
  return ok({ receipts, pending: summary.pending, hub: summary.hub });
}

export type PendingSummary = DeliveryStatus;

export function pendingSummary(services: Services): PendingSummary {
  const { db } = services;
  const counts = deliveryCounts(db, 'hub');
  const hub = pinnedHub(db);
  const last = lastExport(db);
  const receipt = db.get<{ applied_at: string }>(
    sql`SELECT applied_at FROM receipts ORDER BY rowid DESC LIMIT 1`,
  );
  return {
    total: counts.total,
    // What the next bundle holds: neither covered by a receipt nor acknowledged by the LRS.
    pending: pendingTotals(db, maxSeq(db)).count,
    delivered: counts.delivered,
    lastReceiptAt: receipt?.applied_at ?? null,
    hub: hub ? hubView(db, hub) : null,
    pendingHubs: pendingHubs(db).map(pendingHubView),
    lastExport: last
      ? {
          bundleSeq: last.bundle_seq,
          fileName: last.file_name,
          createdAt: last.created_at,
          statements: last.statements,
        }
      : null,
  };
}

const REFUSALS: readonly ReceiptRefusal[] = [
  'unreadable',
  'malformed',
  'bad_signature',
  'other_device',
  'unknown_bundle',
  'bad_enrolment',
  'uncertified',
  'hub_out_of_region',
  'hub_expired',
  'hub_revoked',
  'hub_untrusted',
  'hub_unconfirmed',
];

function receiptRefusal(value: unknown): ReceiptRefusal {
  return REFUSALS.find((r) => r === value) ?? 'malformed';
}
