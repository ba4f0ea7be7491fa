import { readdirSync, realpathSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { driveId, isWritable, volumeSpace, type Drive, type DriveSource } from './drive';

/**
 * Stand-in drives for browser mode and tests (`balai serve --drives DIR`, `BALAI_DRIVES_DIR`): every
 * sub-folder of `dir` is a plugged-in drive named after the folder. Making a folder plugs a drive in;
 * deleting it pulls the drive. Hidden folders (`.name`) and links are not drives.
 */
export class FolderDrives implements DriveSource {
  readonly dir: string;

  constructor(dir: string) {
    this.dir = resolve(dir);
  }

  /** No drives (not an error) while `dir` does not exist, as on a kiosk with nothing plugged in. */
  list(): Promise<Drive[]> {
    let root: string;
    let names: string[];
    try {
      root = realpathSync(this.dir);
      names = readdirSync(root, { withFileTypes: true })
        .filter((e) => e.isDirectory() && !e.name.startsWith('.'))
        .map((e) => e.name)
        .sort();
    } catch {
      return Promise.resolve([]);
    }
    const space = volumeSpace(root);
    return Promise.resolve(
      names.map((name) => {
        const mountpoint = join(root, name);
        return {
          id: driveId('folder', root, mountpoint),
          label: name,
          sizeBytes: space.totalBytes,
          freeBytes: space.freeBytes,
          mountpoint,
          readOnly: !isWritable(mountpoint),
        };
      }),
    );
  }
}
