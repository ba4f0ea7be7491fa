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

/** The app's own pictures an official may choose for their name card instead of a photo. */
export const AVATARS = [
  'padi',
  'kelapa',
  'rumah',
  'perahu',
  'gunung',
  'matahari',
  'bunga',
  'burung',
] as const;
export type Avatar = (typeof AVATARS)[number];

/** A name card's picture: a photo (as a `data:image/jpeg` URL, small), one of the avatars, or none. */
export type Picture = { kind: 'photo'; dataUrl: string } | { kind: 'avatar'; avatar: Avatar } | null;

/** Largest photo the kiosk keeps (the screen re-encodes to 256×256 JPEG, some 10–30 KB). */
export const PHOTO_MAX_BYTES = 96 * 1024;

/** Operator actions and lockouts, kiosk and hub. Each has an Indonesian and English label in the UI. */
export const AUDIT_ACTIONS = [
  'setup.create',
  'learner.create',
  'learner.update',
  'learner.disable',
  'learner.enable',
  'learner.reset_pin',
  'learner.erase',
  'auth.lockout',
  'auth.recover',
  'auth.recover_failed',
  'auth.recover_lockout',
  'settings.update',
  'course.install',
  'course.refused',
  'course.remove',
  'kiosk.exit',
  'kiosk.exit_denied',
  'report.export',
  'bundle.export',
  'receipt.apply',
  'receipt.refused',
  'backup.create',
  'backup.restore',
  'lrs.set',
  'lrs.clear',
  'lrs.release',
  'hub.init',
  'hub.import',
  'hub.pull_lrs',
  'hub.key_accept',
  'hub.key_reject',
  'hub.receipts',
  'hub.pass_up',
  'hub.report_export',
  'hub.backup',
  'hub.cert_request',
  'hub.cert_import',
  'receipt.hub_confirmed',
  'learner.picture',
] as const;
export type AuditAction = (typeof AUDIT_ACTIONS)[number];

export interface AuditEntry {
  id: number;
  at: string;
  actorId: string | null;
  action: string;
  targetId: string | null;
  details: Record<string, unknown>;
  /** The acting account as it is now (`name` null: erased); null when the actor is no account (or none). */
  actor: { name: string | null } | null;
  /** The account acted on, likewise; null when the target is no account (a kiosk, a course, a hub). */
  target: { name: string | null } | null;
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
  /** The name card's picture of an account (the operator's learner screen shows and changes it). */
  'learners.picture': method<{ picture: Picture }>()('operator', z.strictObject({ id: uuid })),
  /**
   * Sets it: a photo (base64 JPEG the screen made with the camera or from a file, with the official's consent
   * said on screen), one of the avatars, or none. The core checks the JPEG and its size.
   */
  'learners.setPicture': method<{ picture: Picture }>()(
    'operator',
    z.strictObject({
      id: uuid,
      picture: z.discriminatedUnion('kind', [
        z.strictObject({ kind: z.literal('none') }),
        z.strictObject({ kind: z.literal('avatar'), avatar: z.enum(AVATARS) }),
        z.strictObject({
          kind: z.literal('photo'),
          jpegBase64: z
            .string()
            .max(Math.ceil(PHOTO_MAX_BYTES / 3) * 4)
            .regex(/^[A-Za-z0-9+/]+=*$/),
          consent: z.literal(true),
        }),
      ]),
    }),
  ),
  'learners.erase': method<{ learner: LearnerRecord }>()(
    'operator',
    z.strictObject({ id: uuid, confirm: z.literal(true) }),
  ),
  'audit.list': method<{ entries: AuditEntry[] }>()(
    'operator',
    z.strictObject({ limit: z.number().int().min(1).max(500).default(100) }),
  ),
};
