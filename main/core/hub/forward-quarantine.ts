import type { Db } from '../db/database';
import { sql } from '../db/sql';
import {
  quarantineList,
  releaseQuarantine,
  type QuarantinedStatement,
  type QuarantineReason,
} from '../lrs/store';
import { installationMode } from './identity';

/**
 * The hub's forwarding quarantine (migration 0009), in the kiosk's shape so the CLI and the operator's screen
 * read both alike. `seq` is the statement's row in `hub_statements`, as the uploader's log names it; `verb`
 * is the verb key the reports read; `recordedAt` the statement's timestamp as the kiosk recorded it.
 */
export function hubQuarantineList(db: Db, limit = 100, offset = 0): QuarantinedStatement[] {
  return db
    .all<{
      seq: number;
      statement_id: string;
      reason: QuarantineReason;
      http_status: number | null;
      detail: string;
      at: string;
      verb: string | null;
      recorded_at: string | null;
    }>(
      sql`SELECT s.rowid AS seq, q.statement_id, q.reason, q.http_status, q.detail, q.at, s.verb,
                 json_extract(s.statement, '$.timestamp') AS recorded_at
          FROM hub_lrs_quarantine q
          JOIN hub_statements s ON s.device_id = q.device_id AND s.id = q.statement_id
          ORDER BY s.rowid LIMIT ${limit} OFFSET ${offset}`,
    )
    .map((r) => ({
      seq: r.seq,
      statementId: r.statement_id,
      reason: r.reason,
      httpStatus: r.http_status,
      detail: r.detail,
      at: r.at,
      verb: r.verb ?? '?',
      recordedAt: r.recorded_at ?? '?',
    }));
}

/** Puts quarantined statements back in the hub's queue (all, or the given `seq`s). Returns how many. */
export function releaseHubQuarantine(db: Db, seqs: readonly number[] | 'all'): number {
  if (seqs === 'all') return db.run(sql`DELETE FROM hub_lrs_quarantine`).changes;
  return db.transaction(() =>
    seqs.reduce(
      (n, seq) =>
        n +
        db.run(sql`DELETE FROM hub_lrs_quarantine WHERE (device_id, statement_id) IN
                     (SELECT device_id, id FROM hub_statements WHERE rowid = ${seq})`).changes,
      0,
    ),
  );
}

/** The installation's quarantine: the hub's on a hub, else the kiosk's. */
export function uploadQuarantineList(db: Db, limit = 100, offset = 0): QuarantinedStatement[] {
  return installationMode(db) === 'hub'
    ? hubQuarantineList(db, limit, offset)
    : quarantineList(db, limit, offset);
}

export function releaseUploadQuarantine(db: Db, seqs: readonly number[] | 'all'): number {
  return installationMode(db) === 'hub' ? releaseHubQuarantine(db, seqs) : releaseQuarantine(db, seqs);
}
