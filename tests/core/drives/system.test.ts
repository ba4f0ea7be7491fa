import { isAbsolute } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { devicesFromLsblk } from '../../../main/core/drives/os-linux';
import { devicesFromWindows } from '../../../main/core/drives/os-windows';
import { drivesFromDevices, SystemDrives, type DeviceInfo } from '../../../main/core/drives/system';
import { useTempDirs } from '../../helpers/core';

const temp = useTempDirs('balai-sysdrive-');

function device(over: Partial<DeviceInfo>): DeviceInfo {
  return {
    description: 'SanDisk Cruzer Blade',
    device: '/dev/sdb',
    isReadOnly: false,
    isRemovable: true,
    isSystem: false,
    isUSB: true,
    isVirtual: false,
    mountpoints: [],
    size: 16_008_609_792,
    ...over,
  };
}

const sample = (name: string): unknown =>
  JSON.parse(readFileSync(join(import.meta.dirname, '..', '..', 'fixtures', 'drives', name), 'utf8'));

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
        isUSB: false,
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

  it('Linux: lsblk on this VM (captured) has no stick; on a laptop, mounted sticks, a USB disk and an SD card', () => {
    expect(drivesFromDevices(devicesFromLsblk(sample('lsblk-2.38-vm-no-stick.json')))).toEqual([]);
    const devices = devicesFromLsblk(sample('lsblk-2.38-laptop-two-sticks.json'));
    const kept = devices
      .filter((d) => (d.isRemovable || d.isUSB) && !d.isSystem && !d.isVirtual)
      .map((d) => [d.device, d.description, d.mountpoints, d.isReadOnly]);
    expect(kept).toEqual([
      [
        '/dev/sda',
        'SanDisk Cruzer Blade',
        [{ path: '/media/operator/DATA DESA', label: 'DATA DESA' }],
        false,
      ],
      ['/dev/sdb', 'WD Elements 25A2', [{ path: '/media/operator/KABUPATEN', label: 'KABUPATEN' }], false],
      ['/dev/sdc', 'Kingston DataTraveler 2.0', [], false],
      ['/dev/mmcblk0', 'mmcblk0', [{ path: '/media/operator/KARTU', label: 'KARTU' }], true],
    ]);
    expect(devices.find((d) => d.device === '/dev/nvme0n1')).toMatchObject({
      isSystem: true,
      isRemovable: false,
    });
    expect(devices.find((d) => d.device === '/dev/loop0')).toBeUndefined(); // not a disk
    // lsblk before 2.33 printed flags as "0"/"1" and sizes as strings.
    const old = devicesFromLsblk({
      blockdevices: [
        {
          name: 'sdb',
          type: 'disk',
          rm: '1',
          ro: '0',
          tran: 'usb',
          size: '8004304896',
          label: null,
          mountpoint: '/media/usb',
        },
      ],
    });
    expect(old).toMatchObject([
      { device: '/dev/sdb', isRemovable: true, isReadOnly: false, size: 8_004_304_896 },
    ]);
  });

  it('Windows: CIM volumes by disk: USB sticks, a USB hard disk and a write-protected card; never C:', () => {
    const devices = devicesFromWindows(sample('windows-10-cim-two-sticks.json'), 'C:');
    expect(
      devices.map((d) => [d.device, d.isRemovable || d.isUSB, d.isSystem, d.isReadOnly, d.mountpoints]),
    ).toEqual([
      [
        '\\\\.\\PHYSICALDRIVE0',
        false,
        true,
        false,
        [
          { path: 'C:\\', label: null },
          { path: 'D:\\', label: 'DATA' },
        ],
      ],
      ['\\\\.\\PHYSICALDRIVE1', true, false, false, [{ path: 'E:\\', label: 'FLASHDISK' }]],
      ['\\\\.\\PHYSICALDRIVE2', true, false, false, [{ path: 'F:\\', label: 'KABUPATEN' }]],
      ['\\\\.\\PHYSICALDRIVE3', true, false, true, [{ path: 'G:\\', label: null }]],
    ]);
    // One volume: PowerShell prints one object, not an array; none: nothing.
    expect(devicesFromWindows(sample('windows-10-cim-one-stick.json'))).toMatchObject([
      {
        description: 'Kingston DataTraveler 2.0 USB Device',
        size: 8_004_304_896,
        mountpoints: [{ path: 'E:\\', label: 'BALAI' }],
      },
    ]);
    expect(devicesFromWindows(null)).toEqual([]);
  });

  it('an answer the tools never give is refused, not guessed', () => {
    expect(() => devicesFromLsblk({ devices: [] })).toThrow();
    expect(() => devicesFromWindows([{ DeviceID: 'E:' }])).toThrow();
  });
});
