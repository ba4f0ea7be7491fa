import { z } from 'zod';
import type { DeviceInfo } from './system';

/**
 * Linux: block devices from util-linux's `lsblk` (every distribution has it). One call,
 * JSON, sizes in bytes, the tree of disks and their partitions.
 */
export const LSBLK_ARGS = [
  '--json',
  '--bytes',
  '--output',
  'NAME,PATH,TYPE,RM,HOTPLUG,TRAN,RO,SIZE,LABEL,MOUNTPOINT,VENDOR,MODEL',
];

// lsblk < 2.33 prints booleans as "0"/"1" and sizes as strings; newer ones as true/false and numbers.
const flag = z
  .union([z.boolean(), z.string(), z.number(), z.null()])
  .transform((v) => v === true || v === '1' || v === 1);
const size = z
  .union([z.number(), z.string(), z.null()])
  .transform((v) => (v === null || v === '' ? null : Number(v)));
const text = z
  .string()
  .nullish()
  .transform((v) => v?.trim() || null);

interface LsblkNode {
  name: string;
  path?: string | null;
  type: string;
  rm: boolean;
  hotplug: boolean;
  tran: string | null;
  ro: boolean;
  size: number | null;
  label: string | null;
  mountpoint: string | null;
  vendor: string | null;
  model: string | null;
  children?: LsblkNode[];
}

const node: z.ZodType<LsblkNode, unknown> = z.lazy(() =>
  z.object({
    name: z.string(),
    path: z.string().nullish(),
    type: z.string(),
    rm: flag,
    hotplug: flag.optional().transform((v) => v ?? false),
    tran: text,
    ro: flag,
    size,
    label: text,
    mountpoint: text,
    vendor: text.optional().transform((v) => v ?? null),
    model: text.optional().transform((v) => v ?? null),
    children: z.array(node).optional(),
  }),
);

const lsblkSchema = z.object({ blockdevices: z.array(node) });

/** Folders that make a disk the system's own: a stick holding one is a live system, never a "stick". */
const SYSTEM_MOUNTS = /^\/(boot(\/.*)?|usr|var|home)?$/;

/** `lsblk --json` → devices: one per disk, its partitions' mount points with their labels. */
export function devicesFromLsblk(json: unknown): DeviceInfo[] {
  const parsed = lsblkSchema.parse(json);
  const devices: DeviceInfo[] = [];
  for (const disk of parsed.blockdevices) {
    if (disk.type !== 'disk') continue;
    const all = [disk, ...descendants(disk)];
    const mountpoints = all
      .filter((n) => n.mountpoint !== null)
      .map((n) => ({ path: n.mountpoint!, label: n.label }));
    devices.push({
      device: disk.path ?? `/dev/${disk.name}`,
      description: [disk.vendor, disk.model].filter(Boolean).join(' ') || disk.name,
      size: disk.size,
      // An SD card in a laptop's own reader says neither rm nor hotplug; an eMMC system disk is caught by its mounts.
      isRemovable: disk.rm || disk.hotplug || disk.name.startsWith('mmcblk'),
      isUSB: disk.tran === 'usb',
      isSystem: mountpoints.some((m) => SYSTEM_MOUNTS.test(m.path)),
      isVirtual: /^(loop|zram|ram|nbd|dm-)/.test(disk.name),
      isReadOnly: disk.ro,
      mountpoints,
    });
  }
  return devices;
}

function descendants(n: LsblkNode): LsblkNode[] {
  return (n.children ?? []).flatMap((c) => [c, ...descendants(c)]);
}
