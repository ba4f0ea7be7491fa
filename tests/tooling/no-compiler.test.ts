import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../helpers/external-content';

interface LockEntry {
  optional?: boolean;
  hasInstallScript?: boolean;
  gypfile?: boolean;
}

const lock = JSON.parse(readFileSync(join(REPO_ROOT, 'package-lock.json'), 'utf8')) as {
  packages: Record<string, LockEntry>;
};

/**
 * `npm ci` must never compile (a village PC or CI has no compiler, and node-gyp fetches Node headers from the
 * internet). npm installs from the lockfile, whose entries lack a package's `gypfile: false`: so a package
 * with a binding.gyp and no install script (better-sqlite3, which ships prebuilt binaries) is built with
 * `node-gyp rebuild` anyway. The lock entry carries `"gypfile": false` for it; `npm install` drops that field
 * when it rewrites the lock, and then this test says so. `.ci/run` runs `npm ci` with the compilers hidden.
 */
describe('npm ci needs no compiler', () => {
  const native = Object.entries(lock.packages).filter(
    ([path, entry]) => path !== '' && !entry.optional && existsSync(join(REPO_ROOT, path, 'binding.gyp')),
  );

  it('finds the packages with native sources (better-sqlite3 among them), and drivelist is gone', () => {
    expect(native.map(([path]) => path)).toContain('node_modules/better-sqlite3');
    expect(lock.packages['node_modules/drivelist']).toBeUndefined();
  });

  it.each(native.map(([path, entry]) => [path, entry] as const))(
    '%s ships prebuilt binaries and its lock entry stops the implicit node-gyp build',
    (path, entry) => {
      expect(existsSync(join(REPO_ROOT, path, 'prebuilds')), `${path} has no prebuilt binaries`).toBe(true);
      expect(entry.hasInstallScript ?? false, `${path} runs an install script`).toBe(false);
      expect(
        entry.gypfile,
        `${path}: add "gypfile": false to its entry in package-lock.json again (npm install drops it)`,
      ).toBe(false);
    },
  );
});
