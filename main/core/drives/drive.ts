import { createHash } from 'node:crypto';
import { accessSync, constants, statfsSync } from 'node:fs';

/**
 * A mounted removable drive (a flashdisk) as the core sees it. `mountpoint` never leaves the core:
 * the UI gets a `PublicDrive` and names a drive back to the core by its `id` only.
 */
export interface Drive {
  /** Stable while the drive stays mounted at the same place; never a path (see `driveId`). */
  readonly id: string;
  /** What a person recognises: the volume label, else the device's description, else the folder name. */
  readonly label: string;
  /** Capacity in bytes, or null when the system does not say. */
  readonly sizeBytes: number | null;
  /** Free space in bytes, or null when it cannot be read. */
  readonly freeBytes: number | null;
  /** Where the drive is mounted (`E:\`, `/media/usb`, …). Core-side only. */
  readonly mountpoint: string;
  /** True when files cannot be written there (write-protect switch, read-only mount). */
  readonly readOnly: boolean;
}

/** The part of a `Drive` the UI may see: no path. */
export type PublicDrive = Omit<Drive, 'mountpoint'>;

/** Lists the drives plugged in right now. `SystemDrives` on a kiosk; `FolderDrives` in tests and browser mode. */
export interface DriveSource {
  list(): Promise<Drive[]>;
}

/** Drops the mountpoint: what the UI is sent. Built field by field, so a new core-only field never leaks. */
export function toPublicDrive(drive: Drive): PublicDrive {
  return {
    id: drive.id,
    label: drive.label,
    sizeBytes: drive.sizeBytes,
    freeBytes: drive.freeBytes,
    readOnly: drive.readOnly,
  };
}

/**
 * A short opaque id for a drive mounted at a place: base64url of the first 12 bytes of
 * SHA-256(kind, device, mountpoint). The same stick at the same mountpoint keeps its id across polls
 * and restarts; the UI cannot turn it back into a path.
 */
export function driveId(kind: string, device: string, mountpoint: string): string {
  return createHash('sha256')
    .update(`${kind}\0${device}\0${mountpoint}`)
    .digest()
    .subarray(0, 12)
    .toString('base64url');
}

/** Total and free bytes of the filesystem holding `path`, or nulls when statfs fails or is not supported. */
export function volumeSpace(path: string): { totalBytes: number | null; freeBytes: number | null } {
  try {
    const s = statfsSync(path);
    return { totalBytes: s.blocks * s.bsize, freeBytes: s.bavail * s.bsize };
  } catch {
    return { totalBytes: null, freeBytes: null };
  }
}

/** Whether the current user may write into `dir` (a read-only mount answers EROFS even for root). */
export function isWritable(dir: string): boolean {
  try {
    accessSync(dir, constants.W_OK);
    return true;
  } catch {
    return false;
  }
}
