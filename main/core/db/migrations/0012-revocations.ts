import type { Migration } from '../migrate';

/**
 * Revocation lists (issue 16): the newest verified list per issuer, on kiosks and hubs alike. A list is
 * cumulative, so one row per issuer is all there is to keep; `list` is the list's JSON as it arrived
 * (signature and all, so it can be checked again and passed on). */
export const m0012: Migration = {
  version: 12,
  name: 'revocations',
  up(db) {
    db.raw.exec(`
      CREATE TABLE revocation_lists (
        issuer_key_id TEXT PRIMARY KEY CHECK (length(issuer_key_id) = 16),
        sequence INTEGER NOT NULL CHECK (sequence >= 1),
        list TEXT NOT NULL,
        -- where it came from: a stick, a catalogue, a receipt, the CLI
        source TEXT NOT NULL CHECK (source IN ('stick', 'catalogue', 'receipt', 'cli')),
        received_at TEXT NOT NULL
      ) STRICT, WITHOUT ROWID;
    `);
  },
};
