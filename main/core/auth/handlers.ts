import { abandonStale } from '../content/cmi5/lms';
import { picturesOf } from '../learners/pictures';
import type { authApi, ResumePoint } from '../../api/auth';
import { err, ok } from '../../api/result';
import { isoWithOffset } from '../clock';
import type { HandlerMap, Services } from '../context';
import {
  hashSecretAsync,
  newRecoveryCode,
  normaliseRecoveryCode,
  verifySecretAsync,
} from '../crypto/secrets';
import { sql } from '../db/sql';
import { readKiosk } from '../setup/kiosk';
import { installationMode, readHub } from '../hub/identity';
import { getAccount, isActive, toRosterCard, toSessionAccount, type AccountRow } from './accounts';
import { audit } from './audit';
import { cleared, reserveTry, type GuardState, type Reservation } from './guard';
import { checkPin } from './pin';
import { refuseWeakPin } from './pin-strength';

const ROSTER_LIMIT = 60;

function resumeFor(services: Services, accountId: string): ResumePoint | null {
  const row = services.db.get<{ route: string; position: number }>(
    sql`SELECT route, position FROM resume_points WHERE account_id = ${accountId}`,
  );
  return row ? { route: row.route, position: row.position } : null;
}

function writeRecoveryGuard(services: Services, state: GuardState): void {
  services.db.run(sql`UPDATE recovery_guard SET failed = ${state.failed}, lockouts = ${state.lockouts},
                        locked_until = ${state.lockedUntil} WHERE id = 1`);
}

/** Counts one recovery-code try of the installation, like a PIN try (see reserveTry). */
function reserveRecoveryTry(services: Services): Reservation {
  const { db, clock, config } = services;
  return db.transaction(() => {
    const row = db.get<{ failed: number; lockouts: number; locked_until: string | null }>(
      sql`SELECT failed, lockouts, locked_until FROM recovery_guard WHERE id = 1`,
    )!;
    const { next, reservation } = reserveTry(
      { failed: row.failed, lockouts: row.lockouts, lockedUntil: row.locked_until },
      clock.now(),
      config,
    );
    if (reservation.ok) writeRecoveryGuard(services, next);
    return reservation;
  });
}

export const authHandlers: HandlerMap<typeof authApi> = {
  'auth.roster': ({ search, operatorsOnly }, { services }) => {
    const { db, clock } = services;
    const pattern = `%${search.trim().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    const where = sql`disabled = 0 AND erased_at IS NULL AND pin_hash IS NOT NULL
                      AND full_name LIKE ${pattern} ESCAPE '\\' AND (is_operator = 1 OR ${!operatorsOnly})`;
    const rows = db.all<AccountRow>(sql`SELECT * FROM accounts WHERE ${where}
                                        ORDER BY full_name COLLATE NOCASE LIMIT ${ROSTER_LIMIT}`);
    const total = db.get<{ n: number }>(sql`SELECT COUNT(*) AS n FROM accounts WHERE ${where}`)?.n ?? 0;
    const pictures = picturesOf(
      db,
      rows.map((r) => r.id),
    );
    return ok({ cards: rows.map((r) => toRosterCard(r, clock.now(), pictures.get(r.id) ?? null)), total });
  },

  'auth.login': async ({ accountId, pin }, { services, session }) => {
    if (!installationMode(services.db)) return err('NOT_SET_UP', 'kiosk not set up');
    const checked = await checkPin(services, accountId, pin);
    if (!checked.ok) return checked;
    services.sessions.bind(session, accountId);
    // cmi5 sessions the learner left without `terminated` (the window closed, the power went) are abandoned now.
    abandonStale(services, accountId, services.au.openSessionIds(accountId));
    return ok({ account: toSessionAccount(checked.value), resume: resumeFor(services, accountId) });
  },

  'auth.me': (_input, { account }) => ok({ account: account ? toSessionAccount(account) : null }),

  'auth.logout': ({ reason }, { services, session, account }) => {
    services.log.info('logout', { accountId: account.id, reason });
    services.sessions.bind(session, null);
    return ok({ loggedOut: true });
  },

  'auth.activity': (_input, { services, session }) => {
    const expires = services.sessions.touch(session);
    return ok({ expiresAt: isoWithOffset(new Date(expires)) });
  },

  'auth.recover': async ({ accountId, recoveryCode, newPin }, { services, session }) => {
    const { db, clock, config } = services;
    // The recovery code is the kiosk's, or on an office PC the hub's.
    const kiosk = readKiosk(db);
    const hub = kiosk ? undefined : readHub(db);
    const recoveryHash = kiosk?.recovery_hash ?? hub?.recovery_hash;
    if (!recoveryHash) return err('NOT_SET_UP', 'kiosk not set up');
    const row = getAccount(db, accountId);
    if (!row || row.is_operator !== 1 || row.erased_at !== null) return err('NOT_FOUND', 'no such operator');
    // Before the code is tried: a weak new PIN costs no recovery try.
    const weak = refuseWeakPin(services, newPin, { operator: true, nik: row.nik });
    if (weak) return weak;
    const reservation = reserveRecoveryTry(services);
    if (!reservation.ok)
      return err('LOCKED', `recovery locked until ${reservation.until}`, {
        until: reservation.until,
        reason: 'recovery',
      });
    if (!(await verifySecretAsync(normaliseRecoveryCode(recoveryCode), recoveryHash))) {
      audit(db, clock, { actorId: null, action: 'auth.recover_failed', targetId: accountId });
      const { lock } = reservation;
      if (!lock)
        return err('WRONG_RECOVERY_CODE', 'wrong recovery code', { attemptsLeft: reservation.attemptsLeft });
      audit(db, clock, {
        actorId: null,
        action: 'auth.recover_lockout',
        targetId: accountId,
        details: { lockouts: lock.lockouts, seconds: lock.seconds },
      });
      services.log.warn('recovery locked after wrong codes', {
        lockouts: lock.lockouts,
        seconds: lock.seconds,
      });
      return err('LOCKED', `recovery locked until ${lock.until}`, { until: lock.until, reason: 'recovery' });
    }
    const next = newRecoveryCode();
    const [pinHash, nextHash] = await Promise.all([
      hashSecretAsync(newPin, config.scrypt),
      hashSecretAsync(normaliseRecoveryCode(next), config.scrypt),
    ]);
    const now = isoWithOffset(clock.now());
    const replaced = db.transaction(() => {
      // A recovery that finished meanwhile replaced the code this one checked: the code is spent.
      const current = kiosk ? readKiosk(db)?.recovery_hash : readHub(db)?.recovery_hash;
      if (current !== recoveryHash) return false;
      db.run(sql`UPDATE accounts SET pin_hash = ${pinHash}, failed_pins = 0, lockouts = 0,
                   locked_until = NULL, disabled = 0, updated_at = ${now} WHERE id = ${accountId}`);
      if (kiosk) db.run(sql`UPDATE kiosk SET recovery_hash = ${nextHash} WHERE id = 1`);
      else db.run(sql`UPDATE hub SET recovery_hash = ${nextHash}`);
      writeRecoveryGuard(services, cleared);
      audit(db, clock, { actorId: accountId, action: 'auth.recover', targetId: accountId });
      return true;
    });
    if (!replaced) return err('WRONG_RECOVERY_CODE', 'the recovery code was just used and replaced');
    services.sessions.bind(session, accountId);
    const fresh = getAccount(db, accountId)!;
    return ok({
      account: toSessionAccount(fresh),
      resume: resumeFor(services, accountId),
      newRecoveryCode: next,
    });
  },

  'auth.saveResume': ({ route, position }, { services, account }) => {
    services.db.run(sql`INSERT INTO resume_points (account_id, route, position, updated_at)
                        VALUES (${account.id}, ${route}, ${position}, ${isoWithOffset(services.clock.now())})
                        ON CONFLICT (account_id) DO UPDATE SET route = excluded.route, position = excluded.position,
                          updated_at = excluded.updated_at`);
    return ok({ saved: true });
  },

  'kiosk.exit': async ({ accountId, pin }, { services }) => {
    const { db, clock } = services;
    const row = getAccount(db, accountId);
    if (!row || row.is_operator !== 1 || !isActive(row)) {
      audit(db, clock, { actorId: null, action: 'kiosk.exit_denied', targetId: accountId });
      return err('FORBIDDEN', 'only an operator can leave kiosk mode');
    }
    const checked = await checkPin(services, accountId, pin);
    if (!checked.ok) {
      audit(db, clock, { actorId: null, action: 'kiosk.exit_denied', targetId: accountId });
      return checked;
    }
    audit(db, clock, { actorId: accountId, action: 'kiosk.exit' });
    return ok({ exiting: services.platform.exitKiosk() });
  },
};
