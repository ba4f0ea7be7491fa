import type { AuditEntry } from '../../api/learners';
import type { Db } from '../db/database';
import { sql } from '../db/sql';
import { isoWithOffset, type Clock } from '../clock';

/** Operator actions and lockouts. Ids only, never names, so an erasure leaves nothing behind here. */
export type AuditAction =
  | 'setup.create'
  | 'learner.create'
  | 'learner.update'
  | 'learner.disable'
  | 'learner.enable'
  | 'learner.reset_pin'
  | 'learner.erase'
  | 'auth.lockout'
  | 'auth.recover'
  | 'auth.recover_failed'
  | 'auth.recover_lockout'
  | 'settings.update'
  | 'course.install'
  | 'course.refused'
  | 'course.remove'
  | 'kiosk.exit'
  | 'kiosk.exit_denied'
  | 'report.export'
  | 'bundle.export'
  | 'receipt.apply'
  | 'receipt.refused'
  | 'backup.create'
  | 'backup.restore'
  | 'lrs.set'
  | 'lrs.clear'
  | 'lrs.release'
  | 'hub.init'
  | 'hub.import'
  | 'hub.pull_lrs'
  | 'hub.key_accept'
  | 'hub.key_reject'
  | 'hub.receipts'
  | 'hub.pass_up'
  | 'hub.report_export'
  | 'hub.backup'
  | 'hub.cert_request'
  | 'hub.cert_import'
  | 'receipt.hub_confirmed';

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

export function listAudit(db: Db, limit: number): AuditEntry[] {
  return db
    .all<{
      id: number;
      at: string;
      actor_id: string | null;
      action: string;
      target_id: string | null;
      details: string;
    }>(sql`SELECT * FROM audit_log ORDER BY id DESC LIMIT ${limit}`)
    .map((r) => ({
      id: r.id,
      at: r.at,
      actorId: r.actor_id,
      action: r.action,
      targetId: r.target_id,
      details: JSON.parse(r.details) as Record<string, unknown>,
    }));
}
