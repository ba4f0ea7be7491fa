import type { Migration } from '../migrate';

/**
 * Pictures on name cards (issue 20): each account may have a photo (a JPEG taken with the PC's camera or
 * picked from a file, re-encoded small, with the moment the official agreed to it) or one of the app's own
 * avatars. Photos are personal data: `learners.erase` deletes the row (secure_delete overwrites it), bundles
 * never read this table, and the encrypted backup carries it with the rest of the database.
 */
export const m0020: Migration = {
  version: 20,
  name: 'account-pictures',
  up(db) {
    db.raw.exec(`
      CREATE TABLE account_pictures (
        account_id TEXT PRIMARY KEY REFERENCES accounts(id),
        kind TEXT NOT NULL CHECK (kind IN ('photo', 'avatar')),
        avatar TEXT,
        photo BLOB,
        consent_at TEXT,
        updated_at TEXT NOT NULL,
        CHECK ((kind = 'photo') = (photo IS NOT NULL AND consent_at IS NOT NULL)),
        CHECK ((kind = 'avatar') = (avatar IS NOT NULL))
      );
    `);
  },
};
