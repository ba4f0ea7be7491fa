import type { Migration } from '../migrate';

/**
 * One root of trust, the hub side (issue 16). On a hub: its certificate chain (`hub_chain`, one row, imported
 * from the issuer's stick). On a kiosk: every hub whose receipts it accepts (`accepted_hubs`: the first
 * certified one, then each the operator confirmed; a hub pinned before certification existed stays as
 * `uncertified`, which only a development build honours), and certified hubs met but not confirmed yet
 * (`pending_hubs`, with the receipt that brought them, applied once the operator says yes). `pinned_hub`
 * (0005) stays the hub rosters are sealed to: the one accepted last.
 *
 */
export const m0013: Migration = {
  version: 13,
  name: 'hub-trust',
  up(db) {
    db.raw.exec(`
      CREATE TABLE hub_chain (
        id INTEGER PRIMARY KEY CHECK (id = 1),
        -- JSON array of balai-certificate envelopes, the one a root signed first, the hub's own last
        chain TEXT NOT NULL,
        serial TEXT NOT NULL,
        scope TEXT NOT NULL,
        level TEXT NOT NULL,
        name TEXT NOT NULL,
        not_after TEXT NOT NULL,
        imported_at TEXT NOT NULL
      ) STRICT;

      CREATE TABLE accepted_hubs (
        key_id TEXT PRIMARY KEY,
        public_key TEXT NOT NULL,
        hub_id TEXT NOT NULL,
        -- as the hub names itself in its receipts
        name TEXT NOT NULL,
        region_code TEXT NOT NULL,
        -- what its certificate says; NULL for a hub pinned before certification (development builds only)
        certified_name TEXT,
        certified_scope TEXT,
        not_after TEXT,
        chain TEXT,
        accepted_at TEXT NOT NULL,
        how TEXT NOT NULL CHECK (how IN ('first', 'operator', 'uncertified')),
        accepted_by TEXT
      ) STRICT;

      CREATE TABLE pending_hubs (
        key_id TEXT PRIMARY KEY,
        public_key TEXT NOT NULL,
        hub_id TEXT NOT NULL,
        name TEXT NOT NULL,
        region_code TEXT NOT NULL,
        certified_name TEXT NOT NULL,
        certified_scope TEXT NOT NULL,
        not_after TEXT NOT NULL,
        -- the receipt file's bytes that brought it (UTF-8 JSON), applied when the operator confirms
        receipt TEXT NOT NULL,
        seen_at TEXT NOT NULL
      ) STRICT;

      INSERT INTO accepted_hubs (key_id, public_key, hub_id, name, region_code, accepted_at, how)
        SELECT key_id, public_key, hub_id, name, region_code, pinned_at, 'uncertified' FROM pinned_hub;
    `);
  },
};
