import type { Migration } from '../migrate';

/**
 * Uploading to a Learning Record Store: where to (endpoint, key and the secret as a `SecretBox` sealed it),
 * how the uploader stands (last success, last error, back-off, next attempt: kept here so a restart carries
 * on), and the statements the LRS would not take, kept aside with the reason for the operator to see.
 * Delivered statements are rows of `deliveries` with via 'lrs' (migration 0005).
 */
export const m0006: Migration = {
  version: 6,
  name: 'lrs-upload',
  up(db) {
    db.raw.exec(`
      CREATE TABLE lrs_settings (
        id INTEGER PRIMARY KEY CHECK (id = 1),
        -- The xAPI endpoint, ending in '/': statements live at <endpoint>statements.
        endpoint TEXT NOT NULL,
        auth_key TEXT NOT NULL,
        -- 'plain' (not protected) or the scheme of the shell's secret box, e.g. 'electron-safestorage'.
        secret_scheme TEXT NOT NULL,
        secret_data TEXT NOT NULL,
        updated_at TEXT NOT NULL
      ) STRICT;

      CREATE TABLE lrs_uploader (
        id INTEGER PRIMARY KEY CHECK (id = 1),
        last_success_at TEXT,
        last_error_at TEXT,
        -- A short code the UI translates (unreachable, timeout, server_error, throttled, auth, …) and the
        -- English detail for the log and the CLI.
        last_error_code TEXT,
        last_error TEXT,
        -- Consecutive failed attempts; the back-off grows with it and a success sets it back to 0.
        backoff_step INTEGER NOT NULL DEFAULT 0 CHECK (backoff_step >= 0),
        -- Not before this time will the schedule try again (null: at the next tick).
        next_attempt_at TEXT,
        last_check_at TEXT,
        last_check_ok INTEGER CHECK (last_check_ok IN (0, 1))
      ) STRICT;

      -- Statements the LRS would not take: left out of uploads (never deleted) until the operator releases them.
      CREATE TABLE lrs_quarantine (
        seq INTEGER PRIMARY KEY REFERENCES outbox (seq),
        statement_id TEXT NOT NULL,
        reason TEXT NOT NULL CHECK (reason IN ('rejected', 'too_large', 'conflict', 'conflict_unverified')),
        http_status INTEGER,
        -- The LRS's answer (cut short), or what differs from the statement it holds.
        detail TEXT NOT NULL,
        at TEXT NOT NULL
      ) STRICT;
    `);
  },
};
