import { createPrivateKey, createPublicKey, randomUUID } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { err, ok, type Result } from '../../api/result';
import { audit } from '../auth/audit';
import { isoWithOffset } from '../clock';
import type { Services } from '../context';
import { publicKeyRaw } from '../crypto/keys';
import type { Drive } from '../drives/drive';
import { resolveOnDrive } from '../drives/paths';
import { unsafePathReason } from '../packages/paths';
import { DEVICE_KEY_FILE } from '../setup/setup';
import { readKiosk, type KioskRow } from '../setup/kiosk';
import {
  BACKUP_EXTENSION,
  MAX_BACKUP_BYTES,
  openWithKey,
  parseBackupHeader,
  passphraseBytes,
  sealBackup,
  type BackupHeader,
  type KdfParams,
} from './format';
import { backupSecret } from './passphrase';
import {
  PAYLOAD_DATABASE,
  PAYLOAD_DEVICE_KEY,
  PAYLOAD_KEYS_DIR,
  fileEntry,
  sha256,
  MAX_UNPACKED_BYTES,
  zipPayload,
  type BackupCounts,
  type BackupManifest,
} from './payload';
import { checkDatabaseFile, removeLeftovers, snapshotDatabase, type DatabaseFacts } from './snapshot';
import { freeName, writeVerified, type StickWriteReason } from './stick-write';

/** Where backups go on a stick: `BalaiBelajar/<desa code with _>/cadangan/`. */
export function backupFolder(desaCode: string): string {
  return `BalaiBelajar/${desaCode.replaceAll('.', '_')}/cadangan`;
}

/** `<desa code with _>-<YYYYMMDD-HHMM>.balaibackup`, in the kiosk's local time. */
export function backupFileName(desaCode: string, at: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  const stamp = `${at.getFullYear()}${pad(at.getMonth() + 1)}${pad(at.getDate())}-${pad(at.getHours())}${pad(at.getMinutes())}`;
  return `${desaCode.replaceAll('.', '_')}-${stamp}${BACKUP_EXTENSION}`;
}

export interface BackupProgress {
  stage: 'snapshot' | 'encrypt' | 'write' | 'verify';
  /** Bytes written so far (stage `write`); 0 otherwise. */
  done: number;
  total: number;
}

export interface CreateBackupOptions {
  /** The stick, or a folder standing in for one (CLI `--to`). The UI names it by drive id; the API resolves it. */
  drive: Pick<Drive, 'mountpoint'>;
  /** This kiosk's recovery code (any case, dashes optional) or a passphrase the operator chose (8+ characters). */
  passphrase: string;
  /** Who asked, for the audit log; null from the CLI. */
  actorId?: string | null;
  /** Tests only: a cheaper scrypt. */
  kdf?: KdfParams;
  /** Tests only: fewer pages per online-backup step, so writes interleave with the snapshot. */
  snapshotPagesPerStep?: number;
  onProgress?: (progress: BackupProgress) => void;
}

/** A backup written and read back. */
export interface BackupDone {
  /** On the drive, `/`-separated (what the operator is shown). */
  path: string;
  /** Core-side absolute path; never sent to the UI. */
  file: string;
  sizeBytes: number;
  createdAt: string;
  passphrase: BackupHeader['passphrase'];
  deviceId: string;
  desaCode: string;
  counts: BackupCounts;
  counters: Record<string, number>;
}

export type BackupServices = Pick<Services, 'db' | 'clock' | 'config' | 'log'>;

/** The error code of each way a write to a stick fails (kiosk and hub backups). */
export const STICK_CODES: Record<StickWriteReason, 'DRIVE_NOT_FOUND' | 'CONFLICT'> = {
  stick_removed: 'DRIVE_NOT_FOUND',
  stick_full: 'CONFLICT',
  stick_read_only: 'CONFLICT',
  write_failed: 'CONFLICT',
  verify_failed: 'CONFLICT',
};

/**
 * Writes an encrypted full backup of this kiosk to a stick: a consistent snapshot of the database (taken
 * while the app keeps running), the device key and the trusted-keys folder, zipped with a manifest of
 * hashes, sealed with AES-256-GCM under a scrypt key from the passphrase, written through a temp file and
 * read back before it gets its name. Everything is held in memory (a village's database is a few MB).
 */
export async function createBackup(
  services: BackupServices,
  options: CreateBackupOptions,
): Promise<Result<BackupDone>> {
  const { db, clock, config, log } = services;
  const kiosk = readKiosk(db);
  if (!kiosk) return err('NOT_SET_UP', 'this kiosk is not set up: there is nothing to back up');
  const secret = backupSecret(options.passphrase, kiosk.recovery_hash);
  if (!secret.ok) return secret;
  const progress = (stage: BackupProgress['stage'], done = 0, total = 0) =>
    options.onProgress?.({ stage, done, total });

  const now = clock.now();
  const createdAt = isoWithOffset(now);
  const folder = backupFolder(kiosk.desa_code);
  const where = resolveOnDrive(options.drive, folder);
  if (!where.ok)
    return where.reason === 'drive not found'
      ? err('DRIVE_NOT_FOUND', 'the stick is not there any more', { reason: 'stick_removed' })
      : err('CONFLICT', `cannot write to ${folder} on this stick: ${where.reason}`, {
          reason: 'write_failed',
        });
  const fileName = freeName(where.path, backupFileName(kiosk.desa_code, now), BACKUP_EXTENSION);

  progress('snapshot');
  const snapshot = await takeSnapshot(services, options.snapshotPagesPerStep);
  if (!snapshot.ok) {
    log.error('backup snapshot failed', { reason: snapshot.reason });
    return err('INTERNAL', `could not copy the database: ${snapshot.reason}`);
  }
  const { database, facts } = snapshot;
  // The snapshot is what is backed up; the live row may have been read a moment earlier.
  const identity: KioskRow = facts.kiosk;

  const deviceKey = readDeviceKey(join(config.dataDir, DEVICE_KEY_FILE));
  if (!deviceKey || !keyMatches(deviceKey, identity.public_key)) {
    log.error("device key file missing or not this kiosk's", { deviceId: identity.device_id });
    return err(
      'INTERNAL',
      'the device key file is missing or does not match this kiosk; the backup was not made',
    );
  }
  const parts = new Map<string, Buffer>([
    [PAYLOAD_DATABASE, database],
    [PAYLOAD_DEVICE_KEY, deviceKey],
    ...readKeysFolder(join(config.dataDir, 'keys'), (path, reason) =>
      log.warn('backup skipped a file in the keys folder', { path, reason }),
    ),
  ]);
  const manifest: BackupManifest = {
    formatVersion: 1,
    type: 'balai-backup-manifest',
    createdAt,
    appVersion: config.appVersion,
    schemaVersion: facts.schemaVersion,
    deviceId: identity.device_id,
    desaCode: identity.desa_code,
    files: [...parts].map(([path, data]) => fileEntry(path, data)),
    counts: facts.counts,
    counters: facts.counters,
  };

  progress('encrypt');
  if ([...parts.values()].reduce((sum, part) => sum + part.length, 0) > MAX_UNPACKED_BYTES)
    return err('TOO_LARGE', 'the database is too large to back up this way');
  const payload = await zipPayload(parts, manifest, now);
  if (payload.length > MAX_BACKUP_BYTES)
    return err('TOO_LARGE', 'the database is too large to back up this way');
  const sealed = await sealBackup(
    {
      createdAt,
      appVersion: config.appVersion,
      schemaVersion: facts.schemaVersion,
      deviceId: identity.device_id,
      desaCode: identity.desa_code,
      desaName: identity.desa_name,
      kecamatanName: identity.kecamatan_name,
      kabupatenName: identity.kabupaten_name,
      provinsiName: identity.provinsi_name,
      passphrase: secret.value.kind,
    },
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
      progress('verify');
      const parsed = parseBackupHeader(readBack, readBack.length);
      if (!parsed.ok) return parsed.message;
      const opened = openWithKey(readBack, sealed.key, parsed.value);
      if (!opened.ok) return opened.message;
      return sha256(opened.value) === payloadHash ? null : 'decrypted contents differ';
    },
    (done, total) => progress('write', done, total),
  );
  if (!written.ok) {
    log.warn('backup not written', { reason: written.reason, message: written.message });
    return err(STICK_CODES[written.reason], written.message, { reason: written.reason });
  }

  audit(db, clock, {
    actorId: options.actorId ?? null,
    action: 'backup.create',
    targetId: identity.device_id,
    details: { file: fileName, passphrase: secret.value.kind },
  });
  log.info('backup written', { file: fileName, bytes: sealed.bytes.length, passphrase: secret.value.kind });
  return ok({
    path: `${folder}/${fileName}`,
    file,
    sizeBytes: sealed.bytes.length,
    createdAt,
    passphrase: secret.value.kind,
    deviceId: identity.device_id,
    desaCode: identity.desa_code,
    counts: facts.counts,
    counters: facts.counters,
  });
}

async function takeSnapshot(
  services: BackupServices,
  pagesPerStep?: number,
): Promise<{ ok: true; database: Buffer; facts: DatabaseFacts } | { ok: false; reason: string }> {
  // Beside the live database (same disk, same protection), removed whatever happens.
  removeLeftovers(services.config.dataDir, '.backup-');
  const work = join(services.config.dataDir, `.backup-${randomUUID()}`);
  try {
    mkdirSync(work, { recursive: true });
    const file = join(work, 'snapshot.sqlite');
    await snapshotDatabase(services.db, file, pagesPerStep);
    const checked = checkDatabaseFile(file);
    if (!checked.ok) return checked;
    return { ok: true, database: readFileSync(file), facts: checked.facts };
  } catch (error) {
    return { ok: false, reason: error instanceof Error ? error.message : String(error) };
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

function readDeviceKey(file: string): Buffer | undefined {
  try {
    return readFileSync(file);
  } catch {
    return undefined;
  }
}

/** Whether a private key (PEM) is the half of the kiosk's public key (raw, base64). */
export function keyMatches(privatePem: Buffer, publicKey: string): boolean {
  try {
    const pub = createPublicKey(createPrivateKey(privatePem))
      .export({ type: 'spki', format: 'pem' })
      .toString();
    return publicKeyRaw(pub) === publicKey;
  } catch {
    return false;
  }
}

/** Regular files under `<data>/keys`, as payload parts `keys/<relative path>`. Links and odd names are skipped. */
function readKeysFolder(dir: string, skipped: (path: string, reason: string) => void): [string, Buffer][] {
  let entries;
  try {
    entries = readdirSync(dir, { withFileTypes: true, recursive: true });
  } catch {
    return [];
  }
  const out: [string, Buffer][] = [];
  for (const entry of entries) {
    const full = join(entry.parentPath, entry.name);
    const rel = relative(dir, full).split(sep).join('/');
    if (entry.isDirectory()) continue;
    if (!entry.isFile()) {
      skipped(rel, 'not a regular file');
      continue;
    }
    const name = `${PAYLOAD_KEYS_DIR}${rel}`;
    const unsafe = unsafePathReason(name, 200);
    if (unsafe) {
      skipped(rel, unsafe);
      continue;
    }
    if (statSync(full).size > 1024 * 1024) {
      skipped(rel, 'larger than 1 MB');
      continue;
    }
    out.push([name, readFileSync(full)]);
  }
  return out.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
}
