import { spawnSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { probeMount } from '../../helpers/mount';
import { createBackup } from '../../../main/core/backup/create';
import { FAST_SCRYPT, setUpVillage, sticksDirFor, useTempDirs, type Village } from '../../helpers/core';
import { folderFingerprint } from './helpers';

const NO_MOUNT = probeMount();
if (NO_MOUNT) console.log(`skipping the full and read-only stick backup tests: ${NO_MOUNT}`);

describe.skipIf(NO_MOUNT !== null)(
  'backups onto a real small filesystem (tmpfs standing in for a stick)',
  () => {
    const tempDir = useTempDirs('balai-backup-stick-');
    const mounted: string[] = [];
    afterEach(() => {
      while (mounted.length) spawnSync('umount', ['-l', mounted.pop()!]);
    });

    function stick(w: Village, options: string): string {
      const mountpoint = join(sticksDirFor(w.dataDir), 'KECIL');
      mkdirSync(mountpoint, { recursive: true });
      const r = spawnSync('mount', ['-t', 'tmpfs', '-o', options, 'tmpfs', mountpoint], { encoding: 'utf8' });
      if (r.status !== 0) throw new Error(r.stderr);
      mounted.push(mountpoint);
      return mountpoint;
    }

    const backUpTo = (w: Village, mountpoint: string) =>
      createBackup(w.core.services, { drive: { mountpoint }, passphrase: w.recoveryCode, kdf: FAST_SCRYPT });

    it('a stick too full for the backup: a clear refusal and nothing left behind', async () => {
      const w = await setUpVillage(tempDir());
      const mountpoint = stick(w, 'size=16k');
      expect(await backUpTo(w, mountpoint)).toMatchObject({
        ok: false,
        error: { code: 'CONFLICT', details: { reason: 'stick_full' } },
      });
      expect(folderFingerprint(mountpoint).filter((f) => /\.(balaibackup|tmp)$/.test(f))).toEqual([]);
      w.close();
    });

    it('a read-only stick: a clear refusal', async () => {
      const w = await setUpVillage(tempDir());
      const mountpoint = stick(w, 'size=1m,ro');
      expect(await backUpTo(w, mountpoint)).toMatchObject({
        ok: false,
        error: { code: 'CONFLICT', details: { reason: 'stick_read_only' } },
      });
      expect(folderFingerprint(mountpoint)).toEqual([]);
      w.close();
    });
  },
);
