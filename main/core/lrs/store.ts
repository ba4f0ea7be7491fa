import type { QuarantinedStatement, QuarantineReason, UploadErrorCode } from '../../api/lrs';
import type { Db } from '../db/database';
import { sql } from '../db/sql';
import { markDelivered } from '../bundles/store';

export type { QuarantinedStatement, QuarantineReason, UploadErrorCode };

/** What the uploader keeps in the database (migration 0006): its state, and the quarantine. */

export interface UploaderState {
  lastSuccessAt: string | null;
  lastErrorAt: string | null;
  lastErrorCode: UploadErrorCode | null;
  lastError: string | null;
  backoffStep: number;
  nextAttemptAt: string | null;
  lastCheckAt: string | null;
  lastCheckOk: boolean | null;
}

interface StateRow {
  last_success_at: string | null;
  last_error_at: string | null;
  last_error_code: string | null;
  last_error: string | null;
  backoff_step: number;
  next_attempt_at: string | null;
  last_check_at: string | null;
  last_check_ok: 0 | 1 | null;
}

export function readUploaderState(db: Db): UploaderState {
  const row = db.get<StateRow>(sql`SELECT * FROM lrs_uploader WHERE id = 1`);
  return {
    lastSuccessAt: row?.last_success_at ?? null,
    lastErrorAt: row?.last_error_at ?? null,
    lastErrorCode: (row?.last_error_code ?? null) as UploadErrorCode | null,
    lastError: row?.last_error ?? null,
    backoffStep: row?.backoff_step ?? 0,
    nextAttemptAt: row?.next_attempt_at ?? null,
    lastCheckAt: row?.last_check_at ?? null,
    lastCheckOk: row?.last_check_ok == null ? null : row.last_check_ok === 1,
  };
}

const ensureRow = (db: Db) => db.run(sql`INSERT OR IGNORE INTO lrs_uploader (id) VALUES (1)`);

/** Something was acknowledged: the back-off starts again from the bottom. */
export function noteSuccess(db: Db, at: string): void {
  ensureRow(db);
  db.run(sql`UPDATE lrs_uploader SET last_success_at = ${at}, backoff_step = 0, next_attempt_at = NULL
             WHERE id = 1`);
}

/** A failed attempt: the error, one more back-off step, and when the schedule may try again. */
export function noteFailure(
  db: Db,
  at: string,
  code: UploadErrorCode,
  message: string,
  nextAttemptAt: string,
): void {
  ensureRow(db);
  db.run(sql`UPDATE lrs_uploader SET last_error_at = ${at}, last_error_code = ${code},
               last_error = ${message.slice(0, 500)}, backoff_step = backoff_step + 1,
               next_attempt_at = ${nextAttemptAt}
             WHERE id = 1`);
}

/** The LRS answered and nothing is left to send: no back-off, no next attempt before the schedule's interval. */
export function noteIdle(db: Db): void {
  ensureRow(db);
  db.run(sql`UPDATE lrs_uploader SET backoff_step = 0, next_attempt_at = NULL WHERE id = 1`);
}

export function noteCheck(db: Db, at: string, reachable: boolean): void {
  ensureRow(db);
  db.run(sql`UPDATE lrs_uploader SET last_check_at = ${at}, last_check_ok = ${reachable} WHERE id = 1`);
}

export function quarantineList(db: Db, limit = 100, offset = 0): QuarantinedStatement[] {
  return db
    .all<{
      seq: number;
      statement_id: string;
      reason: QuarantineReason;
      http_status: number | null;
      detail: string;
      at: string;
      verb: string;
      recorded_at: string;
    }>(
      sql`SELECT q.seq, q.statement_id, q.reason, q.http_status, q.detail, q.at, o.verb, o.recorded_at
          FROM lrs_quarantine q JOIN outbox o ON o.seq = q.seq ORDER BY q.seq LIMIT ${limit} OFFSET ${offset}`,
    )
    .map((r) => ({
      seq: r.seq,
      statementId: r.statement_id,
      reason: r.reason,
      httpStatus: r.http_status,
      detail: r.detail,
      at: r.at,
      verb: r.verb,
      recordedAt: r.recorded_at,
    }));
}

/** Puts quarantined statements back in the queue (all, or the given sequence numbers). Returns how many. */
export function releaseQuarantine(db: Db, seqs: readonly number[] | 'all'): number {
  if (seqs === 'all') return db.run(sql`DELETE FROM lrs_quarantine`).changes;
  return db.transaction(() =>
    seqs.reduce((n, seq) => n + db.run(sql`DELETE FROM lrs_quarantine WHERE seq = ${seq}`).changes, 0),
  );
}

/** One statement waiting to be uploaded: its queue position, its id and its JSON exactly as recorded. */
export interface QueuedStatement {
  seq: number;
  id: string;
  json: string;
}

/** What the LRS (or a check of it) said about a statement put in quarantine. */
export interface QuarantineNote {
  reason: QuarantineReason;
  httpStatus: number | null;
  detail: string;
}

/**
 * Where the uploader takes statements from and where it writes down what became of them. The kiosk's outbox
 * is one; a hub forwarding its villages' statements will be another.
 */
export interface UploadQueue {
  /** The next statements to send, oldest first: neither delivered to the LRS nor in quarantine. */
  next(limit: number): QueuedStatement[];
  pendingCount(): number;
  sentCount(): number;
  quarantinedCount(): number;
  /** The LRS holds these (it said so): marked delivered, in one transaction. */
  acknowledge(items: readonly QueuedStatement[], at: string, ref: string): void;
  quarantine(item: QueuedStatement, note: QuarantineNote, at: string): void;
}

/**
 * `next` for a queue whose rows are read in `seq` order: rows below the first one the last read returned were
 * settled then, so an upload of many statements does not scan the delivered ones again for every batch (that
 * made the uploader's own database work grow with the square of the outbox). A quarantine release puts rows
 * below it back: when the rows above it run short, one full scan finds them.
 */
export function fromFloor(
  pendingFrom: (floor: number, limit: number) => QueuedStatement[],
): (limit: number) => QueuedStatement[] {
  let floor = 0;
  return (limit) => {
    let rows = pendingFrom(floor, limit);
    if (rows.length < limit && floor > 0) rows = pendingFrom(0, limit);
    if (rows[0]) floor = rows[0].seq;
    return rows;
  };
}

/** The kiosk's outbox as an upload queue: delivered means a `deliveries` row with via 'lrs'. */
export function outboxQueue(db: Db): UploadQueue {
  const count = (query: ReturnType<typeof sql>) => db.get<{ n: number }>(query)?.n ?? 0;
  return {
    next: fromFloor((floor, limit) =>
      db.all<QueuedStatement>(
        sql`SELECT seq, id, statement AS json FROM outbox o
            WHERE o.seq >= ${floor}
              AND NOT EXISTS (SELECT 1 FROM deliveries d WHERE d.seq = o.seq AND d.via = 'lrs')
              AND NOT EXISTS (SELECT 1 FROM lrs_quarantine q WHERE q.seq = o.seq)
            ORDER BY seq LIMIT ${limit}`,
      ),
    ),
    // Counts instead of a scan with two lookups per statement (the progress bar asks after every batch): every
    // delivery row is an outbox row (foreign key), and a quarantined statement counts once even if delivered.
    pendingCount: () =>
      count(sql`SELECT (SELECT COUNT(*) FROM outbox)
                       - (SELECT COUNT(*) FROM deliveries WHERE via = 'lrs')
                       - (SELECT COUNT(*) FROM lrs_quarantine q
                          WHERE NOT EXISTS (SELECT 1 FROM deliveries d WHERE d.seq = q.seq AND d.via = 'lrs')) AS n`),
    sentCount: () => count(sql`SELECT COUNT(*) AS n FROM deliveries WHERE via = 'lrs'`),
    quarantinedCount: () => count(sql`SELECT COUNT(*) AS n FROM lrs_quarantine`),
    acknowledge: (items, at, ref) => {
      if (items.length === 0) return;
      db.transaction(() => {
        for (const run of seqRuns(items.map((i) => i.seq))) markDelivered(db, run, 'lrs', at, ref);
      });
    },
    quarantine: (item, note, at) => {
      db.run(sql`INSERT OR IGNORE INTO lrs_quarantine (seq, statement_id, reason, http_status, detail, at)
                 VALUES (${item.seq}, ${item.id}, ${note.reason}, ${note.httpStatus}, ${note.detail.slice(0, 1000)},
                         ${at})`);
    },
  };
}

/** Runs of consecutive numbers: [1,2,3,7,8] → {1..3}, {7..8}, so each run can be marked as one range. */
export function seqRuns(seqs: readonly number[]): { from: number; to: number }[] {
  const runs: { from: number; to: number }[] = [];
  for (const seq of [...seqs].sort((a, b) => a - b)) {
    const run = runs.at(-1);
    if (run && seq === run.to + 1) run.to = seq;
    else if (!run || seq > run.to) runs.push({ from: seq, to: seq });
  }
  return runs;
}

/** The operator asked to send now: the back-off starts from the bottom and no wait is pending. */
export function resetBackoff(db: Db): void {
  ensureRow(db);
  db.run(sql`UPDATE lrs_uploader SET backoff_step = 0, next_attempt_at = NULL WHERE id = 1`);
}
