import type { Migration } from '../migrate';

/**
 * Keeping the app and its courses current. `update_state`: how the app-update schedule stands (kept here so
 * a restart keeps the back-off, the last check the operator sees, and an update that waits to be installed
 * at the next start). `catalogue_state`: the last signed course catalogue accepted per catalogue id, so an
 * older one (a replay) is refused.
 */
export const m0008: Migration = {
  version: 8,
  name: 'updates-and-catalogue',
  up(db) {
    db.raw.exec(`
      CREATE TABLE update_state (
        id INTEGER PRIMARY KEY CHECK (id = 1),
        -- The last request to the feed that got an answer, and how the check ended.
        last_check_at TEXT,
        last_check_result TEXT CHECK (last_check_result IN ('up_to_date', 'update_found', 'refused', 'failed')),
        -- The last request that found no connection (the probe schedule runs from it).
        last_probe_at TEXT,
        connected INTEGER NOT NULL DEFAULT 0 CHECK (connected IN (0, 1)),
        last_error_at TEXT,
        -- A short code the UI translates, and the English detail for the log and the CLI.
        last_error_code TEXT,
        last_error TEXT,
        failures INTEGER NOT NULL DEFAULT 0 CHECK (failures >= 0),
        next_attempt_at TEXT,
        -- An update found and checked: downloading, or downloaded and waiting for a quiet moment.
        pending_version TEXT,
        pending_source TEXT CHECK (pending_source IN ('online', 'stick')),
        pending_state TEXT CHECK (pending_state IN ('downloading', 'ready')),
        pending_since TEXT,
        -- Installs started for the pending version: one that keeps coming back did not install, and after
        -- a few the kiosk gives up on it instead of quitting at every start.
        install_attempts INTEGER NOT NULL DEFAULT 0 CHECK (install_attempts >= 0),
        postponed_until TEXT,
        CHECK ((pending_version IS NULL) = (pending_source IS NULL)),
        CHECK ((pending_version IS NULL) = (pending_state IS NULL))
      ) STRICT;

      CREATE TABLE catalogue_state (
        catalogue_id TEXT PRIMARY KEY,
        sequence INTEGER NOT NULL CHECK (sequence >= 1),
        issued_at TEXT NOT NULL,
        -- SHA-256 of the canonical signed part: the same sequence must always carry the same content.
        digest TEXT NOT NULL,
        key_id TEXT NOT NULL,
        url TEXT NOT NULL,
        accepted_at TEXT NOT NULL
      ) STRICT;
    `);
  },
};
