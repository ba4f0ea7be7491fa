import { z } from 'zod';
import type { DeviceInfo } from './system';

/**
 * Windows: volumes with their physical disks from CIM (WMI), through the PowerShell every Windows 10/11 has:
 * each logical disk (a drive letter) with the disk it lives on (interface USB, media "Removable Media" or
 * "External hard disk media"), as JSON. No native addon, nothing to compile.
 */
export const POWERSHELL_SCRIPT = [
  '$ErrorActionPreference = "Stop"',
  '$out = foreach ($d in Get-CimInstance Win32_DiskDrive) {',
  '  foreach ($p in Get-CimAssociatedInstance -InputObject $d -ResultClassName Win32_DiskPartition) {',
  '    foreach ($l in Get-CimAssociatedInstance -InputObject $p -ResultClassName Win32_LogicalDisk) {',
  '      [pscustomobject]@{ Disk = $d.DeviceID; Model = $d.Model; InterfaceType = $d.InterfaceType;',
  '        MediaType = $d.MediaType; DiskSize = $d.Size; DeviceID = $l.DeviceID; DriveType = $l.DriveType;',
  '        VolumeName = $l.VolumeName; Size = $l.Size; Access = $l.Access }',
  '    }',
  '  }',
  '}',
  '@($out) | ConvertTo-Json -Compress',
].join('\n');

export const POWERSHELL_ARGS = [
  '-NoProfile',
  '-NonInteractive',
  '-ExecutionPolicy',
  'Bypass',
  '-Command',
  POWERSHELL_SCRIPT,
];

const num = z
  .union([z.number(), z.string(), z.null()])
  .optional()
  .transform((v) => (v === null || v === undefined || v === '' ? null : Number(v)));
const text = z
  .string()
  .nullish()
  .transform((v) => v?.trim() || null);

const volumeSchema = z.object({
  Disk: z.string(),
  Model: text,
  InterfaceType: text,
  MediaType: text,
  DiskSize: num,
  DeviceID: z.string(),
  DriveType: num,
  VolumeName: text,
  Size: num,
  Access: num,
});

/** Win32_LogicalDisk.DriveType 2: removable disk (a stick, a card). */
const REMOVABLE = 2;

/**
 * The PowerShell answer (one object, an array, or nothing) → devices: one per physical disk, its drive letters
 * as mount points (`E:\`). The disk holding `systemDrive` (`C:`) is the system's.
 */
export function devicesFromWindows(json: unknown, systemDrive = 'C:'): DeviceInfo[] {
  const rows = z
    .array(volumeSchema)
    .parse(json === null || json === '' ? [] : Array.isArray(json) ? json : [json]);
  const byDisk = new Map<string, z.infer<typeof volumeSchema>[]>();
  for (const row of rows) byDisk.set(row.Disk, [...(byDisk.get(row.Disk) ?? []), row]);
  const system = systemDrive.toUpperCase();
  return [...byDisk].map(([disk, volumes]) => {
    const first = volumes[0]!;
    const usb = first.InterfaceType?.toUpperCase() === 'USB';
    const media = first.MediaType?.toLowerCase() ?? '';
    return {
      device: disk,
      description: first.Model ?? disk,
      size: first.DiskSize,
      isRemovable: volumes.some((v) => v.DriveType === REMOVABLE) || /removable|external/.test(media),
      isUSB: usb,
      isSystem: volumes.some((v) => v.DeviceID.toUpperCase() === system),
      isVirtual: /virtual/i.test(first.Model ?? ''),
      // Access 1 = readable only (a write-protected card).
      isReadOnly: volumes.every((v) => v.Access === 1),
      mountpoints: volumes.map((v) => ({ path: `${v.DeviceID.toUpperCase()}\\`, label: v.VolumeName })),
    };
  });
}
