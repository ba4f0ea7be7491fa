import { err, ok, type Result } from '../../api/result';
import { isoWithOffset } from '../clock';
import type { Services } from '../context';
import { verifySecret } from '../crypto/secrets';
import { sql } from '../db/sql';
import { getAccount, isActive, lockedUntil, type AccountRow } from './accounts';
import { audit } from './audit';

/**
 * Checks a PIN for an account, counting failures: after `maxFailedPins` wrong PINs in a row the account is
 * locked, for longer each time (config.lockoutSeconds). A locked account is refused without checking.
 */
export function checkPin(services: Services, accountId: string, pin: string): Result<AccountRow> {
  const { db, clock, config } = services;
  const row = getAccount(db, accountId);
  if (!row || row.erased_at !== null) return err('NOT_FOUND', 'no such account');
  if (!isActive(row)) return err('DISABLED', 'account disabled');
  const now = clock.now();
  const until = lockedUntil(row, now);
  if (until) return err('LOCKED', `locked until ${until}`, { until });

  if (verifySecret(pin, row.pin_hash!)) {
    db.run(sql`UPDATE accounts SET failed_pins = 0, lockouts = 0, locked_until = NULL WHERE id = ${row.id}`);
    return ok(getAccount(db, row.id)!);
  }

  const failed = row.failed_pins + 1;
  if (failed < config.maxFailedPins) {
    db.run(sql`UPDATE accounts SET failed_pins = ${failed} WHERE id = ${row.id}`);
    return err('WRONG_PIN', 'wrong PIN', { attemptsLeft: config.maxFailedPins - failed });
  }
  const lockouts = row.lockouts + 1;
  const seconds = config.lockoutSeconds[Math.min(lockouts, config.lockoutSeconds.length) - 1] ?? 60;
  const lockedTo = isoWithOffset(new Date(now.getTime() + seconds * 1000));
  db.transaction(() => {
    db.run(
      sql`UPDATE accounts SET failed_pins = 0, lockouts = ${lockouts}, locked_until = ${lockedTo} WHERE id = ${row.id}`,
    );
    audit(db, clock, {
      actorId: null,
      action: 'auth.lockout',
      targetId: row.id,
      details: { lockouts, seconds },
    });
  });
  services.log.warn('account locked after wrong PINs', { accountId: row.id, lockouts, seconds });
  return err('LOCKED', `locked until ${lockedTo}`, { until: lockedTo });
}
