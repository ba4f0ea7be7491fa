import { randomUUID } from 'node:crypto';
import { closeSync, existsSync, fsyncSync, mkdirSync, openSync, rmdirSync, rmSync, writeSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type Database from 'better-sqlite3';
import { err, ok, type Result } from '../../api/result';
import { DB_FILE } from '../db/file';
import { isoWithOffset, systemClock, type Clock } from '../clock';
import { MIGRATIONS } from '../db/migrations';
import { renameWithRetry } from '../files/fsutil';
import { silentLogger, type Logger } from '../log';
import { DEVICE_KEY_FILE } from '../setup/setup';
import { keyMatches } from './create';
import type { BackupHeader } from './format';
import { openAndCheck, readBackupFile } from './inspect';
import { PAYLOAD_DATABASE, PAYLOAD_DEVICE_KEY, PAYLOAD_KEYS_DIR, type BackupCounts } from './payload';
import { checkDatabaseFile, kioskSetUpIn, removeLeftovers } from './snapshot';
import { fsyncFolder } from '../files/fsutil';

/** A course the restored database lists whose files are not in the data folder. */
export interface CourseToReinstall {
  id: string;
  version: string;
  title: string;
}

/** What was restored: the kiosk it now is, and what it holds. */
export interface RestoreDone {
  deviceId: string;
  desaCode: string;
  desaName: string;
  kecamatanName: string;
  kabupatenName: string;
  provinsiName: string;
  /** When the backup was made, and by which app version. */
  backupCreatedAt: string;
  backupAppVersion: string;
  counts: BackupCounts;
  counters: Record<string, number>;
  /**
   * Courses are not in a backup (they are signed packages that can be installed again). Learners' records
   * of them stay; built-in courses come back when the app starts, these others from their stick.
   */
  coursesToReinstall: CourseToReinstall[];
  /**
   * The backup's `keys/…` parts, left out: a restore never adds a trusted key (a backup is sealed with a
   * passphrase that gets told around, so anyone who knows it could plant a publisher key in one). Trust comes
   * from the app's own resources and certificate chains (docs/trust.md).
   */
  keysNotRestored: string[];
}

export interface RestoreOptions {
  clock?: Clock;
  log?: Logger;
  onProgress?: (stage: 'decrypt' | 'stage' | 'commit') => void;
}

/** What a data folder holds that a restore replaces; the database (the commit point) goes in last. */
export const DB_SIDE_FILES = [`${DB_FILE}-wal`, `${DB_FILE}-shm`, `${DB_FILE}-journal`];
const MOVED_ASIDE = [...DB_SIDE_FILES, DB_FILE, DEVICE_KEY_FILE];
const MOVED_IN = [DEVICE_KEY_FILE, DB_FILE];
const STAGING_PREFIX = '.restore-';

/**
 * Restores a backup into a data folder that has no kiosk set up (missing, empty, or a fresh installation
 * at the set-up screen), so this PC carries on as the backed-up kiosk: same device id and key, same desa,
 * learners, results, certificates, outbox and counters. Call it with no core open on `dataDir` (close it
 * first; open a new one after).
 *
 * Nothing is written until the file has been decrypted and checked completely. Then the parts are staged
 * in `<dataDir>/.restore-*`, the staged database is checked again (integrity, identity, key), and moved into
 * place with the database last; a failure while moving puts back what was there. A wrong passphrase or a
 * changed byte leaves the folder exactly as it was.
 */
export async function restoreBackup(
  file: string,
  dataDir: string,
  passphrase: string,
  options: RestoreOptions = {},
): Promise<Result<RestoreDone>> {
  const log = options.log ?? silentLogger;
  const clock = options.clock ?? systemClock;
  const refusal = refuseSetUpTarget(
    dataDir,
    'a kiosk is already set up in this data folder; restore only into an empty one',
  );
  if (refusal) return refusal;

  options.onProgress?.('decrypt');
  const bytes = readBackupFile(file);
  if (!bytes.ok) return bytes;
  const checked = await openAndCheck(bytes.value, passphrase);
  if (!checked.ok) {
    log.warn('backup not restored', { reason: checked.error.message });
    return checked;
  }
  const { header, manifest, parts } = checked.value;
  if (header.schemaVersion > MIGRATIONS.length)
    return err(
      'INVALID_CONTENT',
      `the backup was made by a newer app (database schema ${header.schemaVersion}, this app ${MIGRATIONS.length}); update the app first`,
      { reason: 'newer_app' },
    );

  options.onProgress?.('stage');
  const createdDataDir = !existsSync(dataDir);
  const staging = join(dataDir, `${STAGING_PREFIX}${randomUUID()}`);
  const fresh = join(staging, 'new');
  const old = join(staging, 'old');
  try {
    mkdirSync(dataDir, { recursive: true });
    removeLeftovers(dataDir, STAGING_PREFIX);
    mkdirSync(fresh, { recursive: true });
    mkdirSync(old);
    const keysNotRestored: string[] = [];
    for (const [name, data] of parts) {
      if (name === PAYLOAD_DATABASE) writeDurably(join(fresh, DB_FILE), data, 0o600);
      else if (name === PAYLOAD_DEVICE_KEY) writeDurably(join(fresh, DEVICE_KEY_FILE), data, 0o600);
      else if (name.startsWith(PAYLOAD_KEYS_DIR)) keysNotRestored.push(name);
    }
    if (keysNotRestored.length)
      log.warn('backup restored without its trusted keys', { keys: keysNotRestored.length });
    const coursesToReinstall: CourseToReinstall[] = [];
    const staged = checkDatabaseFile(join(fresh, DB_FILE), (raw) =>
      coursesToReinstall.push(...forgetMissingCourses(raw, dataDir, header, clock)),
    );
    if (!staged.ok) return failed(err('INVALID_CONTENT', staged.reason, { reason: 'damaged' }));
    const { kiosk } = staged.facts;
    if (
      kiosk.device_id !== header.deviceId ||
      kiosk.desa_code !== header.desaCode ||
      staged.facts.schemaVersion !== header.schemaVersion
    )
      return failed(
        err('INVALID_CONTENT', 'the database names another kiosk than the backup', { reason: 'damaged' }),
      );
    if (!keyMatches(parts.get(PAYLOAD_DEVICE_KEY)!, kiosk.public_key))
      return failed(err('INVALID_CONTENT', 'the device key does not match the kiosk', { reason: 'damaged' }));

    options.onProgress?.('commit');
    const moved = moveIntoPlace(dataDir, fresh, old);
    if (!moved.ok) {
      log.error('restore could not move files into place', { reason: moved.reason });
      return failed(
        err(
          'CONFLICT',
          `could not move the restored files into place (${moved.reason}); is the app still open on this folder?`,
          {
            reason: 'target_busy',
          },
        ),
      );
    }
    fsyncFolder(dataDir);
    log.info('backup restored', {
      deviceId: kiosk.device_id,
      desaCode: kiosk.desa_code,
      createdAt: header.createdAt,
    });
    return ok({
      deviceId: kiosk.device_id,
      desaCode: kiosk.desa_code,
      desaName: kiosk.desa_name,
      kecamatanName: kiosk.kecamatan_name,
      kabupatenName: kiosk.kabupaten_name,
      provinsiName: kiosk.provinsi_name,
      backupCreatedAt: header.createdAt,
      backupAppVersion: header.appVersion,
      counts: manifest.counts,
      counters: manifest.counters,
      coursesToReinstall,
      keysNotRestored,
    });
  } catch (error) {
    log.error('restore failed', { error: error instanceof Error ? error.message : String(error) });
    return failed(
      err(
        'CONFLICT',
        `could not write the restored files: ${error instanceof Error ? error.message : String(error)}`,
        {
          reason: 'write_failed',
        },
      ),
    );
  } finally {
    rmSync(staging, { recursive: true, force: true });
  }

  /** A failure after staging began: the folder goes back to how it was (removed if this made it). */
  function failed(result: Result<never>): Result<never> {
    rmSync(staging, { recursive: true, force: true });
    if (createdDataDir) {
      try {
        rmdirSync(dataDir);
      } catch {
        // not empty: something else is there now; leave it
      }
    }
    return result;
  }
}

/**
 * Courses are not in a backup: drops the catalogue rows whose files this data folder lacks, so the app
 * installs them afresh (built-ins at start, others from a stick) instead of showing courses it cannot open.
 * Records the restore in the audit log of the restored database.
 */
function forgetMissingCourses(
  raw: Database.Database,
  dataDir: string,
  header: BackupHeader,
  clock: Clock,
): CourseToReinstall[] {
  const hasCourses = raw
    .prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'courses'")
    .get();
  const rows = hasCourses
    ? (raw.prepare('SELECT id, version, title FROM courses ORDER BY title').all() as CourseToReinstall[])
    : [];
  const missing = rows.filter((c) => !existsSync(join(dataDir, 'courses', c.id, c.version, 'course.json')));
  const forget = raw.prepare('DELETE FROM courses WHERE id = ?');
  raw.transaction(() => {
    for (const c of missing) forget.run(c.id);
    raw
      .prepare(
        `INSERT INTO audit_log (at, actor_id, action, target_id, details) VALUES (?, NULL, 'backup.restore', ?, ?)`,
      )
      .run(
        isoWithOffset(clock.now()),
        header.deviceId,
        JSON.stringify({ createdAt: header.createdAt, appVersion: header.appVersion }),
      );
  })();
  return missing;
}

/**
 * Moves what is there aside, then the staged parts in (database last); on failure, undoes both. A hub's
 * restore passes its own lists (its key and files instead of the device key and trusted keys).
 */
export function moveIntoPlace(
  dataDir: string,
  fresh: string,
  old: string,
  movedAside: readonly string[] = MOVED_ASIDE,
  movedIn: readonly string[] = MOVED_IN,
): { ok: true } | { ok: false; reason: string } {
  const aside: string[] = [];
  const placed: string[] = [];
  try {
    for (const name of movedAside) {
      if (!existsSync(join(dataDir, name))) continue;
      renameWithRetry(join(dataDir, name), join(old, name));
      aside.push(name);
    }
    for (const name of movedIn) {
      if (!existsSync(join(fresh, name))) continue;
      renameWithRetry(join(fresh, name), join(dataDir, name));
      placed.push(name);
    }
    return { ok: true };
  } catch (error) {
    for (const name of placed.reverse()) rmSync(join(dataDir, name), { recursive: true, force: true });
    for (const name of aside.reverse()) {
      try {
        renameWithRetry(join(old, name), join(dataDir, name));
      } catch {
        // left in the staging folder, which the caller removes; the folder was not set up anyway
      }
    }
    return { ok: false, reason: error instanceof Error ? error.message : String(error) };
  }
}

/** Writes a new file (never over one) and fsyncs it, making its folders. */
export function writeDurably(file: string, data: Buffer, mode: number): void {
  mkdirSync(dirname(file), { recursive: true });
  const fd = openSync(file, 'wx', mode);
  try {
    for (let done = 0; done < data.length;) done += writeSync(fd, data, done, data.length - done);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

/**
 * A restore goes only into an empty data folder: one that holds a kiosk or a hub (or a database that cannot
 * be read) is refused, with `alreadySetUp` as the message (and the kiosk's device id unless `withDevice` is
 * false). Shared by the kiosk's and the hub's restore.
 */
export function refuseSetUpTarget(
  dataDir: string,
  alreadySetUp: string,
  withDevice = true,
): Result<never> | null {
  const dbFile = join(dataDir, DB_FILE);
  if (!existsSync(dbFile)) return null;
  const there = kioskSetUpIn(dbFile);
  if (!there.setUp) return null;
  return there.reason
    ? err(
        'CONFLICT',
        `the data folder holds a database that cannot be read (${there.reason}); use an empty folder`,
        { reason: 'target_unreadable' },
      )
    : err('ALREADY_SET_UP', alreadySetUp, {
        reason: 'already_set_up',
        ...(withDevice ? { deviceId: there.deviceId } : {}),
      });
}
