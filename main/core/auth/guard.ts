import type { CoreConfig } from '../context';
import { isoWithOffset } from '../clock';

/** Wrong tries in a row, lockouts so far and the lock in force: an account's PIN, or the kiosk's recovery code. */
export interface GuardState {
  failed: number;
  lockouts: number;
  lockedUntil: string | null;
}

export type Reservation =
  | { ok: false; until: string }
  | {
      ok: true;
      /** Tries left before a lock if this one is wrong. */
      attemptsLeft: number;
      /** This try, if wrong, is the one that locks: the lock is already stored, and a right answer lifts it. */
      lock: { until: string; lockouts: number; seconds: number } | null;
    };

/**
 * Counts a try before the slow secret check runs, so parallel guesses cannot all pass the count while their
 * checks are still running: the try that reaches `maxFailedPins` stores the lock at once (for longer each
 * time, `lockoutSeconds`), and a locked guard is refused without checking. A right answer then resets the
 * state (`cleared`). Pure: the caller reads and writes the state in one synchronous transaction.
 */
export function reserveTry(
  state: GuardState,
  now: Date,
  config: Pick<CoreConfig, 'maxFailedPins' | 'lockoutSeconds'>,
): { next: GuardState; reservation: Reservation } {
  if (state.lockedUntil && new Date(state.lockedUntil) > now)
    return { next: state, reservation: { ok: false, until: state.lockedUntil } };
  const failed = state.failed + 1;
  if (failed < config.maxFailedPins)
    return {
      next: { ...state, failed },
      reservation: { ok: true, attemptsLeft: config.maxFailedPins - failed, lock: null },
    };
  const lockouts = state.lockouts + 1;
  const seconds = config.lockoutSeconds[Math.min(lockouts, config.lockoutSeconds.length) - 1] ?? 60;
  const until = isoWithOffset(new Date(now.getTime() + seconds * 1000));
  return {
    next: { failed: 0, lockouts, lockedUntil: until },
    reservation: { ok: true, attemptsLeft: 0, lock: { until, lockouts, seconds } },
  };
}

export const cleared: GuardState = { failed: 0, lockouts: 0, lockedUntil: null };
