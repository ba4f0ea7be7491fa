import type { Db } from '../db/database';
import { sql } from '../db/sql';

/**
 * The first operator's account, as set-up makes it: a village kiosk's operator (usually also a learner), or
 * a hub's office admin (never a learner, no jabatan). The PIN arrives hashed.
 */
export function insertOperator(
  db: Db,
  account: {
    id: string;
    fullName: string;
    jabatan: string | null;
    isLearner: boolean;
    pinHash: string;
    now: string;
  },
): void {
  db.run(sql`INSERT INTO accounts (id, full_name, jabatan, is_operator, is_learner, pin_hash, created_at, updated_at)
             VALUES (${account.id}, ${account.fullName}, ${account.jabatan}, 1, ${account.isLearner},
                     ${account.pinHash}, ${account.now}, ${account.now})`);
}
