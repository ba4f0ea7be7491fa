import type { AuditAction, AuditEntry } from '../../api/learners';
import type { Db } from '../db/database';
import { sql } from '../db/sql';
import { isoWithOffset, type Clock } from '../clock';

/** Operator actions and lockouts (the list is in the API, so the log screen names every one). */
export type { AuditAction } from '../../api/learners';

export function audit(
  db: Db,
  clock: Clock,
  entry: {
    actorId: string | null;
    action: AuditAction;
    targetId?: string | null;
    details?: Record<string, unknown>;
  },
): void {
  db.run(sql`INSERT INTO audit_log (at, actor_id, action, target_id, details)
             VALUES (${isoWithOffset(clock.now())}, ${entry.actorId}, ${entry.action}, ${entry.targetId ?? null},
                     ${JSON.stringify(entry.details ?? {})})`);
}

/**
 * The newest entries, with the names of the accounts that acted and were acted on as they are now (the log
 * itself keeps ids only: an erased name is gone from here too).
 */
export function listAudit(db: Db, limit: number): AuditEntry[] {
  return db
    .all<{
      id: number;
      at: string;
      actor_id: string | null;
      action: string;
      target_id: string | null;
      details: string;
      actor_account: string | null;
      actor_name: string | null;
      target_account: string | null;
      target_name: string | null;
    }>(
      sql`SELECT l.*, a.id AS actor_account, a.full_name AS actor_name, t.id AS target_account, t.full_name AS target_name
          FROM audit_log l LEFT JOIN accounts a ON a.id = l.actor_id LEFT JOIN accounts t ON t.id = l.target_id
          ORDER BY l.id DESC LIMIT ${limit}`,
    )
    .map((r) => ({
      id: r.id,
      at: r.at,
      actorId: r.actor_id,
      action: r.action,
      targetId: r.target_id,
      details: JSON.parse(r.details) as Record<string, unknown>,
      actor: r.actor_account ? { name: r.actor_name } : null,
      target: r.target_account ? { name: r.target_name } : null,
    }));
}
