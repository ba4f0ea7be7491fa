import { closeSync, openSync, readSync, statSync } from 'node:fs';
import { err, ok, type Result } from '../../api/result';
import type { Drive } from '../drives/drive';
import { findFiles } from '../drives/find';
import { resolveOnDrive } from '../drives/paths';
import type { FileEntry } from '../packages/signing';
import {
  BACKUP_EXTENSION,
  MAX_BACKUP_BYTES,
  MAX_HEADER_BYTES,
  openBackup,
  parseBackupHeader,
  type BackupHeader,
  type Parsed,
} from './format';
import { readPayload, type BackupCounts, type BackupManifest } from './payload';

/** A backup as the operator is shown it before restoring. */
export interface BackupInfo {
  /** The clear header: whose backup, when, which app; not authenticated until `contents` is there. */
  header: BackupHeader;
  sizeBytes: number;
  /** Only when the passphrase was given and everything checked (tag, manifest, hashes). */
  contents?: { counts: BackupCounts; counters: Record<string, number>; files: FileEntry[] };
}

function failure<T>(parsed: Extract<Parsed<unknown>, { ok: false }>): Result<T> {
  return err(parsed.reason === 'too_large' ? 'TOO_LARGE' : 'INVALID_CONTENT', parsed.message, {
    reason: parsed.reason,
  });
}

function fileSize(file: string): Result<number> {
  try {
    const stat = statSync(file);
    if (!stat.isFile()) return err('NOT_FOUND', `${file} is not a file`);
    return ok(stat.size);
  } catch {
    return err('NOT_FOUND', `no such file: ${file}`);
  }
}

/** The clear header of a backup file, reading only its first bytes. Says nothing about the rest yet. */
export function readBackupHeader(file: string): Result<{ header: BackupHeader; sizeBytes: number }> {
  const size = fileSize(file);
  if (!size.ok) return size;
  const start = Buffer.alloc(Math.min(size.value, MAX_HEADER_BYTES + 64));
  try {
    const fd = openSync(file, 'r');
    try {
      readSync(fd, start, 0, start.length, 0);
    } finally {
      closeSync(fd);
    }
  } catch (error) {
    return err('NOT_FOUND', `cannot read ${file}: ${error instanceof Error ? error.message : String(error)}`);
  }
  const parsed = parseBackupHeader(start, size.value);
  return parsed.ok ? ok({ header: parsed.value.header, sizeBytes: size.value }) : failure(parsed);
}

/**
 * Decrypts a whole backup in memory and checks it: the tag (header and payload), the manifest and every
 * part's hash, and that the manifest names the same kiosk as the header. Nothing is written.
 */
export async function openAndCheck(
  bytes: Buffer,
  passphrase: string,
): Promise<Result<{ header: BackupHeader; manifest: BackupManifest; parts: Map<string, Buffer> }>> {
  const opened = await openBackup(bytes, passphrase);
  if (!opened.ok) return failure(opened);
  const payload = await readPayload(opened.value.payload);
  if (!payload.ok) return failure(payload);
  const { header } = opened.value;
  const { manifest } = payload.value;
  if (
    manifest.deviceId !== header.deviceId ||
    manifest.desaCode !== header.desaCode ||
    manifest.schemaVersion !== header.schemaVersion ||
    manifest.createdAt !== header.createdAt
  )
    return err('INVALID_CONTENT', 'the manifest names another kiosk than the header', { reason: 'damaged' });
  return ok({ header, manifest, parts: payload.value.parts });
}

/** Reads a backup file whole (bounded), for `openAndCheck`. */
export function readBackupFile(file: string): Result<Buffer> {
  const size = fileSize(file);
  if (!size.ok) return size;
  if (size.value > MAX_BACKUP_BYTES)
    return err('TOO_LARGE', 'the file is too large for a backup', { reason: 'too_large' });
  try {
    return ok(readFileWhole(file));
  } catch (error) {
    return err('NOT_FOUND', `cannot read ${file}: ${error instanceof Error ? error.message : String(error)}`);
  }
}

function readFileWhole(file: string): Buffer {
  const fd = openSync(file, 'r');
  try {
    const size = statSync(file).size;
    const out = Buffer.alloc(size);
    for (let done = 0; done < size;) {
      const n = readSync(fd, out, done, size - done, done);
      if (n === 0) throw new Error('the file became shorter while it was read');
      done += n;
    }
    return out;
  } finally {
    closeSync(fd);
  }
}

/** `balai backup inspect`: the header; with the passphrase, also what the backup holds, all checked. */
export async function inspectBackup(file: string, passphrase?: string): Promise<Result<BackupInfo>> {
  const head = readBackupHeader(file);
  if (!head.ok || passphrase === undefined) return head;
  const bytes = readBackupFile(file);
  if (!bytes.ok) return bytes;
  const checked = await openAndCheck(bytes.value, passphrase);
  if (!checked.ok) return checked;
  const { manifest } = checked.value;
  return ok({
    header: checked.value.header,
    sizeBytes: bytes.value.length,
    contents: { counts: manifest.counts, counters: manifest.counters, files: manifest.files },
  });
}

/** A backup file found on a stick, for the set-up screen to offer (newest first). */
export interface FoundBackup {
  /** On the drive, `/`-separated: give it back with the drive id to restore. */
  path: string;
  sizeBytes: number;
  header: BackupHeader | null;
  /** Why the header could not be read, when it could not. */
  problem: string | null;
}

/** Backups on a stick (any folder up to four deep), with their clear headers. */
export async function listBackupsOnDrive(drive: Pick<Drive, 'mountpoint'>): Promise<FoundBackup[]> {
  const { files } = await findFiles(drive, { extensions: [BACKUP_EXTENSION], maxDepth: 4, maxFiles: 100 });
  const found = files.map((f): FoundBackup => {
    const where = resolveOnDrive(drive, f.path);
    const head = where.ok ? readBackupHeader(where.path) : err<never>('NOT_FOUND', where.reason);
    return head.ok
      ? { path: f.path, sizeBytes: f.sizeBytes, header: head.value.header, problem: null }
      : { path: f.path, sizeBytes: f.sizeBytes, header: null, problem: head.error.message };
  });
  const time = (f: FoundBackup) => (f.header ? Date.parse(f.header.createdAt) || 0 : 0);
  return found.sort((a, b) => time(b) - time(a));
}
