import type { Migration } from '../migrate';

/**
 * Hub mode (a kecamatan, kabupaten/kota or provinsi office): the hub's identity (its row here means "this
 * installation is a hub"; the kiosk table stays empty), the village kiosks it enrolled and every device key
 * it met with the admin's decisions, the bundles it imported (provenance; the original files are kept under
 * `<data>/hub/`), bundles held aside for a changed key, every statement exactly as recorded with the fields
 * the reports read, the learners of each desa (personal data from the rosters, opened with the hub key) and
 * the certificate index.
 */
export const m0007: Migration = {
  version: 7,
  name: 'hub',
  up(db) {
    db.raw.exec(`
      CREATE TABLE hub (
        id INTEGER PRIMARY KEY CHECK (id = 1),
        hub_id TEXT NOT NULL,
        name TEXT NOT NULL,
        region_code TEXT NOT NULL,
        region_level TEXT NOT NULL CHECK (region_level IN ('provinsi', 'kabupaten', 'kecamatan')),
        region_name TEXT NOT NULL,
        region_dataset TEXT NOT NULL,
        key_id TEXT NOT NULL,
        public_key TEXT NOT NULL,
        encryption_key TEXT NOT NULL,
        recovery_hash TEXT NOT NULL,
        created_at TEXT NOT NULL
      ) STRICT;

      -- A village kiosk this hub enrolled: its current device key and the enrolment the hub signed for it.
      CREATE TABLE hub_devices (
        device_id TEXT PRIMARY KEY,
        desa_code TEXT NOT NULL,
        public_key TEXT NOT NULL,
        enrolment TEXT NOT NULL,
        enrolled_at TEXT NOT NULL
      ) STRICT;
      CREATE INDEX hub_devices_desa ON hub_devices (desa_code);

      -- Every device key met, with what became of it: enrolled, held for the admin, replaced, rejected.
      CREATE TABLE hub_keys (
        device_id TEXT NOT NULL,
        public_key TEXT NOT NULL,
        key_id TEXT NOT NULL,
        desa_code TEXT NOT NULL,
        state TEXT NOT NULL CHECK (state IN ('enrolled', 'held', 'replaced', 'rejected')),
        first_seen_at TEXT NOT NULL,
        decided_at TEXT,
        decided_by TEXT,
        PRIMARY KEY (device_id, public_key)
      ) STRICT;

      -- A bundle imported. sha256 is the manifest's hash (the bundle's identity in receipts); the file as it
      -- came is kept at <data>/hub/<file_name> for passing up the chain.
      CREATE TABLE hub_bundles (
        sha256 TEXT PRIMARY KEY,
        device_id TEXT NOT NULL REFERENCES hub_devices (device_id),
        -- the device key that signed it
        public_key TEXT NOT NULL,
        desa_code TEXT NOT NULL,
        desa_name TEXT NOT NULL,
        bundle_seq INTEGER NOT NULL,
        created_at TEXT NOT NULL,
        created_ms INTEGER,
        app_version TEXT NOT NULL,
        statements INTEGER NOT NULL,
        new_statements INTEGER NOT NULL,
        learners INTEGER NOT NULL,
        certificates INTEGER NOT NULL,
        personal_data TEXT NOT NULL,
        file_name TEXT NOT NULL,
        file_sha256 TEXT NOT NULL UNIQUE,
        size_bytes INTEGER NOT NULL,
        imported_at TEXT NOT NULL,
        passed_up_at TEXT
      ) STRICT;
      CREATE INDEX hub_bundles_device ON hub_bundles (device_id, bundle_seq);
      CREATE INDEX hub_bundles_desa ON hub_bundles (desa_code);

      -- A verified bundle signed by a key other than the one enrolled for its desa: kept aside, not imported.
      CREATE TABLE hub_held (
        sha256 TEXT PRIMARY KEY,
        device_id TEXT NOT NULL,
        public_key TEXT NOT NULL,
        desa_code TEXT NOT NULL,
        desa_name TEXT NOT NULL,
        bundle_seq INTEGER NOT NULL,
        created_at TEXT NOT NULL,
        statements INTEGER NOT NULL,
        learners INTEGER NOT NULL,
        file_name TEXT NOT NULL,
        file_sha256 TEXT NOT NULL UNIQUE,
        size_bytes INTEGER NOT NULL,
        held_at TEXT NOT NULL,
        FOREIGN KEY (device_id, public_key) REFERENCES hub_keys (device_id, public_key)
      ) STRICT;

      -- Every statement held, exactly as the kiosk recorded it (statement), with its provenance (device, seq,
      -- bundle) and the fields the reports read from it (docs/xapi-profile.md). One row per id per device.
      CREATE TABLE hub_statements (
        device_id TEXT NOT NULL,
        id TEXT NOT NULL,
        seq INTEGER NOT NULL,
        desa_code TEXT NOT NULL,
        bundle_sha256 TEXT NOT NULL REFERENCES hub_bundles (sha256),
        statement TEXT NOT NULL,
        learner_id TEXT,
        verb TEXT,
        course_id TEXT,
        object_kind TEXT,
        object_ref TEXT,
        quiz_kind TEXT,
        score REAL,
        at_ms INTEGER,
        PRIMARY KEY (device_id, id)
      ) STRICT;
      CREATE INDEX hub_statements_seq ON hub_statements (device_id, seq);
      -- The reports read only these columns: covering indexes spare them the statements' text.
      CREATE INDEX hub_statements_results ON hub_statements
        (verb, desa_code, device_id, learner_id, course_id, object_kind, object_ref, quiz_kind, score, seq);
      CREATE INDEX hub_statements_activity ON hub_statements (desa_code, device_id, learner_id, at_ms);

      -- The learners of each desa, from the newest roster of each device (bundle_seq). Personal data as the
      -- hub could read it: 'clear' or 'sealed' (opened with the hub key), 'erased' on the kiosk, 'other_hub'
      -- (sealed to another hub's key), 'unreadable'.
      CREATE TABLE hub_learners (
        device_id TEXT NOT NULL,
        learner_id TEXT NOT NULL,
        desa_code TEXT NOT NULL,
        jabatan TEXT,
        is_operator INTEGER NOT NULL CHECK (is_operator IN (0, 1)),
        disabled INTEGER NOT NULL CHECK (disabled IN (0, 1)),
        erased INTEGER NOT NULL CHECK (erased IN (0, 1)),
        created_at TEXT NOT NULL,
        personal TEXT NOT NULL CHECK (personal IN ('clear', 'sealed', 'erased', 'other_hub', 'unreadable')),
        full_name TEXT,
        nik TEXT,
        email TEXT,
        bundle_seq INTEGER NOT NULL,
        updated_at TEXT NOT NULL,
        PRIMARY KEY (device_id, learner_id)
      ) STRICT;
      CREATE INDEX hub_learners_desa ON hub_learners (desa_code);

      CREATE TABLE hub_certificates (
        number TEXT PRIMARY KEY,
        device_id TEXT NOT NULL,
        desa_code TEXT NOT NULL,
        learner_id TEXT NOT NULL,
        course_id TEXT NOT NULL,
        course_version TEXT NOT NULL,
        pre_score REAL,
        post_score REAL NOT NULL,
        issued_at TEXT NOT NULL,
        code TEXT NOT NULL
      ) STRICT;
    `);
  },
};
