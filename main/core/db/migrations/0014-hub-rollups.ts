import { rebuildRollups } from '../../hub/rollups';
import type { Migration } from '../migrate';

/**
 * Hub rollups (issue 21): the reports' numbers kept up to date in the import's own transaction, so a report
 * reads rows in proportion to the rows it shows, not to the statements behind them. Every table here can be
 * rebuilt from `hub_statements`, `hub_learners` and `hub_bundles` (`rebuildRollups`, which this migration
 * runs for the statements a hub already holds):
 * - `hub_roll_refs`: the distinct lessons completed and certificate numbers of each learner's course;
 * - `hub_roll_courses`: one row per learner and course with the numbers the learner report shows;
 * - `hub_roll_learners`: each learner's latest statement and the desa of their roster (null: on no roster);
 * - `hub_roll_regions`: sums per region at every level (len = code length: 0 the nation, 2 provinsi,
 *   5 kabupaten/kota, 8 kecamatan, 13 desa), averages as sums of tenths and counts;
 * - `hub_roll_active`: roster learners per region by the UTC day of their latest statement (active in the
 *   last 30 days is a sum of the last days' rows, the boundary day read from `hub_roll_learners`).
 * And the `nasional` hub level (region code '': the centre, above every provinsi): `hub` is remade with it
 * in its CHECK (SQLite cannot change a CHECK in place).
 */
export const m0014: Migration = {
  version: 14,
  name: 'hub-rollups',
  up(db) {
    db.raw.exec(`
      CREATE TABLE hub_new (
        id INTEGER PRIMARY KEY CHECK (id = 1),
        hub_id TEXT NOT NULL,
        name TEXT NOT NULL,
        region_code TEXT NOT NULL,
        region_level TEXT NOT NULL CHECK (region_level IN ('nasional', 'provinsi', 'kabupaten', 'kecamatan')),
        region_name TEXT NOT NULL,
        region_dataset TEXT NOT NULL,
        key_id TEXT NOT NULL,
        public_key TEXT NOT NULL,
        encryption_key TEXT NOT NULL,
        recovery_hash TEXT NOT NULL,
        created_at TEXT NOT NULL
      ) STRICT;
      INSERT INTO hub_new SELECT * FROM hub;
      DROP TABLE hub;
      ALTER TABLE hub_new RENAME TO hub;

      CREATE TABLE hub_roll_refs (
        device_id TEXT NOT NULL,
        learner_id TEXT NOT NULL,
        course_id TEXT NOT NULL,
        kind TEXT NOT NULL CHECK (kind IN ('lesson', 'certificate')),
        ref TEXT NOT NULL,
        PRIMARY KEY (device_id, learner_id, course_id, kind, ref)
      ) STRICT, WITHOUT ROWID;

      CREATE TABLE hub_roll_courses (
        device_id TEXT NOT NULL,
        learner_id TEXT NOT NULL,
        course_id TEXT NOT NULL,
        lessons INTEGER NOT NULL,
        completed INTEGER NOT NULL CHECK (completed IN (0, 1)),
        -- the first submitted pretest (lowest seq) and its score; the best posttest
        pre_seq INTEGER,
        pre_score REAL,
        post_score REAL,
        certificates INTEGER NOT NULL,
        PRIMARY KEY (device_id, learner_id, course_id)
      ) STRICT, WITHOUT ROWID;

      CREATE TABLE hub_roll_learners (
        device_id TEXT NOT NULL,
        learner_id TEXT NOT NULL,
        desa_code TEXT,
        last_ms INTEGER,
        PRIMARY KEY (device_id, learner_id)
      ) STRICT, WITHOUT ROWID;
      CREATE INDEX hub_roll_learners_last ON hub_roll_learners (last_ms, desa_code) WHERE desa_code IS NOT NULL;

      CREATE TABLE hub_roll_regions (
        len INTEGER NOT NULL,
        code TEXT NOT NULL,
        desa_reporting INTEGER NOT NULL DEFAULT 0,
        kiosks INTEGER NOT NULL DEFAULT 0,
        bundles INTEGER NOT NULL DEFAULT 0,
        learners INTEGER NOT NULL DEFAULT 0,
        lessons INTEGER NOT NULL DEFAULT 0,
        courses INTEGER NOT NULL DEFAULT 0,
        certificates INTEGER NOT NULL DEFAULT 0,
        pre_sum INTEGER NOT NULL DEFAULT 0,
        pre_n INTEGER NOT NULL DEFAULT 0,
        post_sum INTEGER NOT NULL DEFAULT 0,
        post_n INTEGER NOT NULL DEFAULT 0,
        gain_sum INTEGER NOT NULL DEFAULT 0,
        gain_n INTEGER NOT NULL DEFAULT 0,
        -- the newest bundle by the kiosk's clock (greatest ms, then greatest text), and its desa's name
        last_bundle_ms INTEGER,
        last_bundle_at TEXT,
        desa_name TEXT,
        PRIMARY KEY (len, code)
      ) STRICT, WITHOUT ROWID;

      CREATE TABLE hub_roll_active (
        len INTEGER NOT NULL,
        day INTEGER NOT NULL,
        code TEXT NOT NULL,
        learners INTEGER NOT NULL,
        PRIMARY KEY (len, day, code)
      ) STRICT, WITHOUT ROWID;
    `);
    rebuildRollups(db);
  },
};
