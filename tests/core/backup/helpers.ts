import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { createBackup, type BackupDone, type CreateBackupOptions } from '../../../main/core/backup/create';
import { sql } from '../../../main/core/db/sql';
import { FAST_SCRYPT, sticksDirFor, type TestKiosk } from '../../helpers/core';

/** A folder standing in for a flashdisk beside the data folder. */
export function stickFor(w: TestKiosk, name = 'FLASHDISK'): string {
  const stick = join(sticksDirFor(w.dataDir), name);
  mkdirSync(stick, { recursive: true });
  return stick;
}

/** A backup with the test's cheap scrypt; fails the test if refused. */
export async function backUp(
  w: TestKiosk,
  passphrase: string,
  extra: Partial<CreateBackupOptions> = {},
): Promise<BackupDone> {
  const result = await createBackup(w.core.services, {
    drive: { mountpoint: stickFor(w) },
    passphrase,
    kdf: FAST_SCRYPT,
    ...extra,
  });
  if (!result.ok) throw new Error(`backup failed: ${result.error.code} ${result.error.message}`);
  return result.value;
}

/** Every file under `dir` with its size and SHA-256 (empty when `dir` does not exist): equal means untouched. */
export function folderFingerprint(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .map((e) => join(e.parentPath, e.name))
    .sort()
    .map((path) => {
      const rel = relative(dir, path);
      if (!statSync(path).isFile()) return `${rel}/`;
      return `${rel} ${createHash('sha256').update(readFileSync(path)).digest('hex')}`;
    });
}

/** The outbox as recorded: sequence, id and the statement bytes. */
export function outbox(w: TestKiosk): { seq: number; id: string; statement: string }[] {
  return w.core.services.db.all(sql`SELECT seq, id, statement FROM outbox ORDER BY seq`);
}

export function counters(w: TestKiosk): Record<string, number> {
  return Object.fromEntries(
    w.core.services.db
      .all<{ name: string; value: number }>(sql`SELECT name, value FROM counters ORDER BY name`)
      .map((r) => [r.name, r.value]),
  );
}
