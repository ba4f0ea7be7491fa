import type { Db } from '../db/database';
import { sql, type Sql } from '../db/sql';
import { fromFloor, outboxQueue, type QueuedStatement, type UploadQueue } from '../lrs/store';
import { installationMode } from './identity';

/** The statement row a queued item stands for: its rowid, and its id so a stale rowid never marks another. */
const rowOf = (item: QueuedStatement) =>
  sql`SELECT device_id, id FROM hub_statements WHERE rowid = ${item.seq} AND id = ${item.id}`;

/**
 * The hub's statements as an upload queue (issue 9, "forward"): the kiosk's `Uploader` sends them to the LRS
 * exactly as the villages recorded them, ids included, so a statement a village uploaded itself is answered
 * as the same statement (200, or 409 and equal) and counts as delivered. Pending: held at the hub, neither
 * acknowledged by the LRS (`hub_lrs_deliveries`) nor in quarantine (`hub_lrs_quarantine`, migration 0009).
 * `seq` is the statement's row in `hub_statements` (import order).
 */
export function hubForwardQueue(db: Db): UploadQueue {
  const count = (query: Sql) => db.get<{ n: number }>(query)?.n ?? 0;
  const pendingFrom = (floor: number, limit: number) =>
    db.all<QueuedStatement>(
      sql`SELECT s.rowid AS seq, s.id, s.statement AS json FROM hub_statements s
          WHERE s.rowid >= ${floor}
            AND NOT EXISTS (SELECT 1 FROM hub_lrs_deliveries d WHERE d.device_id = s.device_id AND d.statement_id = s.id)
            AND NOT EXISTS (SELECT 1 FROM hub_lrs_quarantine q WHERE q.device_id = s.device_id AND q.statement_id = s.id)
          ORDER BY s.rowid LIMIT ${limit}`,
    );
  return {
    // A hub holding a million statements does not scan the delivered ones for every batch.
    next: fromFloor(pendingFrom),
    // The three sets are disjoint (acknowledge clears a quarantine; quarantine skips the delivered), so the
    // pending count is a difference of counts instead of a scan.
    pendingCount: () =>
      count(sql`SELECT (SELECT COUNT(*) FROM hub_statements) - (SELECT COUNT(*) FROM hub_lrs_deliveries)
                       - (SELECT COUNT(*) FROM hub_lrs_quarantine) AS n`),
    sentCount: () => count(sql`SELECT COUNT(*) AS n FROM hub_lrs_deliveries`),
    quarantinedCount: () => count(sql`SELECT COUNT(*) AS n FROM hub_lrs_quarantine`),
    acknowledge: (items, at, ref) => {
      if (items.length === 0) return;
      db.transaction(() => {
        for (const item of items) {
          db.run(sql`INSERT OR IGNORE INTO hub_lrs_deliveries (device_id, statement_id, at, ref)
                     SELECT device_id, id, ${at}, ${ref} FROM (${rowOf(item)})`);
          db.run(sql`DELETE FROM hub_lrs_quarantine WHERE (device_id, statement_id) IN (${rowOf(item)})`);
        }
      });
    },
    quarantine: (item, note, at) => {
      db.run(sql`INSERT OR IGNORE INTO hub_lrs_quarantine (device_id, statement_id, reason, http_status, detail, at)
                 SELECT r.device_id, r.id, ${note.reason}, ${note.httpStatus}, ${note.detail.slice(0, 1000)}, ${at}
                 FROM (${rowOf(item)}) r
                 WHERE NOT EXISTS (SELECT 1 FROM hub_lrs_deliveries d
                                   WHERE d.device_id = r.device_id AND d.statement_id = r.id)`);
    },
  };
}

/**
 * The queue the installation uploads from: a hub forwards what it holds, a kiosk (or an installation not set
 * up yet) sends its outbox. It decides at each call until the installation is set up, so an uploader made at
 * the first start, before `hub init`, forwards once the office is set up; then the choice is kept.
 */
export function uploadQueueFor(db: Db): UploadQueue {
  let chosen: UploadQueue | null = null;
  const queue = (): UploadQueue => {
    if (chosen) return chosen;
    const mode = installationMode(db);
    const picked = mode === 'hub' ? hubForwardQueue(db) : outboxQueue(db);
    if (mode !== null) chosen = picked;
    return picked;
  };
  return {
    next: (limit) => queue().next(limit),
    pendingCount: () => queue().pendingCount(),
    sentCount: () => queue().sentCount(),
    quarantinedCount: () => queue().quarantinedCount(),
    acknowledge: (items, at, ref) => queue().acknowledge(items, at, ref),
    quarantine: (item, note, at) => queue().quarantine(item, note, at),
  };
}
