import type { Migration } from '../migrate';

/** Officials who log in (learners and operators), the operator audit log, and where each learner left off. */
export const m0002: Migration = {
  version: 2,
  name: 'accounts-and-audit',
  up(db) {
    db.raw.exec(`
      CREATE TABLE accounts (
        id TEXT PRIMARY KEY,
        full_name TEXT,
        jabatan TEXT,
        nik TEXT,
        phone TEXT,
        email TEXT,
        is_operator INTEGER NOT NULL DEFAULT 0 CHECK (is_operator IN (0, 1)),
        is_learner INTEGER NOT NULL DEFAULT 1 CHECK (is_learner IN (0, 1)),
        pin_hash TEXT,
        failed_pins INTEGER NOT NULL DEFAULT 0,
        lockouts INTEGER NOT NULL DEFAULT 0,
        locked_until TEXT,
        disabled INTEGER NOT NULL DEFAULT 0 CHECK (disabled IN (0, 1)),
        erased_at TEXT,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL
      ) STRICT;
      CREATE INDEX accounts_name ON accounts (full_name);

      -- Ids only: never a name, so erasure leaves nothing here.
      CREATE TABLE audit_log (
        id INTEGER PRIMARY KEY,
        at TEXT NOT NULL,
        actor_id TEXT,
        action TEXT NOT NULL,
        target_id TEXT,
        details TEXT NOT NULL DEFAULT '{}'
      ) STRICT;

      CREATE TABLE resume_points (
        account_id TEXT PRIMARY KEY REFERENCES accounts (id) ON DELETE CASCADE,
        route TEXT NOT NULL,
        position INTEGER NOT NULL,
        updated_at TEXT NOT NULL
      ) STRICT;
    `);
  },
};
