import { randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, rmdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { err, ok, type Result } from '../../api/result';
import { keyMatches } from '../backup/create';
import { MAX_HEADER_BYTES, openContainer, parseContainerHeader, type Parsed } from '../backup/format';
import { readBackupFile } from '../backup/inspect';
import { sha256, unzipParts } from '../backup/payload';
import { DB_SIDE_FILES, moveIntoPlace, refuseSetUpTarget, writeDurably } from '../backup/restore';
import { removeLeftovers } from '../backup/snapshot';
import { DB_FILE } from '../db/file';
import { MIGRATIONS } from '../db/migrations';
import type { Drive } from '../drives/drive';
import { findFiles } from '../drives/find';
import { resolveOnDrive } from '../drives/paths';
import { fsyncFolder } from '../files/fsutil';
import { parseJsonLimited } from '../packages/canonical';
import { describeIssues } from '../packages/issues';
import { silentLogger, type Logger } from '../log';
import { checkHubDatabase } from './backup';
import {
  HUB_BACKUP_EXTENSION,
  HUB_MAX_PARTS,
  HUB_PAYLOAD_DATABASE,
  HUB_PAYLOAD_FILES,
  HUB_PAYLOAD_KEY,
  hubBackupHeaderSchema,
  hubBackupManifestSchema,
  type HubBackupCounts,
  type HubBackupHeader,
} from './backup-format';
import { HUB_FOLDER } from './files';
import { HUB_KEY_FILE } from './identity';
import { closeSync, openSync, readSync, statSync } from 'node:fs';

/** The hub this PC now is, after a restore. */
export interface HubRestoreDone {
  hubId: string;
  name: string;
  regionCode: string;
  regionLevel: HubBackupHeader['regionLevel'];
  regionName: string;
  keyId: string;
  backupCreatedAt: string;
  counts: HubBackupCounts;
}

const MOVED_ASIDE = [...DB_SIDE_FILES, DB_FILE, HUB_KEY_FILE, HUB_FOLDER];
const MOVED_IN = [HUB_FOLDER, HUB_KEY_FILE, DB_FILE];
const STAGING_PREFIX = '.restore-';

function failure<T>(parsed: Extract<Parsed<unknown>, { ok: false }>): Result<T> {
  return err(parsed.reason === 'too_large' ? 'TOO_LARGE' : 'INVALID_CONTENT', parsed.message, {
    reason: parsed.reason,
  });
}

/**
 * Decrypts a hub backup in memory and checks all of it: the tag, the manifest (same hub as the header),
 * every part's hash, and that it holds only a database, the hub key and hub files. Nothing is written.
 */
async function openHubBackup(
  bytes: Buffer,
  passphrase: string,
): Promise<Result<{ header: HubBackupHeader; counts: HubBackupCounts; parts: Map<string, Buffer> }>> {
  const opened = await openContainer(bytes, passphrase, hubBackupHeaderSchema);
  if (!opened.ok) return failure(opened);
  const damaged = (message: string) => err('INVALID_CONTENT', message, { reason: 'damaged' });
  let files: Map<string, Buffer>;
  try {
    files = await unzipParts(opened.value.payload, HUB_MAX_PARTS + 1);
  } catch (error) {
    return damaged(`backup contents unreadable: ${error instanceof Error ? error.message : String(error)}`);
  }
  const manifestBytes = files.get('manifest.json');
  if (!manifestBytes) return damaged('backup has no manifest');
  files.delete('manifest.json');
  const json = parseJsonLimited(manifestBytes, 'manifest.json', { maxBytes: 64 * 1024 ** 2, maxDepth: 10 });
  if (!json.ok) return damaged(json.reason);
  const manifest = hubBackupManifestSchema.safeParse(json.value);
  if (!manifest.success) return damaged(`manifest invalid: ${describeIssues(manifest.error.issues)}`);
  const { header } = opened.value;
  const m = manifest.data;
  if (
    m.hubId !== header.hubId ||
    m.regionCode !== header.regionCode ||
    m.createdAt !== header.createdAt ||
    m.schemaVersion !== header.schemaVersion
  )
    return damaged('the manifest names another hub than the header');
  const listed = new Set<string>();
  for (const entry of m.files) {
    const part = files.get(entry.path);
    if (!part) return damaged(`${entry.path} is listed but missing`);
    if (part.length !== entry.size || sha256(part) !== entry.sha256)
      return damaged(`${entry.path} does not match its hash`);
    // Never a trusted key or anything else: only what a hub's data folder holds of its own.
    if (
      entry.path !== HUB_PAYLOAD_DATABASE &&
      entry.path !== HUB_PAYLOAD_KEY &&
      !entry.path.startsWith(`${HUB_PAYLOAD_FILES}${HUB_FOLDER}/`)
    )
      return damaged(`unexpected part ${entry.path}`);
    listed.add(entry.path);
  }
  for (const name of files.keys()) if (!listed.has(name)) return damaged(`${name} is not in the manifest`);
  if (!files.has(HUB_PAYLOAD_DATABASE) || !files.has(HUB_PAYLOAD_KEY))
    return damaged('backup lacks the database or the hub key');
  return ok({ header, counts: m.counts, parts: files });
}

/**
 * Restores a hub backup into a data folder with nothing set up (a replacement office PC), so it carries on
 * as the same hub: same key, certificates, enrolled kiosks, bundles, statements and reports. Call it with no
 * core open on `dataDir`. Nothing is written until the whole file is decrypted and checked; the parts are
 * staged, the staged database checked again (integrity, same hub, the key its half), then moved into place
 * with the database last. Trusts nothing new: roots come only with the app.
 */
export async function restoreHubBackup(
  file: string,
  dataDir: string,
  passphrase: string,
  options: { log?: Logger } = {},
): Promise<Result<HubRestoreDone>> {
  const log = options.log ?? silentLogger;
  const refusal = refuseSetUpTarget(
    dataDir,
    'this data folder is already set up (a kiosk or a hub); restore only into an empty one',
    false,
  );
  if (refusal) return refusal;
  const bytes = readBackupFile(file);
  if (!bytes.ok) return bytes;
  const checked = await openHubBackup(bytes.value, passphrase);
  if (!checked.ok) {
    log.warn('hub backup not restored', { reason: checked.error.message });
    return checked;
  }
  const { header, counts, parts } = checked.value;
  if (header.schemaVersion > MIGRATIONS.length)
    return err(
      'INVALID_CONTENT',
      `the backup was made by a newer app (database schema ${header.schemaVersion}, this app ${MIGRATIONS.length}); update the app first`,
      { reason: 'newer_app' },
    );

  const createdDataDir = !existsSync(dataDir);
  const staging = join(dataDir, `${STAGING_PREFIX}${randomUUID()}`);
  const fresh = join(staging, 'new');
  const old = join(staging, 'old');
  const failed = (result: Result<never>): Result<never> => {
    rmSync(staging, { recursive: true, force: true });
    if (createdDataDir)
      try {
        rmdirSync(dataDir);
      } catch {
        // not empty: something else is there now; leave it
      }
    return result;
  };
  try {
    mkdirSync(dataDir, { recursive: true });
    removeLeftovers(dataDir, STAGING_PREFIX);
    mkdirSync(fresh, { recursive: true });
    mkdirSync(old);
    for (const [name, data] of parts) {
      const target =
        name === HUB_PAYLOAD_DATABASE
          ? join(fresh, DB_FILE)
          : name === HUB_PAYLOAD_KEY
            ? join(fresh, HUB_KEY_FILE)
            : join(fresh, ...name.slice(HUB_PAYLOAD_FILES.length).split('/'));
      writeDurably(target, data, 0o600);
    }
    const staged = checkHubDatabase(join(fresh, DB_FILE));
    if (!staged.ok) return failed(err('INVALID_CONTENT', staged.reason, { reason: 'damaged' }));
    const { hub } = staged.facts;
    if (
      hub.hub_id !== header.hubId ||
      hub.key_id !== header.keyId ||
      staged.facts.schemaVersion !== header.schemaVersion
    )
      return failed(
        err('INVALID_CONTENT', 'the database names another hub than the backup', { reason: 'damaged' }),
      );
    if (!keyMatches(parts.get(HUB_PAYLOAD_KEY)!, hub.public_key))
      return failed(err('INVALID_CONTENT', 'the hub key does not match the hub', { reason: 'damaged' }));
    const moved = moveIntoPlace(dataDir, fresh, old, MOVED_ASIDE, MOVED_IN);
    if (!moved.ok) {
      log.error('hub restore could not move files into place', { reason: moved.reason });
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
    log.info('hub backup restored', {
      hubId: hub.hub_id,
      regionCode: hub.region_code,
      createdAt: header.createdAt,
    });
    return ok({
      hubId: hub.hub_id,
      name: hub.name,
      regionCode: hub.region_code,
      regionLevel: hub.region_level,
      regionName: hub.region_name,
      keyId: hub.key_id,
      backupCreatedAt: header.createdAt,
      counts,
    });
  } catch (error) {
    log.error('hub restore failed', { error: error instanceof Error ? error.message : String(error) });
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
}

/** A hub backup found on a stick, for the hub set-up screen (newest first). */
export interface FoundHubBackup {
  path: string;
  sizeBytes: number;
  header: HubBackupHeader | null;
  problem: string | null;
}

/** The clear header of a hub backup file (only its first bytes are read). */
export function readHubBackupHeader(file: string): Result<{ header: HubBackupHeader; sizeBytes: number }> {
  try {
    const size = statSync(file).size;
    const start = Buffer.alloc(Math.min(size, MAX_HEADER_BYTES + 64));
    const fd = openSync(file, 'r');
    try {
      readSync(fd, start, 0, start.length, 0);
    } finally {
      closeSync(fd);
    }
    const parsed = parseContainerHeader(start, size, hubBackupHeaderSchema);
    return parsed.ok ? ok({ header: parsed.value.header, sizeBytes: size }) : failure(parsed);
  } catch (error) {
    return err('NOT_FOUND', `cannot read ${file}: ${error instanceof Error ? error.message : String(error)}`);
  }
}

/** Hub backups on a stick (any folder up to five deep), with their clear headers. */
export async function listHubBackupsOnDrive(drive: Pick<Drive, 'mountpoint'>): Promise<FoundHubBackup[]> {
  const { files } = await findFiles(drive, {
    extensions: [HUB_BACKUP_EXTENSION],
    maxDepth: 5,
    maxFiles: 100,
  });
  const found = files.map((f): FoundHubBackup => {
    const where = resolveOnDrive(drive, f.path);
    const head = where.ok ? readHubBackupHeader(where.path) : err<never>('NOT_FOUND', where.reason);
    return head.ok
      ? { path: f.path, sizeBytes: f.sizeBytes, header: head.value.header, problem: null }
      : { path: f.path, sizeBytes: f.sizeBytes, header: null, problem: head.error.message };
  });
  const time = (f: FoundHubBackup) => (f.header ? Date.parse(f.header.createdAt) || 0 : 0);
  return found.sort((a, b) => time(b) - time(a));
}
