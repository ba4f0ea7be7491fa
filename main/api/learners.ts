import { z } from 'zod';
import { method } from './define';
import { email, fullName, jabatan, nik, phone, pin, uuid } from './fields';
import type { Jabatan } from './jabatan';

/** A learner as the operator sees it. */
export interface LearnerRecord {
  id: string;
  fullName: string | null;
  jabatan: Jabatan | null;
  nik: string | null;
  phone: string | null;
  email: string | null;
  isOperator: boolean;
  isLearner: boolean;
  disabled: boolean;
  erased: boolean;
  failedPins: number;
  /** How many times in a row the account was locked (the back-off grows with it); 0 after a right PIN. */
  lockouts: number;
  lockedUntil: string | null;
  createdAt: string;
}

export interface AuditEntry {
  id: number;
  at: string;
  actorId: string | null;
  action: string;
  targetId: string | null;
  details: Record<string, unknown>;
}

const optional = <T extends z.ZodType>(s: T) => z.union([s, z.literal('')]).optional();

const learnerFields = {
  fullName,
  jabatan,
  nik: optional(nik),
  phone: optional(phone),
  email: optional(email),
};

export const learnersApi = {
  'learners.list': method<{ learners: LearnerRecord[] }>()(
    'operator',
    z.strictObject({ includeDisabled: z.boolean().default(true) }),
  ),
  'learners.create': method<{ learner: LearnerRecord }>()(
    'operator',
    z.strictObject({ ...learnerFields, pin, isOperator: z.boolean().default(false) }),
  ),
  'learners.update': method<{ learner: LearnerRecord }>()(
    'operator',
    z.strictObject({ id: uuid, ...learnerFields, isOperator: z.boolean().optional() }),
  ),
  'learners.setDisabled': method<{ learner: LearnerRecord }>()(
    'operator',
    z.strictObject({ id: uuid, disabled: z.boolean() }),
  ),
  /** Sets a new PIN and clears any lockout. */
  'learners.resetPin': method<{ learner: LearnerRecord }>()('operator', z.strictObject({ id: uuid, pin })),
  /** Erases name, NIK, phone and email (UU 27/2022); the anonymous learning records stay. */
  'learners.erase': method<{ learner: LearnerRecord }>()(
    'operator',
    z.strictObject({ id: uuid, confirm: z.literal(true) }),
  ),
  'audit.list': method<{ entries: AuditEntry[] }>()(
    'operator',
    z.strictObject({ limit: z.number().int().min(1).max(500).default(100) }),
  ),
};
