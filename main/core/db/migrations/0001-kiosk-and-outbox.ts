import type { Migration } from '../migrate';

/** The kiosk's identity, its settings, named counters, and the xAPI outbox every learning event lands in. */
export const m0001: Migration = {
  version: 1,
  name: 'kiosk-and-outbox',
  up(db) {
    db.raw.exec(`
      CREATE TABLE kiosk (
        id INTEGER PRIMARY KEY CHECK (id = 1),
        device_id TEXT NOT NULL,
        desa_code TEXT NOT NULL,
        desa_name TEXT NOT NULL,
        kecamatan_name TEXT NOT NULL,
        kabupaten_name TEXT NOT NULL,
        provinsi_name TEXT NOT NULL,
        region_dataset TEXT NOT NULL,
        public_key TEXT NOT NULL,
        recovery_hash TEXT NOT NULL,
        created_at TEXT NOT NULL
      ) STRICT;

      CREATE TABLE settings (
        key TEXT PRIMARY KEY,
        value TEXT NOT NULL
      ) STRICT;

      CREATE TABLE counters (
        name TEXT PRIMARY KEY,
        value INTEGER NOT NULL
      ) STRICT;

      -- One row per xAPI statement, written in the same transaction as the domain record it describes.
      CREATE TABLE outbox (
        seq INTEGER PRIMARY KEY,
        id TEXT NOT NULL UNIQUE,
        recorded_at TEXT NOT NULL,
        verb TEXT NOT NULL,
        learner_id TEXT,
        statement TEXT NOT NULL
      ) STRICT;
    `);
  },
};
