import type { SessionAccount, RosterCard } from '../../api/auth';
import type { Jabatan } from '../../api/jabatan';
import type { LearnerRecord, Picture } from '../../api/learners';
import type { Db } from '../db/database';
import { sql } from '../db/sql';

/** A row of `accounts` exactly as stored. */
export interface AccountRow {
  id: string;
  full_name: string | null;
  jabatan: string | null;
  nik: string | null;
  phone: string | null;
  email: string | null;
  is_operator: 0 | 1;
  is_learner: 0 | 1;
  pin_hash: string | null;
  failed_pins: number;
  lockouts: number;
  locked_until: string | null;
  disabled: 0 | 1;
  erased_at: string | null;
  created_at: string;
  updated_at: string;
}

export function getAccount(db: Db, id: string): AccountRow | undefined {
  return db.get<AccountRow>(sql`SELECT * FROM accounts WHERE id = ${id}`);
}

/** Can this account log in at all (not disabled, not erased)? */
export function isActive(row: AccountRow): boolean {
  return row.disabled === 0 && row.erased_at === null && row.pin_hash !== null;
}

export function toSessionAccount(row: AccountRow): SessionAccount {
  return {
    id: row.id,
    fullName: row.full_name ?? '',
    jabatan: row.jabatan as Jabatan | null,
    isOperator: row.is_operator === 1,
    isLearner: row.is_learner === 1,
  };
}

export function toRosterCard(row: AccountRow, now: Date, picture: Picture = null): RosterCard {
  return {
    id: row.id,
    fullName: row.full_name ?? '',
    jabatan: row.jabatan as Jabatan | null,
    isOperator: row.is_operator === 1,
    lockedUntil: lockedUntil(row, now),
    picture,
  };
}

export function toLearnerRecord(row: AccountRow, now: Date): LearnerRecord {
  return {
    id: row.id,
    fullName: row.full_name,
    jabatan: row.jabatan as Jabatan | null,
    nik: row.nik,
    phone: row.phone,
    email: row.email,
    isOperator: row.is_operator === 1,
    isLearner: row.is_learner === 1,
    disabled: row.disabled === 1,
    erased: row.erased_at !== null,
    failedPins: row.failed_pins,
    lockouts: row.lockouts,
    lockedUntil: lockedUntil(row, now),
    createdAt: row.created_at,
  };
}

/** The lock's end if it is still in force, else null. */
export function lockedUntil(row: AccountRow, now: Date): string | null {
  return row.locked_until && new Date(row.locked_until) > now ? row.locked_until : null;
}
