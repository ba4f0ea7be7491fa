import { isAbsolute } from 'node:path';
import type { Drive as DeviceInfo } from 'drivelist';
import { describe, expect, it } from 'vitest';
import { drivesFromDevices, SystemDrives } from '../../../main/core/drives/system';
import { useTempDirs } from '../../helpers/core';

const temp = useTempDirs('balai-sysdrive-');

function device(over: Partial<DeviceInfo>): DeviceInfo {
  return {
    blockSize: 512,
    busType: 'USB',
    busVersion: null,
    description: 'SanDisk Cruzer Blade',
    device: '/dev/sdb',
    devicePath: null,
    enumerator: 'lsblk:json',
    error: null,
    isCard: null,
    isReadOnly: false,
    isRemovable: true,
    isSCSI: false,
    isSystem: false,
    isUAS: null,
    isUSB: true,
    isVirtual: false,
    logicalBlockSize: 512,
    mountpoints: [],
    raw: '/dev/sdb',
    size: 16_008_609_792,
    partitionTableType: 'mbr',
    ...over,
  };
}

describe('SystemDrives', () => {
  it('lists this computer’s removable drives for real without throwing (often none here)', async () => {
    const drives = await new SystemDrives().list();
    expect(Array.isArray(drives)).toBe(true);
    for (const d of drives) {
      expect(d.id).toMatch(/^[A-Za-z0-9_-]{16}$/);
      expect(d.label.length).toBeGreaterThan(0);
      expect(isAbsolute(d.mountpoint)).toBe(true);
      expect(d.sizeBytes === null || d.sizeBytes > 0).toBe(true);
      expect(d.freeBytes === null || d.freeBytes >= 0).toBe(true);
      expect(typeof d.readOnly).toBe('boolean');
    }
    // Asked twice at once: one enumeration, the same answer.
    const source = new SystemDrives();
    const [a, b] = await Promise.all([source.list(), source.list()]);
    expect(a).toBe(b);
  });

  it('keeps mounted removable volumes and drops the system disk, virtual and unmounted devices', () => {
    const mount = temp();
    const drives = drivesFromDevices([
      device({ mountpoints: [{ path: mount, label: 'DATA DESA' }] }),
      device({
        device: '/dev/vda',
        isSystem: true,
        isRemovable: false,
        isUSB: null,
        mountpoints: [{ path: '/', label: null }],
      }),
      device({ device: '/dev/zram0', isVirtual: true, mountpoints: [{ path: mount, label: null }] }),
      device({ device: '/dev/sdc', mountpoints: [] }),
      device({ device: '/dev/sdd', mountpoints: [{ path: '[SWAP]', label: null }] }),
      device({
        device: '/dev/sde',
        isRemovable: false,
        isUSB: false,
        mountpoints: [{ path: mount, label: 'HDD' }],
      }),
    ]);
    expect(drives).toHaveLength(1);
    expect(drives[0]).toMatchObject({
      label: 'DATA DESA',
      sizeBytes: 16_008_609_792,
      mountpoint: mount,
      readOnly: false,
    });
    expect(drives[0]!.freeBytes).toBeGreaterThanOrEqual(0);
  });

  it('names a volume without a label by the device, and keeps ids apart per volume', () => {
    const [a, b] = [temp(), temp()];
    const drives = drivesFromDevices([
      device({
        isReadOnly: true,
        size: null,
        mountpoints: [
          { path: a, label: null },
          { path: b, label: '  ' },
        ],
      }),
    ]);
    expect(drives.map((d) => d.label)).toEqual(['SanDisk Cruzer Blade', 'SanDisk Cruzer Blade']);
    expect(drives[0]!.id).not.toBe(drives[1]!.id);
    expect(drives.every((d) => d.readOnly)).toBe(true);
    // No size from the device: the volume's own size.
    expect(drives[0]!.sizeBytes).toBeGreaterThan(0);
    expect(drivesFromDevices([device({ mountpoints: [{ path: a, label: null }] })])[0]!.id).toBe(
      drives[0]!.id,
    );
  });
});
