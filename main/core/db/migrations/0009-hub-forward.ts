import type { Migration } from '../migrate';

/**
 * Hub forwarding (issue 9): what became of each statement a hub holds (`hub_statements`) when it uploaded it
 * to the LRS with the kiosk's uploader. `lrs_quarantine` (0006) points at the kiosk's outbox, so the hub
 * keeps its own: delivered (the LRS acknowledged it) and quarantine (the LRS would not take it), both keyed
 * by the statement's row (device, id). A statement is in at most one of them. The LRS settings and the
 * uploader's state (`lrs_settings`, `lrs_uploader`) are the kiosk's tables, shared.
 */
export const m0009: Migration = {
  version: 9,
  name: 'hub-forward',
  up(db) {
    db.raw.exec(`
      CREATE TABLE hub_lrs_deliveries (
        device_id TEXT NOT NULL,
        statement_id TEXT NOT NULL,
        at TEXT NOT NULL,
        -- the endpoint that acknowledged it
        ref TEXT NOT NULL,
        PRIMARY KEY (device_id, statement_id),
        FOREIGN KEY (device_id, statement_id) REFERENCES hub_statements (device_id, id)
      ) STRICT, WITHOUT ROWID;

      -- Left out of forwarding (never deleted) until the admin releases them.
      CREATE TABLE hub_lrs_quarantine (
        device_id TEXT NOT NULL,
        statement_id TEXT NOT NULL,
        reason TEXT NOT NULL CHECK (reason IN ('rejected', 'too_large', 'conflict', 'conflict_unverified')),
        http_status INTEGER,
        -- The LRS's answer (cut short), or what differs from the statement it holds.
        detail TEXT NOT NULL,
        at TEXT NOT NULL,
        PRIMARY KEY (device_id, statement_id),
        FOREIGN KEY (device_id, statement_id) REFERENCES hub_statements (device_id, id)
      ) STRICT, WITHOUT ROWID;
    `);
  },
};
