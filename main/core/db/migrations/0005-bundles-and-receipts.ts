import type { Migration } from '../migrate';

/**
 * Results leaving the kiosk: every verified bundle export (its sequence number is the next one's
 * predecessor), the hub the kiosk is bound to (pinned by the first valid receipt, with the enrolment of the
 * device key the hub signed), the receipts applied, and which statements were delivered by which way.
 */
export const m0005: Migration = {
  version: 5,
  name: 'bundles-and-receipts',
  up(db) {
    db.raw.exec(`
      -- One row per bundle written to a stick and verified by reading it back. bundle_seq 1, 2, 3…
      CREATE TABLE bundle_exports (
        bundle_seq INTEGER PRIMARY KEY,
        file_name TEXT NOT NULL,
        created_at TEXT NOT NULL,
        statements INTEGER NOT NULL,
        from_seq INTEGER,
        to_seq INTEGER,
        manifest_sha256 TEXT NOT NULL UNIQUE,
        size_bytes INTEGER NOT NULL,
        sealed_roster INTEGER NOT NULL CHECK (sealed_roster IN (0, 1))
      ) STRICT;

      -- The hub this kiosk answers to: pinned by the first valid receipt, never replaced by another key.
      CREATE TABLE pinned_hub (
        id INTEGER PRIMARY KEY CHECK (id = 1),
        hub_id TEXT NOT NULL,
        name TEXT NOT NULL,
        region_code TEXT NOT NULL,
        key_id TEXT NOT NULL,
        public_key TEXT NOT NULL,
        encryption_key TEXT NOT NULL,
        pinned_at TEXT NOT NULL,
        -- The hub's signed enrolment of this kiosk's device key (a balai-enrolment envelope, JSON).
        enrolment TEXT,
        enrolled_at TEXT
      ) STRICT;

      CREATE TABLE receipts (
        receipt_id TEXT PRIMARY KEY,
        key_id TEXT NOT NULL,
        received_at TEXT NOT NULL,
        applied_at TEXT NOT NULL,
        marked INTEGER NOT NULL,
        envelope TEXT NOT NULL
      ) STRICT;

      -- A statement delivered: by a hub's receipt (via 'hub', ref = receipt id) or, later, by the LRS
      -- uploader (via 'lrs'). A bundle holds what no receipt covers yet.
      CREATE TABLE deliveries (
        seq INTEGER NOT NULL REFERENCES outbox (seq),
        via TEXT NOT NULL,
        at TEXT NOT NULL,
        ref TEXT,
        PRIMARY KEY (seq, via)
      ) STRICT, WITHOUT ROWID;
      CREATE INDEX deliveries_via ON deliveries (via, seq);
    `);
  },
};
