import type { Picture } from './learners';
import { z } from 'zod';
import { method } from './define';
import { pin, recoveryCode, searchText, uuid } from './fields';
import type { Jabatan } from './jabatan';

/** A name card on the home screen. */
export interface RosterCard {
  id: string;
  fullName: string;
  /** null for an office hub's admin, who holds no village post. */
  jabatan: Jabatan | null;
  isOperator: boolean;
  /** Locked after wrong PINs: until when (ISO), else null. */
  lockedUntil: string | null;
  /** The photo or avatar on the card, if the official has one. */
  picture: Picture;
}

export interface SessionAccount {
  id: string;
  fullName: string;
  /** null for an office hub's admin, who holds no village post. */
  jabatan: Jabatan | null;
  isOperator: boolean;
  isLearner: boolean;
}

/** Where a learner was when they left: the UI route and a position inside it. */
export interface ResumePoint {
  route: string;
  position: number;
}

export interface LoginOk {
  account: SessionAccount;
  resume: ResumePoint | null;
}

export const authApi = {
  'auth.roster': method<{ cards: RosterCard[]; total: number }>()(
    'anyone',
    z.strictObject({
      search: searchText.default(''),
      /** Only operators (recovery and leaving kiosk mode pick an operator). */
      operatorsOnly: z.boolean().default(false),
    }),
  ),
  'auth.login': method<LoginOk>()('anyone', z.strictObject({ accountId: uuid, pin })),
  'auth.me': method<{ account: SessionAccount | null }>()('anyone', z.strictObject({})),
  'auth.logout': method<{ loggedOut: true }>()(
    'session',
    z.strictObject({ reason: z.enum(['user', 'idle']).default('user') }),
  ),
  /** The UI reports activity (input, a video playing) so the session does not expire. */
  'auth.activity': method<{ expiresAt: string }>()('session', z.strictObject({})),
  /** A locked-out or forgetful operator gets back in: recovery code + new PIN. A new recovery code is issued. */
  'auth.recover': method<LoginOk & { newRecoveryCode: string }>()(
    'anyone',
    z.strictObject({ accountId: uuid, recoveryCode, newPin: pin }),
  ),
  /** Save where the learner is, so the next login resumes there. */
  'auth.saveResume': method<{ saved: true }>()(
    'learner',
    z.strictObject({
      route: z
        .string()
        .max(200)
        .regex(/^\/[a-zA-Z0-9/_.-]*$/),
      position: z.number().int().min(0).max(1e9),
    }),
  ),
  /** Leaving kiosk mode needs an operator's PIN. */
  'kiosk.exit': method<{ exiting: boolean }>()('anyone', z.strictObject({ accountId: uuid, pin })),
};
