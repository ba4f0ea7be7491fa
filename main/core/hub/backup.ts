import Database from 'better-sqlite3';
import { randomUUID } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { err, ok, type Result } from '../../api/result';
import { audit } from '../auth/audit';
import { keyMatches, STICK_CODES } from '../backup/create';
import {
  MAX_BACKUP_BYTES,
  openWithKey,
  parseContainerHeader,
  passphraseBytes,
  sealContainer,
  type KdfParams,
} from '../backup/format';
import { backupSecret } from '../backup/passphrase';
import { fileEntry, MAX_UNPACKED_BYTES, sha256, zipPayload } from '../backup/payload';
import { removeLeftovers, snapshotDatabase } from '../backup/snapshot';
import { freeName, writeVerified } from '../backup/stick-write';
import { isoWithOffset } from '../clock';
import type { Services } from '../context';
import type { Drive } from '../drives/drive';
import { resolveOnDrive } from '../drives/paths';
import { unsafePathReason } from '../packages/paths';
import {
  HUB_BACKUP_EXTENSION,
  HUB_MAX_PARTS,
  HUB_PAYLOAD_DATABASE,
  HUB_PAYLOAD_FILES,
  HUB_PAYLOAD_KEY,
  hubBackupFileName,
  hubBackupFolder,
  hubBackupHeaderSchema,
  type HubBackupCounts,
  type HubBackupHeader,
  type HubBackupManifest,
} from './backup-format';
import { HUB_FOLDER } from './files';
import { HUB_KEY_FILE, readHub, type HubRow } from './identity';

export interface HubBackupOptions {
  /** The stick (or a folder standing in for one: the CLI's `--to`). */
  drive: Pick<Drive, 'mountpoint'>;
  /** The hub's recovery code, or a passphrase of 8+ characters the admin chose. */
  passphrase: string;
  actorId?: string | null;
  /** Tests only: a cheaper scrypt. */
  kdf?: KdfParams;
  onProgress?: (stage: 'snapshot' | 'encrypt' | 'write' | 'verify', done: number, total: number) => void;
}

export interface HubBackupDone {
  /** On the drive, `/`-separated. */
  path: string;
  /** Core-side absolute path; never sent to the UI. */
  file: string;
  sizeBytes: number;
  createdAt: string;
  passphrase: HubBackupHeader['passphrase'];
  hubId: string;
  regionCode: string;
  counts: HubBackupCounts;
}

/** A hub database file (a snapshot, or one being restored) as it describes itself. */
export interface HubDatabaseFacts {
  hub: HubRow;
  schemaVersion: number;
  counts: HubBackupCounts;
}

/**
 * Opens a hub database that is not the live one, makes it a single file (journal_mode DELETE), runs
 * `integrity_check` and reads the hub row and what it holds; the reason when it is not a sound hub database.
 */
export function checkHubDatabase(
  file: string,
): { ok: true; facts: HubDatabaseFacts } | { ok: false; reason: string } {
  let raw: Database.Database | undefined;
  try {
    raw = new Database(file, { fileMustExist: true });
    raw.pragma('journal_mode = DELETE');
    const integrity = raw.pragma('integrity_check', { simple: true });
    if (integrity !== 'ok')
      return { ok: false, reason: `database integrity check failed: ${String(integrity)}` };
    const db = raw;
    const hub = db.prepare('SELECT * FROM hub WHERE id = 1').get() as HubRow | undefined;
    if (!hub) return { ok: false, reason: 'the database holds no hub' };
    const n = (table: string) => (db.prepare(`SELECT COUNT(*) AS n FROM ${table}`).get() as { n: number }).n;
    return {
      ok: true,
      facts: {
        hub,
        schemaVersion: db.pragma('user_version', { simple: true }) as number,
        counts: {
          kiosks: n('hub_devices'),
          bundles: n('hub_bundles'),
          statements: n('hub_statements'),
          learners: n('hub_learners'),
          heldBundles: n('hub_held'),
        },
      },
    };
  } catch (error) {
    return {
      ok: false,
      reason: `database unreadable: ${error instanceof Error ? error.message : String(error)}`,
    };
  } finally {
    raw?.close();
  }
}

/**
 * Writes an encrypted backup of this hub to a stick, for a replacement PC: a consistent snapshot of the
 * database (with the hub's certificates and revocation lists), the hub key, and its kept files (original
 * bundles, held bundles, course shelf; not the half-copied `incoming/`). Sealed like a kiosk's backup, read
 * back and checked before it gets its name.
 */
export async function createHubBackup(
  services: Pick<Services, 'db' | 'clock' | 'config' | 'log'>,
  options: HubBackupOptions,
): Promise<Result<HubBackupDone>> {
  const { db, clock, config, log } = services;
  const hub = readHub(db);
  if (!hub) return err('NOT_SET_UP', 'this installation is not a hub: there is no hub to back up');
  const secret = backupSecret(options.passphrase, hub.recovery_hash);
  if (!secret.ok) return secret;
  const progress = options.onProgress ?? (() => undefined);
  const now = clock.now();
  const createdAt = isoWithOffset(now);
  const folder = hubBackupFolder(hub.region_code);
  const where = resolveOnDrive(options.drive, folder);
  if (!where.ok)
    return where.reason === 'drive not found'
      ? err('DRIVE_NOT_FOUND', 'the stick is not there any more', { reason: 'stick_removed' })
      : err('CONFLICT', `cannot write to ${folder} on this stick: ${where.reason}`, {
          reason: 'write_failed',
        });
  const fileName = freeName(where.path, hubBackupFileName(hub.region_code, now), HUB_BACKUP_EXTENSION);

  progress('snapshot', 0, 0);
  removeLeftovers(config.dataDir, '.backup-');
  const work = join(config.dataDir, `.backup-${randomUUID()}`);
  let database: Buffer;
  let facts: HubDatabaseFacts;
  try {
    mkdirSync(work, { recursive: true });
    const snapshot = join(work, 'snapshot.sqlite');
    await snapshotDatabase(db, snapshot);
    const checked = checkHubDatabase(snapshot);
    if (!checked.ok) {
      log.error('hub backup snapshot failed', { reason: checked.reason });
      return err('INTERNAL', `could not copy the database: ${checked.reason}`);
    }
    database = readFileSync(snapshot);
    facts = checked.facts;
  } finally {
    rmSync(work, { recursive: true, force: true });
  }

  let key: Buffer;
  try {
    key = readFileSync(join(config.dataDir, HUB_KEY_FILE));
  } catch {
    key = Buffer.alloc(0);
  }
  if (!keyMatches(key, facts.hub.public_key)) {
    log.error("hub key file missing or not this hub's", { hubId: facts.hub.hub_id });
    return err('INTERNAL', 'the hub key file is missing or does not match this hub; the backup was not made');
  }
  const parts = new Map<string, Buffer>([
    [HUB_PAYLOAD_DATABASE, database],
    [HUB_PAYLOAD_KEY, key],
    ...hubFiles(config.dataDir, (path, reason) => log.warn('hub backup skipped a file', { path, reason })),
  ]);
  if (parts.size > HUB_MAX_PARTS) return err('TOO_LARGE', 'the hub holds too many files to back up this way');
  if ([...parts.values()].reduce((sum, part) => sum + part.length, 0) > MAX_UNPACKED_BYTES)
    return err('TOO_LARGE', 'the hub holds too much to back up this way');
  const manifest: HubBackupManifest = {
    formatVersion: 1,
    type: 'balai-hub-backup-manifest',
    createdAt,
    appVersion: config.appVersion,
    schemaVersion: facts.schemaVersion,
    hubId: facts.hub.hub_id,
    regionCode: facts.hub.region_code,
    files: [...parts].map(([path, data]) => fileEntry(path, data)),
    counts: facts.counts,
  };

  progress('encrypt', 0, 0);
  const payload = await zipPayload(parts, manifest, now);
  if (payload.length > MAX_BACKUP_BYTES)
    return err('TOO_LARGE', 'the hub holds too much to back up this way');
  const sealed = await sealContainer(
    (crypto): HubBackupHeader => ({
      formatVersion: 1,
      type: 'balai-hub-backup',
      createdAt,
      appVersion: config.appVersion,
      schemaVersion: facts.schemaVersion,
      hubId: facts.hub.hub_id,
      hubName: facts.hub.name,
      regionCode: facts.hub.region_code,
      regionLevel: facts.hub.region_level,
      regionName: facts.hub.region_name,
      keyId: facts.hub.key_id,
      passphrase: secret.value.kind,
      ...crypto,
    }),
    payload,
    passphraseBytes(secret.value.kind, secret.value.text),
    options.kdf,
  );
  const payloadHash = sha256(payload);
  const file = join(where.path, fileName);
  const written = writeVerified(
    options.drive.mountpoint,
    file,
    sealed.bytes,
    (readBack) => {
      progress('verify', 0, 0);
      const parsed = parseContainerHeader(readBack, readBack.length, hubBackupHeaderSchema);
      if (!parsed.ok) return parsed.message;
      const opened = openWithKey(readBack, sealed.key, parsed.value);
      if (!opened.ok) return opened.message;
      return sha256(opened.value) === payloadHash ? null : 'decrypted contents differ';
    },
    (done, total) => progress('write', done, total),
  );
  if (!written.ok) {
    log.warn('hub backup not written', { reason: written.reason, message: written.message });
    return err(STICK_CODES[written.reason], written.message, { reason: written.reason });
  }
  audit(db, clock, {
    actorId: options.actorId ?? null,
    action: 'hub.backup',
    targetId: facts.hub.hub_id,
    details: { file: fileName, passphrase: secret.value.kind },
  });
  log.info('hub backup written', { file: fileName, bytes: sealed.bytes.length });
  return ok({
    path: `${folder}/${fileName}`,
    file,
    sizeBytes: sealed.bytes.length,
    createdAt,
    passphrase: secret.value.kind,
    hubId: facts.hub.hub_id,
    regionCode: facts.hub.region_code,
    counts: facts.counts,
  });
}

/** The regular files under `<data>/hub/` (not `incoming/`, where copies are only checked), as `files/hub/…`. */
function hubFiles(dataDir: string, skipped: (path: string, reason: string) => void): [string, Buffer][] {
  const root = join(dataDir, HUB_FOLDER);
  let entries;
  try {
    entries = readdirSync(root, { withFileTypes: true, recursive: true });
  } catch {
    return [];
  }
  const out: [string, Buffer][] = [];
  for (const entry of entries) {
    const rel = relative(root, join(entry.parentPath, entry.name)).split(sep).join('/');
    if (entry.isDirectory() || rel === 'incoming' || rel.startsWith('incoming/')) continue;
    if (!entry.isFile()) {
      skipped(rel, 'not a regular file');
      continue;
    }
    const name = `${HUB_PAYLOAD_FILES}${HUB_FOLDER}/${rel}`;
    const unsafe = unsafePathReason(name, 200);
    if (unsafe) {
      skipped(rel, unsafe);
      continue;
    }
    out.push([name, readFileSync(join(entry.parentPath, entry.name))]);
  }
  return out.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
}
