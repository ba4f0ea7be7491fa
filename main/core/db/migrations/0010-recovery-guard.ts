import type { Migration } from '../migrate';

/**
 * Recovery-code guessing (issue 15): wrong recovery codes count and lock like wrong PINs. The code is the
 * installation's (the kiosk's, or an office hub's), not an account's, so its count is one row for the
 * installation: wrong tries in a row, lockouts so far (the back-off grows), and the lock in force.
 */
export const m0010: Migration = {
  version: 10,
  name: 'recovery-guard',
  up(db) {
    db.raw.exec(`
      CREATE TABLE recovery_guard (
        id INTEGER PRIMARY KEY CHECK (id = 1),
        failed INTEGER NOT NULL DEFAULT 0 CHECK (failed >= 0),
        lockouts INTEGER NOT NULL DEFAULT 0 CHECK (lockouts >= 0),
        locked_until TEXT
      ) STRICT;
      INSERT INTO recovery_guard (id) VALUES (1);
    `);
  },
};
