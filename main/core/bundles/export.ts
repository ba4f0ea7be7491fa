import { createHash, randomBytes } from 'node:crypto';
import { createReadStream, existsSync, mkdirSync, readdirSync, rmSync, statSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { open, type FileHandle } from 'node:fs/promises';
import { Readable, Transform, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import yazl from 'yazl';
import { err, ok, type Result } from '../../api/result';
import { audit } from '../auth/audit';
import { isoWithOffset } from '../clock';
import { clockCheck } from '../clock-sanity';
import type { Services } from '../context';
import { isWritable, volumeSpace, type Drive } from '../drives/drive';
import { resolveDrive, resolveOnDrive } from '../drives/paths';
import { fsyncFolder, renameWithRetry, writeFileDurably } from '../files/fsutil';
import { villageReport } from '../reports/village';
import { readKiosk } from '../setup/kiosk';
import { buildBundle, deviceSigningKey, type BuiltBundle } from './build';
import type { ExportedBundle } from '../../api/transfer';
import { BUNDLE_EXTENSION } from './format';
import { bundleBaseName, desaFolder, kioskBundleBase, summaryFileName, TEMP_FILE } from './names';
import { recordExport } from './store';
import { verifyBundleFile } from './verify';

/** Where an export writes: a plugged-in drive, or (CLI) any folder standing in for one. */
export type ExportTarget = Pick<Drive, 'mountpoint' | 'readOnly' | 'freeBytes' | 'label'>;

export type ExportPhase = 'collect' | 'write' | 'verify' | 'summary';

/** Progress within a phase: statements collected, bytes zipped, bytes read back, then the summary. */
export interface ExportProgress {
  phase: ExportPhase;
  done: number;
  total: number;
}

export interface ExportOptions {
  signal?: AbortSignal;
  onProgress?: (progress: ExportProgress) => void;
  /** The operator who exports (audit log); null from the CLI. */
  actorId?: string | null;
}

/**
 * Why an export failed (`details.reason` of the error): the drive or its folder went away (`pulled`,
 * `folder_gone`), it cannot be written (`read_only`), it is full (`no_space`) or the bundle would pass FAT32's
 * 4 GiB limit (`too_large`), another write error (`write_failed`), reading it back did not give the bundle
 * that was written (`verify_failed`), the device key is not the kiosk's (`device_key`), it was cancelled, or
 * a fault of the app (`internal`, details in the log).
 */
export type ExportFailure =
  | 'pulled'
  | 'folder_gone'
  | 'read_only'
  | 'no_space'
  | 'too_large'
  | 'write_failed'
  | 'verify_failed'
  | 'device_key'
  | 'cancelled'
  | 'internal';

export type { ExportedBundle };

const MAX_FAT32_FILE = 4 * 1024 ** 3 - 1;
/** Room for the zip's own headers and for the XLSX summary, on top of the files' sizes. */
const SPACE_MARGIN = 1024 ** 2;

class ExportError extends Error {
  constructor(
    readonly reason: ExportFailure,
    message: string,
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
  }
}

/** A folder standing in for a stick (the CLI's `--to DIR`). */
export function folderTarget(dir: string): ExportTarget {
  const mountpoint = resolve(dir);
  return {
    mountpoint,
    label: basename(mountpoint) || mountpoint,
    readOnly: !isWritable(mountpoint),
    freeBytes: volumeSpace(mountpoint).freeBytes,
  };
}

function isFolder(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

/** Splits the files into 64 KiB pieces for yazl, counting bytes as yazl takes them (the progress). */
function* pieces(chunks: readonly Buffer[], onBytes: (n: number) => void): Generator<Buffer> {
  for (const chunk of chunks)
    for (let at = 0; at < chunk.length; at += 64 * 1024) {
      const piece = chunk.subarray(at, at + 64 * 1024);
      onBytes(piece.length);
      yield piece;
    }
}

/** Zips the bundle into `temp` (a new file), fsyncs and closes it. Returns its size and SHA-256. */
async function writeZip(
  temp: string,
  built: BuiltBundle,
  signal: AbortSignal | undefined,
  onBytes: (n: number) => void,
): Promise<{ size: number; sha256: string }> {
  const zip = new yazl.ZipFile();
  const mtime = new Date(Date.parse(built.manifest.createdAt));
  for (const entry of built.entries)
    zip.addReadStream(Readable.from(pieces(entry.chunks, onBytes), { objectMode: false }), entry.name, {
      mtime,
      mode: 0o100644,
      size: entry.size,
    });
  zip.end();
  const hash = createHash('sha256');
  let size = 0;
  const meter = new Transform({
    transform(chunk: Buffer, _enc, callback) {
      hash.update(chunk);
      size += chunk.length;
      callback(null, chunk);
    },
  });
  // Our own file handle, so the fsync happens before the close and a failed write cannot close it twice.
  const handle = await open(temp, 'wx');
  try {
    const sink = new Writable({
      write(chunk: Buffer, _enc, callback) {
        writeAll(handle, chunk).then(() => callback(), callback);
      },
      final(callback) {
        handle.sync().then(() => callback(), callback);
      },
    });
    await pipeline(zip.outputStream, meter, sink, { signal });
  } finally {
    await handle.close();
  }
  return { size, sha256: hash.digest('hex') };
}

async function writeAll(handle: FileHandle, chunk: Buffer): Promise<void> {
  for (let at = 0; at < chunk.length;) at += (await handle.write(chunk, at, chunk.length - at)).bytesWritten;
}

/** SHA-256 of a file as read now (from the drive, not from what we meant to write). */
async function sha256Of(file: string, signal: AbortSignal | undefined): Promise<string> {
  const hash = createHash('sha256');
  await pipeline(createReadStream(file), hash, { signal });
  return hash.digest('hex');
}

/** Temp files an earlier export left behind (power cut, stick pulled): never mistaken for a bundle, but clutter. */
function removeStaleTemps(folder: string): void {
  try {
    for (const name of readdirSync(folder))
      if (TEMP_FILE.test(name)) rmSync(join(folder, name), { force: true });
  } catch {
    // a folder that cannot be listed fails the write below with a clearer error
  }
}

function failureOf(error: unknown, target: ExportTarget, signal: AbortSignal | undefined): ExportError {
  if (error instanceof ExportError) return error;
  if (signal?.aborted) return new ExportError('cancelled', 'the export was cancelled');
  const code = (error as NodeJS.ErrnoException).code ?? '';
  const message = error instanceof Error ? error.message : String(error);
  // Only a failed system call is the drive's fault; anything else is ours.
  if ((error as NodeJS.ErrnoException).syscall === undefined && isFolder(target.mountpoint))
    return new ExportError('internal', 'the export failed inside the app; see the log');
  if (!isFolder(target.mountpoint))
    return new ExportError('pulled', 'the drive was pulled out while the bundle was written', { code });
  // Some calls answer ENOENT on a read-only stick (a recursive mkdir): ask the drive itself.
  if (!isWritable(target.mountpoint))
    return new ExportError('read_only', 'the drive cannot be written (read-only)', { code });
  switch (code) {
    case 'ENOSPC':
    case 'EDQUOT':
      return new ExportError('no_space', 'the drive is full', { code });
    case 'EFBIG':
      return new ExportError('too_large', 'the bundle is larger than the drive allows for one file', {
        code,
      });
    case 'EROFS':
    case 'EACCES':
      return new ExportError('read_only', 'the drive cannot be written (read-only)', { code });
    case 'ENOENT':
    case 'ENOTDIR':
    case 'EISDIR':
    case 'EEXIST':
      return new ExportError(
        'folder_gone',
        'the folder on the drive disappeared while the bundle was written',
        {
          code,
        },
      );
    default:
      return new ExportError('write_failed', `could not write the bundle (${code || message})`, { code });
  }
}

/**
 * Exports a result bundle onto a drive (DESIGN.md "Result bundle", docs/formats/result-bundle.md):
 * `BalaiBelajar/<desa code>/<desa>-<YYYYMMDD>-<seq>.balaibundle`, written to a temp file in the same folder,
 * fsynced, renamed, then read back from the drive and verified (signature, hashes, statements). Only then is
 * it recorded (the bundle sequence moves on) and the answer says it is safe to remove the stick. Any failure
 * removes the temp file (and a final file that did not verify) and changes nothing in the database, so the
 * next export works. An XLSX summary (one row per learner per course) is written beside the bundle.
 * Usable as a task: `signal` cancels, `onProgress` reports each phase.
 */
export async function exportBundle(
  services: Services,
  target: ExportTarget,
  options: ExportOptions = {},
): Promise<Result<ExportedBundle>> {
  const { db, clock, log } = services;
  const { signal, onProgress } = options;
  const kiosk = readKiosk(db);
  if (!kiosk) return err('NOT_SET_UP', 'the kiosk is not set up');
  if (!isFolder(target.mountpoint))
    return err('DRIVE_NOT_FOUND', 'the drive is not plugged in', {
      reason: 'pulled' satisfies ExportFailure,
    });
  if (target.readOnly || !isWritable(target.mountpoint))
    return err('CONFLICT', 'the drive is read-only (check its write-protect switch)', {
      reason: 'read_only' satisfies ExportFailure,
    });

  let temp: string | null = null;
  /** The final file once renamed into place and until it is recorded: removed if anything fails. */
  let placed: string | null = null;
  try {
    let key;
    try {
      key = deviceSigningKey(services, kiosk);
    } catch (error) {
      log.error('device key unusable for a bundle', {
        error: error instanceof Error ? error.message : String(error),
      });
      throw new ExportError('device_key', 'the device key of this kiosk cannot be used; see the log');
    }
    const createdAt = isoWithOffset(clock.now());
    const built = await buildBundle(services, kiosk, key, createdAt, {
      signal,
      onProgress: (done, total) => onProgress?.({ phase: 'collect', done, total }),
    });
    const { manifest } = built;

    const folder = desaFolder(kiosk.desa_code);
    const folderOnDrive = resolveOnDrive(target, folder);
    if (!folderOnDrive.ok)
      throw new ExportError('write_failed', `cannot write on the drive: ${folderOnDrive.reason}`);
    const base = kioskBundleBase(
      bundleBaseName(kiosk.desa_name, createdAt, manifest.bundleSeq),
      kiosk.device_id,
      (name) => existsSync(join(folderOnDrive.path, name)),
    );
    const fileName = `${base}${BUNDLE_EXTENSION}`;
    const relPath = `${folder}/${fileName}`;
    const resolved = resolveOnDrive(target, relPath);
    if (!resolved.ok) throw new ExportError('write_failed', `cannot write on the drive: ${resolved.reason}`);
    const final = resolved.path;
    mkdirSync(dirname(final), { recursive: true });
    removeStaleTemps(dirname(final));
    const needed = built.totalBytes + SPACE_MARGIN;
    if (built.totalBytes > MAX_FAT32_FILE)
      throw new ExportError(
        'too_large',
        'the bundle would be larger than 4 GiB, the most a FAT32 stick holds in one file',
      );
    const free = [target.freeBytes, volumeSpace(target.mountpoint).freeBytes].filter(
      (n): n is number => n !== null,
    );
    if (free.length > 0 && Math.min(...free) < needed)
      throw new ExportError('no_space', 'the drive does not have enough free space for the bundle', {
        neededBytes: needed,
        freeBytes: Math.min(...free),
      });

    temp = `${final}.${randomBytes(4).toString('hex')}.tmp`;
    let written = 0;
    onProgress?.({ phase: 'write', done: 0, total: built.totalBytes });
    const zipped = await writeZip(temp, built, signal, (n) => {
      written += n;
      onProgress?.({ phase: 'write', done: written, total: built.totalBytes });
    });
    signal?.throwIfAborted();
    renameWithRetry(temp, final);
    temp = null;
    placed = final;
    fsyncFolder(dirname(final));

    // Read back from the drive: what counts is what the hub will read. The file must be byte for byte what
    // was written (the zip's own headers are not signed), and verify as a bundle signed by this kiosk.
    onProgress?.({ phase: 'verify', done: 0, total: zipped.size });
    const readBack = await sha256Of(final, signal);
    if (readBack !== zipped.sha256) {
      if (!isFolder(target.mountpoint))
        throw new ExportError('pulled', 'the drive was pulled out before the bundle was checked');
      throw new ExportError(
        'verify_failed',
        'the bundle read back from the drive differs from the bytes written',
      );
    }
    const sizeBytes = zipped.size;
    const check = await verifyBundleFile(final, {
      expectedDeviceKey: kiosk.public_key,
      expectedDeviceId: kiosk.device_id,
      signal,
      onProgress: (done, total) => onProgress?.({ phase: 'verify', done, total }),
    });
    signal?.throwIfAborted();
    if (!check.ok || check.bundle.bundleSha256 !== built.bundleSha256) {
      if (!isFolder(target.mountpoint))
        throw new ExportError('pulled', 'the drive was pulled out before the bundle was checked');
      throw new ExportError(
        'verify_failed',
        `the bundle read back from the drive is not the one written: ${check.ok ? 'another manifest' : check.reason}`,
      );
    }

    db.transaction(() => {
      recordExport(db, {
        bundle_seq: manifest.bundleSeq,
        file_name: fileName,
        created_at: createdAt,
        statements: manifest.counts.statements,
        from_seq: manifest.statements.fromSeq,
        to_seq: manifest.statements.toSeq,
        manifest_sha256: built.bundleSha256,
        size_bytes: sizeBytes,
        sealed_roster: manifest.roster.personalData === 'sealed' ? 1 : 0,
      });
      audit(db, clock, {
        actorId: options.actorId ?? null,
        action: 'bundle.export',
        details: {
          bundleSeq: manifest.bundleSeq,
          statements: manifest.counts.statements,
          fromSeq: manifest.statements.fromSeq,
          toSeq: manifest.statements.toSeq,
          personalData: manifest.roster.personalData,
        },
      });
    });
    placed = null; // recorded: from here on the bundle stays whatever happens to the summary
    log.info('bundle exported', {
      bundleSeq: manifest.bundleSeq,
      statements: manifest.counts.statements,
      drive: target.label,
    });

    onProgress?.({ phase: 'summary', done: 0, total: 1 });
    const summaryName = summaryFileName(base);
    const summary = await writeSummary(services, target, `${folder}/${summaryName}`, createdAt);
    onProgress?.({ phase: 'summary', done: 1, total: 1 });
    return ok({
      bundleSeq: manifest.bundleSeq,
      path: relPath,
      fileName,
      sizeBytes,
      sha256: built.bundleSha256,
      createdAt,
      statements: {
        count: manifest.counts.statements,
        fromSeq: manifest.statements.fromSeq,
        toSeq: manifest.statements.toSeq,
      },
      learners: manifest.counts.learners,
      certificates: manifest.counts.certificates,
      personalData: manifest.roster.personalData,
      summaryPath: summary.ok ? `${folder}/${summaryName}` : null,
      summaryError: summary.ok ? null : summary.reason,
      safeToRemove: true,
    });
  } catch (error) {
    const failure = failureOf(error, target, signal);
    for (const leftover of [temp, placed])
      if (leftover)
        try {
          rmSync(leftover, { force: true });
        } catch {
          // the drive is gone: nothing more to do. Not recorded, so the next export supersedes it.
        }
    const internal = failure.reason === 'internal' || failure.reason === 'device_key';
    const detail = {
      reason: failure.reason,
      drive: target.label,
      error:
        error instanceof Error ? (internal ? (error.stack ?? error.message) : error.message) : String(error),
    };
    if (internal) log.error('bundle export failed', detail);
    else log.warn('bundle export failed', detail);
    const code = failure.reason === 'pulled' ? 'DRIVE_NOT_FOUND' : internal ? 'INTERNAL' : 'CONFLICT';
    return err(code, failure.message, { reason: failure.reason, ...failure.details });
  }
}

/** The village's XLSX (reports/xlsx.ts) beside the bundle; a failure here does not undo the export. */
async function writeSummary(
  services: Services,
  target: ExportTarget,
  relPath: string,
  generatedAt: string,
): Promise<{ ok: true } | { ok: false; reason: string }> {
  try {
    const kiosk = readKiosk(services.db)!;
    const { rows } = villageReport(services);
    // exceljs is large: it loads with the first export, not with the core.
    const { villageWorkbook } = await import('../reports/xlsx');
    const bytes = await villageWorkbook({
      kiosk,
      rows,
      jabatan: undefined,
      generatedAt,
      clockWarning: clockCheck(services).warn,
    });
    const resolved = resolveOnDrive(target, relPath);
    if (!resolved.ok) return { ok: false, reason: resolved.reason };
    writeFileDurably(resolved.path, bytes);
    return { ok: true };
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    services.log.warn('bundle summary not written', { reason });
    return { ok: false, reason };
  }
}

/**
 * Starts an export onto a plugged-in drive as a task (kind `bundle-export`): the UI polls `tasks.get` for
 * progress (message = phase) and reads the `ExportedBundle` as the task's result.
 */
export async function startBundleExport(
  services: Services,
  driveId: string,
  actorId: string | null,
): Promise<Result<{ taskId: string }>> {
  const drive = await resolveDrive(services.drives, driveId);
  if (!drive) return err('DRIVE_NOT_FOUND', 'that drive is not plugged in');
  const started = services.tasks.start('bundle-export', (task) =>
    exportBundle(services, drive, {
      signal: task.signal,
      actorId,
      onProgress: (p) => task.progress(p.done, p.total, p.phase),
    }),
  );
  if (!started.ok) return err('BUSY', 'an export is still running', { taskId: started.runningId });
  return ok({ taskId: started.id });
}
