import { basename, isAbsolute } from 'node:path';
import type { Drive as DeviceInfo } from 'drivelist';
import { driveId, isWritable, volumeSpace, type Drive, type DriveSource } from './drive';

/**
 * The removable drives of this computer, from balena's `drivelist` (Windows and macOS: its Node-API
 * addon; Linux: `lsblk`). Only removable or USB devices that are not the system disk, not virtual, and
 * mounted: one `Drive` per mounted volume. A stick Linux did not mount is not listed.
 */
export class SystemDrives implements DriveSource {
  #pending: Promise<Drive[]> | null = null;

  /** Rejects when the system cannot be asked (lsblk missing, addon not loadable). */
  list(): Promise<Drive[]> {
    // The UI's poll and the watcher may ask at once; one enumeration answers both.
    this.#pending ??= this.#enumerate().finally(() => {
      this.#pending = null;
    });
    return this.#pending;
  }

  async #enumerate(): Promise<Drive[]> {
    // Loaded on first use: the native addon is only touched on a kiosk that asks for drives.
    const drivelist = await import('drivelist');
    return drivesFromDevices(await drivelist.list());
  }
}

/** drivelist's answer → our drives. Exported for tests with recorded device lists. */
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
