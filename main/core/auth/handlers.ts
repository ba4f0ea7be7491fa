import type { authApi, ResumePoint } from '../../api/auth';
import { err, ok } from '../../api/result';
import { isoWithOffset } from '../clock';
import type { HandlerMap, Services } from '../context';
import { hashSecret, newRecoveryCode, normaliseRecoveryCode, verifySecret } from '../crypto/secrets';
import { sql } from '../db/sql';
import { readKiosk } from '../setup/kiosk';
import { installationMode, readHub } from '../hub/identity';
import { getAccount, isActive, toRosterCard, toSessionAccount, type AccountRow } from './accounts';
import { audit } from './audit';
import { checkPin } from './pin';

const ROSTER_LIMIT = 60;

function resumeFor(services: Services, accountId: string): ResumePoint | null {
  const row = services.db.get<{ route: string; position: number }>(
    sql`SELECT route, position FROM resume_points WHERE account_id = ${accountId}`,
  );
  return row ? { route: row.route, position: row.position } : null;
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
    return ok({ cards: rows.map((r) => toRosterCard(r, clock.now())), total });
  },

  'auth.login': ({ accountId, pin }, { services, session }) => {
    if (!installationMode(services.db)) return err('NOT_SET_UP', 'kiosk not set up');
    const checked = checkPin(services, accountId, pin);
    if (!checked.ok) return checked;
    services.sessions.bind(session, accountId);
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

  'auth.recover': ({ accountId, recoveryCode, newPin }, { services, session }) => {
    const { db, clock, config } = services;
    // The recovery code is the kiosk's, or on an office PC the hub's.
    const kiosk = readKiosk(db);
    const hub = kiosk ? undefined : readHub(db);
    const recoveryHash = kiosk?.recovery_hash ?? hub?.recovery_hash;
    if (!recoveryHash) return err('NOT_SET_UP', 'kiosk not set up');
    const row = getAccount(db, accountId);
    if (!row || row.is_operator !== 1 || row.erased_at !== null) return err('NOT_FOUND', 'no such operator');
    if (!verifySecret(normaliseRecoveryCode(recoveryCode), recoveryHash)) {
      audit(db, clock, { actorId: null, action: 'auth.recover_failed', targetId: accountId });
      return err('WRONG_RECOVERY_CODE', 'wrong recovery code');
    }
    const next = newRecoveryCode();
    const now = isoWithOffset(clock.now());
    db.transaction(() => {
      db.run(sql`UPDATE accounts SET pin_hash = ${hashSecret(newPin, config.scrypt)}, failed_pins = 0, lockouts = 0,
                   locked_until = NULL, disabled = 0, updated_at = ${now} WHERE id = ${accountId}`);
      const nextHash = hashSecret(normaliseRecoveryCode(next), config.scrypt);
      if (kiosk) db.run(sql`UPDATE kiosk SET recovery_hash = ${nextHash} WHERE id = 1`);
      else db.run(sql`UPDATE hub SET recovery_hash = ${nextHash}`);
      audit(db, clock, { actorId: accountId, action: 'auth.recover', targetId: accountId });
    });
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

  'kiosk.exit': ({ accountId, pin }, { services }) => {
    const { db, clock } = services;
    const row = getAccount(db, accountId);
    if (!row || row.is_operator !== 1 || !isActive(row)) {
      audit(db, clock, { actorId: null, action: 'kiosk.exit_denied', targetId: accountId });
      return err('FORBIDDEN', 'only an operator can leave kiosk mode');
    }
    const checked = checkPin(services, accountId, pin);
    if (!checked.ok) {
      audit(db, clock, { actorId: null, action: 'kiosk.exit_denied', targetId: accountId });
      return checked;
    }
    audit(db, clock, { actorId: accountId, action: 'kiosk.exit' });
    return ok({ exiting: services.platform.exitKiosk() });
  },
};
