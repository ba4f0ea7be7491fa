import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';

/** The lock's file in the data folder. */
export const LOCK_FILE = 'host.lock';

/** Another app or `balai serve` holds the data folder; the message is English, `indonesian` the same in Bahasa. */
export class DataFolderInUse extends Error {
  readonly indonesian: string;
  constructor(readonly dataDir: string) {
    super(
      `another Balai Belajar (the app or "balai serve") is already running on this data folder: ${dataDir}; ` +
        'close it first (only one may serve a data folder at a time)',
    );
    this.indonesian =
      `Balai Belajar lain (aplikasi atau "balai serve") sudah berjalan dengan folder data ini: ${dataDir}; ` +
      'tutup dulu (satu folder data hanya boleh dilayani satu aplikasi).';
  }
}

export interface FolderLock {
  release(): void;
}

/**
 * Takes the data folder for this process alone: the app and `balai serve` hold it while they run, so two of
 * them never serve (and write) one data folder. It is an operating-system lock (SQLite's exclusive locking
 * mode on `<data>/host.lock`: fcntl on Linux, LockFileEx on Windows), so it is released when the holder
 * exits or crashes, and never goes stale. One-shot CLI commands do not take it.
 * Throws DataFolderInUse when another process, or another core in this one, holds it.
 */
export function lockDataFolder(dataDir: string): FolderLock {
  mkdirSync(dataDir, { recursive: true });
  const db = new Database(join(dataDir, LOCK_FILE), { timeout: 0 });
  try {
    db.pragma('locking_mode = EXCLUSIVE');
    // The first write takes the exclusive lock; in this mode it is kept until the connection closes.
    db.exec('BEGIN EXCLUSIVE');
    db.exec('CREATE TABLE IF NOT EXISTS holder (pid INTEGER NOT NULL)');
    db.prepare('DELETE FROM holder').run();
    db.prepare('INSERT INTO holder (pid) VALUES (?)').run(process.pid);
    db.exec('COMMIT');
  } catch (error) {
    db.close();
    if ((error as { code?: string }).code?.startsWith('SQLITE_BUSY')) throw new DataFolderInUse(dataDir);
    throw error;
  }
  return { release: () => db.close() };
}
