import { execFile } from 'node:child_process';
import { basename, isAbsolute } from 'node:path';
import { promisify } from 'node:util';
import { driveId, isWritable, volumeSpace, type Drive, type DriveSource } from './drive';
import { devicesFromLsblk, LSBLK_ARGS } from './os-linux';
import { devicesFromWindows, POWERSHELL_ARGS } from './os-windows';

const run = promisify(execFile);

/** One disk as the operating system's tools describe it, before it becomes drives (one per mounted volume). */
export interface DeviceInfo {
  /** `/dev/sdb`, `\\.\PHYSICALDRIVE1` */
  device: string;
  description: string;
  size: number | null;
  isRemovable: boolean;
  isUSB: boolean;
  isSystem: boolean;
  isVirtual: boolean;
  isReadOnly: boolean;
  mountpoints: { path: string; label: string | null }[];
}

/**
 * The removable drives of this computer, asked of the operating system's own tools: `lsblk` on Linux, CIM
 * through PowerShell on Windows (no native addon, so nothing is compiled at install). Only removable or USB
 * devices that are not the system disk, not virtual, and mounted: one `Drive` per mounted volume. A stick
 * Linux did not mount is not listed.
 */
export class SystemDrives implements DriveSource {
  #pending: Promise<Drive[]> | null = null;

  /** Rejects when the system cannot be asked (lsblk or PowerShell missing, or an answer it cannot read). */
  list(): Promise<Drive[]> {
    // The UI's poll and the watcher may ask at once; one enumeration answers both.
    this.#pending ??= this.#enumerate().finally(() => {
      this.#pending = null;
    });
    return this.#pending;
  }

  async #enumerate(): Promise<Drive[]> {
    return drivesFromDevices(await systemDevices());
  }
}

/** This computer's disks, from its own tools. */
async function systemDevices(): Promise<DeviceInfo[]> {
  const options = { timeout: 15_000, maxBuffer: 4 * 1024 * 1024, windowsHide: true };
  if (process.platform === 'win32') {
    const { stdout } = await run('powershell.exe', POWERSHELL_ARGS, options);
    return devicesFromWindows(stdout.trim() === '' ? null : JSON.parse(stdout), process.env.SystemDrive);
  }
  if (process.platform === 'linux') {
    const { stdout } = await run('lsblk', LSBLK_ARGS, options);
    return devicesFromLsblk(JSON.parse(stdout));
  }
  throw new Error(`listing removable drives is not supported on ${process.platform}`);
}

/** The OS tools' devices → our drives. Exported for tests with recorded device lists. */
export function drivesFromDevices(devices: readonly DeviceInfo[]): Drive[] {
  const drives: Drive[] = [];
  for (const device of devices) {
    const removable = device.isRemovable || device.isUSB === true;
    if (!removable || device.isSystem || device.isVirtual === true) continue;
    for (const mount of device.mountpoints) {
      // lsblk also reports things like "[SWAP]"; only real folders are drives.
      if (!mount.path || !isAbsolute(mount.path)) continue;
      const space = volumeSpace(mount.path);
      drives.push({
        id: driveId('system', device.device, mount.path),
        label: mount.label?.trim() || device.description.trim() || fallbackLabel(mount.path),
        sizeBytes: device.size ?? space.totalBytes,
        freeBytes: space.freeBytes,
        mountpoint: mount.path,
        readOnly: device.isReadOnly || !isWritable(mount.path),
      });
    }
  }
  return drives;
}

/** `E:` on Windows, the folder name elsewhere: only for a person to read. */
function fallbackLabel(mountpoint: string): string {
  const letter = /^([A-Za-z]:)[\\/]?$/.exec(mountpoint);
  return letter?.[1]?.toUpperCase() ?? (basename(mountpoint) || 'USB');
}
