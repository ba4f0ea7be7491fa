import type { Db } from '../db/database';
import { sql } from '../db/sql';

/** What the kiosk stores about bundles, receipts, the pinned hub and deliveries (migration 0005). */

/** How a statement was delivered: by a hub's receipt, or by the LRS uploader (main/core/lrs). */
export type DeliveryVia = 'hub' | 'lrs';

export interface BundleExportRow {
  bundle_seq: number;
  file_name: string;
  created_at: string;
  statements: number;
  from_seq: number | null;
  to_seq: number | null;
  manifest_sha256: string;
  size_bytes: number;
  sealed_roster: 0 | 1;
}

export interface PinnedHubRow {
  hub_id: string;
  name: string;
  region_code: string;
  key_id: string;
  public_key: string;
  encryption_key: string;
  pinned_at: string;
  enrolment: string | null;
  enrolled_at: string | null;
}

export interface OutboxRow {
  seq: number;
  id: string;
  recorded_at: string;
  statement: string;
}

export function lastExport(db: Db): BundleExportRow | undefined {
  return db.get<BundleExportRow>(sql`SELECT * FROM bundle_exports ORDER BY bundle_seq DESC LIMIT 1`);
}

export function findExport(db: Db, bundleSeq: number, sha256: string): BundleExportRow | undefined {
  return db.get<BundleExportRow>(
    sql`SELECT * FROM bundle_exports WHERE bundle_seq = ${bundleSeq} AND manifest_sha256 = ${sha256}`,
  );
}

export function recordExport(db: Db, row: BundleExportRow): void {
  db.run(sql`INSERT INTO bundle_exports (bundle_seq, file_name, created_at, statements, from_seq, to_seq,
                                         manifest_sha256, size_bytes, sealed_roster)
             VALUES (${row.bundle_seq}, ${row.file_name}, ${row.created_at}, ${row.statements}, ${row.from_seq},
                     ${row.to_seq}, ${row.manifest_sha256}, ${row.size_bytes}, ${row.sealed_roster})`);
}

export function pinnedHub(db: Db): PinnedHubRow | undefined {
  return db.get<PinnedHubRow>(sql`SELECT * FROM pinned_hub WHERE id = 1`);
}

/** The highest statement sequence number recorded so far (0 when none). */
export function maxSeq(db: Db): number {
  return db.get<{ n: number | null }>(sql`SELECT MAX(seq) AS n FROM outbox`)?.n ?? 0;
}

/**
 * Pending for a bundle: recorded up to `upTo` and not delivered either way, by a hub's receipt or by the LRS
 * uploader (a statement the LRS acknowledged has arrived; the hub would only forward it to the same LRS).
 */
export function pendingTotals(db: Db, upTo: number): { count: number; bytes: number } {
  const row = db.get<{ count: number; bytes: number | null }>(
    sql`SELECT COUNT(*) AS count, SUM(length(CAST(statement AS BLOB))) AS bytes FROM outbox o
        WHERE o.seq <= ${upTo}
          AND NOT EXISTS (SELECT 1 FROM deliveries d WHERE d.seq = o.seq)`,
  );
  return { count: row?.count ?? 0, bytes: row?.bytes ?? 0 };
}

/** One page of pending statements after `afterSeq`, in seq order, exactly as recorded. */
export function pendingPage(db: Db, afterSeq: number, upTo: number, limit: number): OutboxRow[] {
  return db.all<OutboxRow>(
    sql`SELECT seq, id, recorded_at, statement FROM outbox o
        WHERE o.seq > ${afterSeq} AND o.seq <= ${upTo}
          AND NOT EXISTS (SELECT 1 FROM deliveries d WHERE d.seq = o.seq)
        ORDER BY o.seq LIMIT ${limit}`,
  );
}

/** The ids of the statements with seq in [from, to], in seq order (to compare with a receipt's digest). */
export function idsInRange(db: Db, from: number, to: number): { seq: number; id: string }[] {
  return db.all<{ seq: number; id: string }>(
    sql`SELECT seq, id FROM outbox WHERE seq BETWEEN ${from} AND ${to} ORDER BY seq`,
  );
}

/**
 * Marks the statements with seq in [from, to] delivered `via` (idempotent). Returns how many were newly
 * marked. The LRS uploader calls this with `via = 'lrs'` for each run of a batch the LRS acknowledged.
 */
export function markDelivered(
  db: Db,
  range: { from: number; to: number },
  via: DeliveryVia,
  at: string,
  ref: string | null,
): number {
  return db.run(
    sql`INSERT OR IGNORE INTO deliveries (seq, via, at, ref)
        SELECT seq, ${via}, ${at}, ${ref} FROM outbox WHERE seq BETWEEN ${range.from} AND ${range.to}`,
  ).changes;
}

/** Statements delivered `via`, and how many the outbox holds in all. */
export function deliveryCounts(db: Db, via: DeliveryVia): { total: number; delivered: number } {
  const total = db.get<{ n: number }>(sql`SELECT COUNT(*) AS n FROM outbox`)?.n ?? 0;
  const delivered =
    db.get<{ n: number }>(sql`SELECT COUNT(*) AS n FROM deliveries WHERE via = ${via}`)?.n ?? 0;
  return { total, delivered };
}
