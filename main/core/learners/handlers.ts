import { randomUUID } from 'node:crypto';
import type { learnersApi } from '../../api/learners';
import { err, ok } from '../../api/result';
import { getAccount, toLearnerRecord, type AccountRow } from '../auth/accounts';
import { audit, listAudit } from '../auth/audit';
import { refuseWeakPin } from '../auth/pin-strength';
import { isoWithOffset } from '../clock';
import type { HandlerMap, Services } from '../context';
import { hashSecret } from '../crypto/secrets';
import { sql } from '../db/sql';
import { erasePicture, photoProblem, pictureOf, writePicture } from './pictures';

const blankToNull = (value: string | undefined) => (value === undefined || value === '' ? null : value);

function record(services: Services, id: string) {
  return toLearnerRecord(getAccount(services.db, id)!, services.clock.now());
}

function otherActiveOperators(services: Services, exceptId: string): number {
  return (
    services.db.get<{ n: number }>(
      sql`SELECT COUNT(*) AS n FROM accounts WHERE is_operator = 1 AND disabled = 0 AND erased_at IS NULL AND id != ${exceptId}`,
    )?.n ?? 0
  );
}

export const learnersHandlers: HandlerMap<typeof learnersApi> = {
  'learners.list': ({ includeDisabled }, { services }) => {
    const rows = services.db.all<AccountRow>(
      includeDisabled
        ? sql`SELECT * FROM accounts ORDER BY erased_at IS NOT NULL, full_name COLLATE NOCASE`
        : sql`SELECT * FROM accounts WHERE disabled = 0 AND erased_at IS NULL ORDER BY full_name COLLATE NOCASE`,
    );
    return ok({ learners: rows.map((r) => toLearnerRecord(r, services.clock.now())) });
  },

  'learners.create': (input, { services, account }) => {
    const { db, clock, config } = services;
    const weak = refuseWeakPin(services, input.pin, { operator: input.isOperator, nik: input.nik });
    if (weak) return weak;
    const id = randomUUID();
    const now = isoWithOffset(clock.now());
    db.transaction(() => {
      db.run(sql`INSERT INTO accounts (id, full_name, jabatan, nik, phone, email, is_operator, is_learner, pin_hash,
                                       created_at, updated_at)
                 VALUES (${id}, ${input.fullName}, ${input.jabatan}, ${blankToNull(input.nik)}, ${blankToNull(input.phone)},
                         ${blankToNull(input.email)}, ${input.isOperator}, 1, ${hashSecret(input.pin, config.scrypt)},
                         ${now}, ${now})`);
      audit(db, clock, {
        actorId: account.id,
        action: 'learner.create',
        targetId: id,
        details: { isOperator: input.isOperator },
      });
    });
    return ok({ learner: record(services, id) });
  },

  'learners.update': (input, { services, account }) => {
    const { db, clock } = services;
    const row = getAccount(db, input.id);
    if (!row || row.erased_at) return err('NOT_FOUND', 'no such learner');
    if (input.isOperator === false && row.is_operator === 1 && otherActiveOperators(services, row.id) === 0) {
      return err('CONFLICT', 'the kiosk needs at least one operator', { reason: 'last_operator' });
    }
    db.transaction(() => {
      db.run(sql`UPDATE accounts SET full_name = ${input.fullName}, jabatan = ${input.jabatan},
                   nik = ${blankToNull(input.nik)}, phone = ${blankToNull(input.phone)}, email = ${blankToNull(input.email)},
                   is_operator = ${input.isOperator ?? row.is_operator === 1}, updated_at = ${isoWithOffset(clock.now())}
                 WHERE id = ${row.id}`);
      audit(db, clock, { actorId: account.id, action: 'learner.update', targetId: row.id });
    });
    return ok({ learner: record(services, row.id) });
  },

  'learners.setDisabled': ({ id, disabled }, { services, account }) => {
    const { db, clock } = services;
    const row = getAccount(db, id);
    if (!row || row.erased_at) return err('NOT_FOUND', 'no such learner');
    if (disabled && row.id === account.id)
      return err('CONFLICT', 'an operator cannot disable their own account', { reason: 'self' });
    if (disabled && row.is_operator === 1 && otherActiveOperators(services, row.id) === 0) {
      return err('CONFLICT', 'the kiosk needs at least one operator', { reason: 'last_operator' });
    }
    db.transaction(() => {
      db.run(
        sql`UPDATE accounts SET disabled = ${disabled}, updated_at = ${isoWithOffset(clock.now())} WHERE id = ${id}`,
      );
      audit(db, clock, {
        actorId: account.id,
        action: disabled ? 'learner.disable' : 'learner.enable',
        targetId: id,
      });
    });
    if (disabled) services.sessions.endAllFor(id);
    return ok({ learner: record(services, id) });
  },

  'learners.resetPin': ({ id, pin }, { services, account }) => {
    const { db, clock, config } = services;
    const row = getAccount(db, id);
    if (!row || row.erased_at) return err('NOT_FOUND', 'no such learner');
    const weak = refuseWeakPin(services, pin, { operator: row.is_operator === 1, nik: row.nik });
    if (weak) return weak;
    db.transaction(() => {
      db.run(sql`UPDATE accounts SET pin_hash = ${hashSecret(pin, config.scrypt)}, failed_pins = 0, lockouts = 0,
                   locked_until = NULL, updated_at = ${isoWithOffset(clock.now())} WHERE id = ${id}`);
      audit(db, clock, { actorId: account.id, action: 'learner.reset_pin', targetId: id });
    });
    if (id !== account.id) services.sessions.endAllFor(id);
    return ok({ learner: record(services, id) });
  },

  'learners.picture': ({ id }, { services }) => {
    const row = getAccount(services.db, id);
    if (!row || row.erased_at) return err('NOT_FOUND', 'no such learner');
    return ok({ picture: pictureOf(services.db, id) });
  },

  'learners.setPicture': ({ id, picture }, { services, account }) => {
    const { db, clock } = services;
    const row = getAccount(db, id);
    if (!row || row.erased_at) return err('NOT_FOUND', 'no such learner');
    const now = isoWithOffset(clock.now());
    let jpeg: Buffer | null = null;
    if (picture.kind === 'photo') {
      jpeg = Buffer.from(picture.jpegBase64, 'base64');
      const problem = photoProblem(jpeg);
      if (problem) return err('INVALID_CONTENT', problem, { reason: 'photo' });
    }
    db.transaction(() => {
      writePicture(
        db,
        id,
        picture.kind === 'photo' ? { kind: 'photo', jpeg: jpeg!, consentAt: now } : picture,
        now,
      );
      audit(db, clock, {
        actorId: account.id,
        action: 'learner.picture',
        targetId: id,
        details: { kind: picture.kind },
      });
    });
    // A replaced photo's bytes are zeroed (secure_delete) and moved out of the WAL.
    if (picture.kind !== 'photo') db.checkpoint();
    return ok({ picture: pictureOf(db, id) });
  },

  'learners.erase': ({ id }, { services, account }) => {
    const { db, clock } = services;
    const row = getAccount(db, id);
    if (!row) return err('NOT_FOUND', 'no such learner');
    if (row.erased_at) return ok({ learner: record(services, id) });
    if (row.id === account.id)
      return err('CONFLICT', 'an operator cannot erase their own account', { reason: 'self' });
    if (row.is_operator === 1 && otherActiveOperators(services, row.id) === 0) {
      return err('CONFLICT', 'the kiosk needs at least one operator', { reason: 'last_operator' });
    }
    const now = isoWithOffset(clock.now());
    db.transaction(() => {
      db.run(sql`UPDATE accounts SET full_name = NULL, jabatan = NULL, nik = NULL, phone = NULL, email = NULL,
                   pin_hash = NULL, is_operator = 0, disabled = 1, erased_at = ${now}, updated_at = ${now}
                 WHERE id = ${id}`);
      db.run(sql`DELETE FROM resume_points WHERE account_id = ${id}`);
      erasePicture(db, id);
      audit(db, clock, { actorId: account.id, action: 'learner.erase', targetId: id });
    });
    services.sessions.endAllFor(id);
    // secure_delete zeroes the freed bytes; the checkpoint moves them out of the WAL and empties it.
    db.checkpoint();
    return ok({ learner: record(services, id) });
  },

  'audit.list': ({ limit }, { services }) => ok({ entries: listAudit(services.db, limit) }),
};
