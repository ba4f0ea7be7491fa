import Database from 'better-sqlite3';
import { readdirSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { Db } from '../db/database';
import type { KioskRow } from '../setup/kiosk';
import type { BackupCounts } from './payload';

/** What a database file says about itself: identity, schema, what it holds. */
export interface DatabaseFacts {
  kiosk: KioskRow;
  schemaVersion: number;
  counts: BackupCounts;
  counters: Record<string, number>;
}

/**
 * A consistent copy of the live database in `file`, made with SQLite's online backup while the app goes on
 * (better-sqlite3 `backup()`: writes through the same connection are carried into the copy; a step at a
 * time, the event loop runs between steps). `pagesPerStep` is small in tests to interleave writes.
 */
export async function snapshotDatabase(db: Db, file: string, pagesPerStep = 256): Promise<void> {
  await db.raw.backup(file, { progress: () => pagesPerStep });
}

/**
 * Opens a database file that is not the live one (a snapshot or a restored copy), switches it to a single
 * self-contained file (journal_mode DELETE; the app turns WAL back on when it opens it), runs
 * `integrity_check` and reads its facts. `edit` runs inside the same connection before the facts are read.
 * Returns the reason when the file is not a sound kiosk database.
 */
export function checkDatabaseFile(
  file: string,
  edit?: (raw: Database.Database) => void,
): { ok: true; facts: DatabaseFacts } | { ok: false; reason: string } {
  let raw: Database.Database | undefined;
  try {
    raw = new Database(file, { fileMustExist: true });
    raw.pragma('journal_mode = DELETE');
    const integrity = raw.pragma('integrity_check', { simple: true });
    if (integrity !== 'ok')
      return { ok: false, reason: `database integrity check failed: ${String(integrity)}` };
    edit?.(raw);
    const facts = readFacts(raw);
    return facts ? { ok: true, facts } : { ok: false, reason: 'the database holds no kiosk' };
  } catch (error) {
    return {
      ok: false,
      reason: `database unreadable: ${error instanceof Error ? error.message : String(error)}`,
    };
  } finally {
    raw?.close();
  }
}

function readFacts(raw: Database.Database): DatabaseFacts | undefined {
  const kiosk = raw.prepare('SELECT * FROM kiosk WHERE id = 1').get() as KioskRow | undefined;
  if (!kiosk) return undefined;
  const n = (query: string) => (raw.prepare(query).get() as { n: number }).n;
  const counters = raw.prepare('SELECT name, value FROM counters ORDER BY name').all() as {
    name: string;
    value: number;
  }[];
  return {
    kiosk,
    schemaVersion: raw.pragma('user_version', { simple: true }) as number,
    counts: {
      accounts: n('SELECT COUNT(*) AS n FROM accounts'),
      learners: n('SELECT COUNT(*) AS n FROM accounts WHERE is_learner = 1 AND erased_at IS NULL'),
      statements: n('SELECT COUNT(*) AS n FROM outbox'),
      certificates: n('SELECT COUNT(*) AS n FROM certificates'),
      quizAttempts: n('SELECT COUNT(*) AS n FROM quiz_attempts WHERE submitted_at IS NOT NULL'),
    },
    counters: Object.fromEntries(counters.map((c) => [c.name, c.value])),
  };
}

/**
 * Whether a kiosk is set up in the database at `file` (a data folder a restore would go into). Opened
 * read-write so SQLite can read a WAL left by the app, and closed at once (which removes the WAL files
 * it made). A file that cannot be read counts as set up: a restore must not replace what it cannot see.
 * A hub (migration 0007) counts as set up too: a kiosk backup must never replace a hub's data.
 */
export function kioskSetUpIn(file: string): { setUp: boolean; deviceId?: string; reason?: string } {
  let raw: Database.Database | undefined;
  try {
    const db = new Database(file, { fileMustExist: true });
    raw = db;
    const has = (table: string) =>
      db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?").get(table) !== undefined;
    if (has('hub') && raw.prepare('SELECT 1 FROM hub WHERE id = 1').get() !== undefined)
      return { setUp: true };
    if (!has('kiosk')) return { setUp: false };
    const row = raw.prepare('SELECT device_id FROM kiosk WHERE id = 1').get() as
      { device_id: string } | undefined;
    return row ? { setUp: true, deviceId: row.device_id } : { setUp: false };
  } catch (error) {
    return { setUp: true, reason: error instanceof Error ? error.message : String(error) };
  } finally {
    raw?.close();
  }
}

/** Work folders (`prefix*`) an interrupted backup or restore left in the data folder, over an hour old. */
export function removeLeftovers(dataDir: string, prefix: string): void {
  try {
    for (const entry of readdirSync(dataDir, { withFileTypes: true })) {
      if (!entry.isDirectory() || !entry.name.startsWith(prefix)) continue;
      const path = join(dataDir, entry.name);
      if (Date.now() - statSync(path).mtimeMs > 60 * 60 * 1000)
        rmSync(path, { recursive: true, force: true });
    }
  } catch {
    // best effort: a leftover is only wasted space
  }
}
