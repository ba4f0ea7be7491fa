import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * A real small filesystem to fill up or turn read-only needs `mount` (root in a container, as on CI).
 * Null when a tmpfs can be mounted here, else the reason it cannot (the tests skip and print it).
 */
export function probeMount(): string | null {
  const dir = mkdtempSync(join(tmpdir(), 'balai-mount-probe-'));
  try {
    const mounted = spawnSync('mount', ['-t', 'tmpfs', '-o', 'size=64k', 'tmpfs', dir], { encoding: 'utf8' });
    if (mounted.status !== 0)
      return `cannot mount a tmpfs here (${(mounted.stderr || mounted.error?.message || '').trim()})`;
    spawnSync('umount', [dir]);
    return null;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
