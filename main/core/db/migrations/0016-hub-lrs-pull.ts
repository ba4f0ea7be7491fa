import type { Db } from '../database';
import type { Migration } from '../migrate';

/**
 * A hub filled from an LRS (issue 21, `balai hub pull-lrs`):
 * - `hub_statements.bundle_sha256` may be NULL: a statement pulled from an LRS came in no bundle;
 * - `hub_learners.personal` takes 'none': a learner known only from pulled statements, placed in the desa
 *   their kiosk's statements name, with no roster (and so no name) yet; the kiosk's next bundle replaces it;
 * - `hub_lrs_pulls`: per LRS endpoint, the watermark the next pull starts from and the running pull's state
 *   (the `more` link of its next page), so a pull stopped halfway goes on where it stopped;
 * - `hub_lrs_parked`: statements the hub cannot place in a desa of its region, kept with the reason;
 * - `hub_learners_report`: the learner report's order, so a page of a kabupaten's learners reads that page.
 *
 * The first two only loosen a constraint (no row's bytes change), so they follow SQLite's own procedure for
 * that (https://sqlite.org/lang_altertable.html, "otheralter"): the table's text in sqlite_schema is edited and
 * the schema version bumped, instead of copying every statement of a national hub into a new table.
 *
 */

const LOOSENED: readonly { table: string; from: string; to: string }[] = [
  {
    table: 'hub_statements',
    from: 'bundle_sha256 TEXT NOT NULL REFERENCES hub_bundles (sha256)',
    to: 'bundle_sha256 TEXT REFERENCES hub_bundles (sha256)',
  },
  {
    table: 'hub_learners',
    from: "CHECK (personal IN ('clear', 'sealed', 'erased', 'other_hub', 'unreadable'))",
    to: "CHECK (personal IN ('clear', 'sealed', 'erased', 'other_hub', 'unreadable', 'none'))",
  },
];

function loosen(db: Db): void {
  const raw = db.raw;
  const texts = LOOSENED.map(({ table, from, to }) => {
    const row = raw.prepare(`SELECT sql FROM sqlite_schema WHERE type = 'table' AND name = ?`).get(table) as
      { sql: string } | undefined;
    if (!row?.sql.includes(from))
      throw new Error(`migration 0016: ${table} is not as migration 0007 made it`);
    return { table, sql: row.sql.replace(from, to) };
  });
  const version = raw.pragma('schema_version', { simple: true }) as number;
  raw.unsafeMode(true);
  try {
    raw.pragma('writable_schema = ON');
    for (const t of texts)
      raw.prepare(`UPDATE sqlite_schema SET sql = ? WHERE type = 'table' AND name = ?`).run(t.sql, t.table);
    raw.pragma(`schema_version = ${version + 1}`);
    raw.pragma('writable_schema = OFF');
  } finally {
    raw.unsafeMode(false);
  }
  const check = raw.pragma('quick_check', { simple: true });
  if (check !== 'ok') throw new Error(`migration 0016: quick_check says ${String(check)}`);
}

export const m0016: Migration = {
  version: 16,
  name: 'hub-lrs-pull',
  up(db) {
    loosen(db);
    db.raw.exec(`
      CREATE TABLE hub_lrs_pulls (
        endpoint TEXT PRIMARY KEY,
        -- X-Experience-API-Consistent-Through of the last finished pull: the next pull's since
        watermark TEXT,
        -- the running pull (NULL next_url: none running): its number (1, 2, … per endpoint), its since, the consistent-through of its first page,
        -- the link of its next page, and what it did so far
        pull INTEGER NOT NULL DEFAULT 0,
        since TEXT,
        consistent_through TEXT,
        next_url TEXT,
        pages INTEGER NOT NULL DEFAULT 0,
        received INTEGER NOT NULL DEFAULT 0,
        added INTEGER NOT NULL DEFAULT 0,
        already_held INTEGER NOT NULL DEFAULT 0,
        parked INTEGER NOT NULL DEFAULT 0,
        started_at TEXT,
        finished_at TEXT
      ) STRICT;

      -- statement_id: the statement's id, or 'sha256:<hash of its text>' for one without a usable id
      CREATE TABLE hub_lrs_parked (
        statement_id TEXT PRIMARY KEY,
        endpoint TEXT NOT NULL,
        -- the pull that parked it (hub_lrs_pulls.pull)
        pull INTEGER NOT NULL,
        reason TEXT NOT NULL CHECK (reason IN ('not_profile', 'unplaceable', 'foreign_region', 'unknown_desa')),
        detail TEXT NOT NULL,
        statement TEXT NOT NULL,
        parked_at TEXT NOT NULL
      ) STRICT;
      CREATE INDEX hub_lrs_parked_pull ON hub_lrs_parked (endpoint, pull, reason);

      CREATE INDEX hub_learners_report ON hub_learners (desa_code, full_name COLLATE NOCASE, learner_id);
    `);
  },
};
