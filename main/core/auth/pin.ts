import { err, ok, type Result } from '../../api/result';
import type { Services } from '../context';
import { verifySecretAsync } from '../crypto/secrets';
import { sql } from '../db/sql';
import { getAccount, isActive, type AccountRow } from './accounts';
import { audit } from './audit';
import { reserveTry, type Reservation } from './guard';

/** Counts one PIN try of an account (see reserveTry), in one transaction. */
function reservePinTry(services: Services, accountId: string): Reservation {
  const { db, clock, config } = services;
  return db.transaction(() => {
    const row = getAccount(db, accountId)!;
    const { next, reservation } = reserveTry(
      { failed: row.failed_pins, lockouts: row.lockouts, lockedUntil: row.locked_until },
      clock.now(),
      config,
    );
    if (reservation.ok)
      db.run(sql`UPDATE accounts SET failed_pins = ${next.failed}, lockouts = ${next.lockouts},
                   locked_until = ${next.lockedUntil} WHERE id = ${accountId}`);
    return reservation;
  });
}

/**
 * Checks a PIN for an account, counting failures: after `maxFailedPins` wrong PINs in a row the account is
 * locked, for longer each time (config.lockoutSeconds). A locked account is refused without checking. The
 * try is counted before scrypt runs (off the event loop), so parallel guesses get no more tries than serial ones.
 */
export async function checkPin(
  services: Services,
  accountId: string,
  pin: string,
): Promise<Result<AccountRow>> {
  const { db, clock } = services;
  const row = getAccount(db, accountId);
  if (!row || row.erased_at !== null) return err('NOT_FOUND', 'no such account');
  if (!isActive(row)) return err('DISABLED', 'account disabled');
  const reservation = reservePinTry(services, row.id);
  if (!reservation.ok)
    return err('LOCKED', `locked until ${reservation.until}`, { until: reservation.until });

  if (await verifySecretAsync(pin, row.pin_hash!)) {
    db.run(sql`UPDATE accounts SET failed_pins = 0, lockouts = 0, locked_until = NULL WHERE id = ${row.id}`);
    return ok(getAccount(db, row.id)!);
  }
  const { lock } = reservation;
  if (!lock) return err('WRONG_PIN', 'wrong PIN', { attemptsLeft: reservation.attemptsLeft });
  audit(db, clock, {
    actorId: null,
    action: 'auth.lockout',
    targetId: row.id,
    details: { lockouts: lock.lockouts, seconds: lock.seconds },
  });
  services.log.warn('account locked after wrong PINs', {
    accountId: row.id,
    lockouts: lock.lockouts,
    seconds: lock.seconds,
  });
  return err('LOCKED', `locked until ${lock.until}`, { until: lock.until });
}
