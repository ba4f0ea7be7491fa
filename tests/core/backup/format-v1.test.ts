import { createPublicKey } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { inspectBackup } from '../../../main/core/backup/inspect';
import { restoreBackup } from '../../../main/core/backup/restore';
import { publicKeyRaw } from '../../../main/core/crypto/keys';
import { sql } from '../../../main/core/db/sql';
import { readSettings } from '../../../main/core/settings/settings';
import { DEVICE_KEY_FILE } from '../../../main/core/setup/setup';
import { readKiosk } from '../../../main/core/setup/kiosk';
import { openTestCore, useTempDirs } from '../../helpers/core';
import { outbox } from './helpers';

const DIR = resolve(import.meta.dirname, '..', '..', 'fixtures', 'formats', 'backup-v1');

interface Expected {
  passphrases: Record<string, string>;
  deviceId: string;
  desaCode: string;
  publicKey: string;
  schemaVersion: number;
  learners: { id: string; name: string }[];
  certificate: string;
  counters: Record<string, number>;
  lastStatementId: string;
  idleMinutes: number;
}
const expected = JSON.parse(readFileSync(join(DIR, 'expected.json'), 'utf8')) as Expected;

describe('backup format v1: the fixtures made on 2026-11-02 still restore', () => {
  const tempDir = useTempDirs('balai-backup-v1-');

  it.each(Object.keys(expected.passphrases))('%s', async (name) => {
    const file = join(DIR, name);
    // Recovery codes open in any spelling; a chosen passphrase only exactly as chosen.
    const passphrase = name.includes('recovery')
      ? expected.passphrases[name]!.toLowerCase().replaceAll('-', '')
      : expected.passphrases[name]!;
    expect(await inspectBackup(file)).toMatchObject({
      ok: true,
      value: {
        header: {
          formatVersion: 1,
          deviceId: expected.deviceId,
          desaCode: expected.desaCode,
          schemaVersion: expected.schemaVersion,
          kdf: { name: 'scrypt', N: 2 ** 17, r: 8, p: 1 },
        },
      },
    });
    expect(await restoreBackup(file, join(tempDir(), 'x'), 'Cadangan Desa Adisana 2025')).toMatchObject({
      ok: false,
      error: { details: { reason: 'wrong_passphrase_or_damaged' } },
    });

    const dataDir = join(tempDir(), 'kiosk');
    const restored = await restoreBackup(file, dataDir, passphrase);
    expect(restored).toMatchObject({
      ok: true,
      value: {
        deviceId: expected.deviceId,
        counters: expected.counters,
        coursesToReinstall: expect.arrayContaining([
          expect.objectContaining({ id: 'uji-sertifikat' }),
        ]) as unknown,
      },
    });
    const keyPem = readFileSync(join(dataDir, DEVICE_KEY_FILE), 'utf8');
    expect(publicKeyRaw(createPublicKey(keyPem).export({ type: 'spki', format: 'pem' }).toString())).toBe(
      expected.publicKey,
    );
    // The v1 backup carries a trusted publisher key: it is named, never restored (trust comes from resources).
    expect(existsSync(join(dataDir, 'keys'))).toBe(false);

    // Today's app opens it (migrating the schema forward) and carries on as the same kiosk.
    const k = openTestCore(dataDir);
    try {
      await k.core.prepare();
      const db = k.core.services.db;
      expect(readKiosk(db)).toMatchObject({ device_id: expected.deviceId, desa_code: expected.desaCode });
      expect(
        db.all<{ id: string; name: string }>(
          sql`SELECT id, full_name AS name FROM accounts ORDER BY full_name`,
        ),
      ).toEqual(expected.learners);
      expect(db.get(sql`SELECT number FROM certificates`)).toEqual({ number: expected.certificate });
      expect(readSettings(db).idleMinutes).toBe(expected.idleMinutes);
      const before = outbox(k);
      expect(before.at(-1)).toMatchObject({
        seq: expected.counters.statement_seq,
        id: expected.lastStatementId,
      });
      expect(before).toHaveLength(expected.counters.statement_seq!);
      const joko = expected.learners.find((l) => l.name === 'Joko Prasetyo')!;
      const token = k.core.newSession();
      await k.must(token, 'auth.login', { accountId: joko.id, pin: '222222' });
      // A built-in course (back after start) and the next statement continues the kiosk's sequence.
      await k.must(token, 'lessons.open', { courseId: 'mengenal-apbdes', lessonId: 'apa-itu-apbdes' });
      const after = outbox(k);
      expect(after[before.length]?.seq).toBe(before.length + 1);
      expect(after.at(-1)!.statement).toContain(expected.deviceId);
    } finally {
      k.close();
    }
  });
});
