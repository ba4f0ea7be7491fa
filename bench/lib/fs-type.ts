import { readFileSync, realpathSync } from 'node:fs';

/** The filesystem type a path lives on (`ext4`, `tmpfs`, …) from /proc/mounts; fsync cost depends on it. */
export function filesystemOf(path: string): string {
  const real = realpathSync(path);
  let best = { mount: '', type: 'unknown' };
  for (const line of readFileSync('/proc/mounts', 'utf8').split('\n')) {
    const [, mount, type] = line.split(' ');
    if (!mount || !type) continue;
    const inside = real === mount || real.startsWith(mount.endsWith('/') ? mount : `${mount}/`);
    if (inside && mount.length >= best.mount.length) best = { mount, type };
  }
  return best.type;
}
