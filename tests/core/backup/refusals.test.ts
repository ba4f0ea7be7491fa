import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createBackup } from '../../../main/core/backup/create';
import {
  BACKUP_MAGIC,
  passphraseBytes,
  sealBackup,
  type HeaderFields,
} from '../../../main/core/backup/format';
import {
  inspectBackup,
  listBackupsOnDrive,
  openAndCheck,
  readBackupHeader,
} from '../../../main/core/backup/inspect';
import { fileEntry, MAX_UNPACKED_BYTES, zipPayload } from '../../../main/core/backup/payload';
import { restoreBackup } from '../../../main/core/backup/restore';
import { FAST_SCRYPT, openTestCore, setUpVillage, useTempDirs } from '../../helpers/core';
import { claimSizes, deflatedZeros, rawZip, type ZipItem } from '../packages/fixtures';
import { backUp, folderFingerprint, stickFor } from './helpers';

describe('backups refuse what they must', () => {
  const tempDir = useTempDirs('balai-backup-refuse-');

  it('a wrong passphrase or any changed byte fails cleanly, and nothing is written in the target', async () => {
    const w = await setUpVillage(tempDir());
    await w.addLearner('Citra Ketiga', '405162');
    const done = await backUp(w, w.recoveryCode);
    const good = readFileSync(done.file);
    const headerLength = good.readUInt32BE(BACKUP_MAGIC.length);
    const headerEnd = BACKUP_MAGIC.length + 4 + headerLength;
    const headerText = good.subarray(BACKUP_MAGIC.length + 4, headerEnd).toString('utf8');

    // A fresh installation at the set-up screen, and a folder that does not exist yet.
    const atSetUp = tempDir();
    const fresh = openTestCore(atSetUp);
    await fresh.core.prepare();
    fresh.close();
    const untouched = folderFingerprint(atSetUp);
    const missing = join(tempDir(), 'baru');

    const attempt = async (bytes: Buffer, passphrase = w.recoveryCode) => {
      const file = join(stickFor(w), 'uji.balaibackup');
      writeFileSync(file, bytes);
      const results = [
        await restoreBackup(file, atSetUp, passphrase),
        await restoreBackup(file, missing, passphrase),
      ];
      expect(folderFingerprint(atSetUp)).toEqual(untouched);
      expect(folderFingerprint(missing)).toEqual([]);
      return results.map((r) => (r.ok ? 'restored' : `${r.error.code} ${String(r.error.details?.reason)}`));
    };
    const wrong = 'INVALID_CONTENT wrong_passphrase_or_damaged';

    expect(await attempt(good, 'salah-salah-salah')).toEqual([wrong, wrong]);
    // Another recovery code of the same shape.
    expect(await attempt(good, '2222-3333-4444-5555')).toEqual([wrong, wrong]);

    const flip = (at: number) => {
      const bytes = Buffer.from(good);
      bytes.writeUInt8(bytes.readUInt8(at) ^ 0x01, at);
      return bytes;
    };
    // The device id in the clear header: still a valid header, but the tag covers it.
    const inDeviceId = BACKUP_MAGIC.length + 4 + headerText.indexOf(done.deviceId) + 3;
    expect(await attempt(flip(inDeviceId))).toEqual([wrong, wrong]);
    expect(await attempt(flip(headerEnd + 10))).toEqual([wrong, wrong]);
    expect(await attempt(flip(Math.floor((headerEnd + good.length) / 2)))).toEqual([wrong, wrong]);
    expect(await attempt(flip(good.length - 1))).toEqual([wrong, wrong]);
    expect(await attempt(flip(2))).toEqual(['INVALID_CONTENT not_a_backup', 'INVALID_CONTENT not_a_backup']);
    expect(await attempt(good.subarray(0, good.length - 100))).toEqual([
      'INVALID_CONTENT truncated',
      'INVALID_CONTENT truncated',
    ]);
    expect(await attempt(Buffer.concat([good, Buffer.from('x')]))).toEqual([
      'INVALID_CONTENT damaged',
      'INVALID_CONTENT damaged',
    ]);
    // The untouched file still restores.
    expect(await restoreBackup(done.file, missing, w.recoveryCode)).toMatchObject({ ok: true });
  });

  it('passphrases: the recovery code in any spelling, or a chosen one of 8+ characters exactly as typed', async () => {
    const w = await setUpVillage(tempDir());
    const tryCreate = (passphrase: string) =>
      createBackup(w.core.services, { drive: { mountpoint: stickFor(w) }, passphrase, kdf: FAST_SCRYPT });
    expect(await tryCreate('pendek')).toMatchObject({
      ok: false,
      error: { code: 'BAD_INPUT', details: { reason: 'passphrase_too_short' } },
    });
    // Shaped like a recovery code but not this kiosk's: refused, never sealed with a typo.
    expect(await tryCreate('2222-3333-4444-5555')).toMatchObject({
      ok: false,
      error: { code: 'WRONG_RECOVERY_CODE', details: { reason: 'not_this_recovery_code' } },
    });
    expect(folderFingerprint(stickFor(w))).toEqual([]);

    const chosen = await backUp(w, 'Sawah Hijau 2026');
    expect(chosen.passphrase).toBe('chosen');
    expect(readBackupHeader(chosen.file)).toMatchObject({
      ok: true,
      value: { header: { passphrase: 'chosen' } },
    });
    const byCode = await backUp(w, ` ${w.recoveryCode.toLowerCase()} `);
    expect(byCode.passphrase).toBe('recovery-code');
    expect(byCode.file).not.toBe(chosen.file); // same minute: a second name, not an overwrite

    const restore = async (file: string, passphrase: string) =>
      (await restoreBackup(file, join(tempDir(), 'pc'), passphrase)).ok;
    expect(await restore(chosen.file, 'sawah hijau 2026')).toBe(false);
    expect(await restore(chosen.file, 'Sawah Hijau 2026')).toBe(true);
    expect(await restore(byCode.file, w.recoveryCode.replaceAll('-', ' '))).toBe(true);
  });

  it('inspect shows whose backup it is without the passphrase, and checks it all with it; a stick lists its backups', async () => {
    const w = await setUpVillage(tempDir());
    const done = await backUp(w, w.recoveryCode);
    const header = await inspectBackup(done.file);
    expect(header).toMatchObject({
      ok: true,
      value: {
        header: {
          formatVersion: 1,
          deviceId: done.deviceId,
          desaCode: '33.02.05.2001',
          desaName: 'Adisana',
          appVersion: '0.0.0-test',
          createdAt: done.createdAt,
          kdf: { name: 'scrypt', N: FAST_SCRYPT.N },
          cipher: { name: 'aes-256-gcm' },
        },
      },
    });
    expect(header.ok && header.value.contents).toBeUndefined();
    expect(await inspectBackup(done.file, w.recoveryCode)).toMatchObject({
      ok: true,
      value: {
        contents: {
          counts: { accounts: 1 },
          files: [{ path: 'database.sqlite' }, { path: 'device-key.pem' }],
        },
      },
    });
    expect(await inspectBackup(done.file, 'bukan-kata-sandinya')).toMatchObject({
      ok: false,
      error: { details: { reason: 'wrong_passphrase_or_damaged' } },
    });
    expect(await listBackupsOnDrive({ mountpoint: stickFor(w) })).toEqual([
      {
        path: done.path,
        sizeBytes: done.sizeBytes,
        header: expect.objectContaining({ deviceId: done.deviceId }) as unknown,
        problem: null,
      },
    ]);
  });

  it('a backup from a newer app (higher database schema) is refused with a reason', async () => {
    const w = await setUpVillage(tempDir());
    const done = await backUp(w, w.recoveryCode);
    const opened = await openAndCheck(readFileSync(done.file), w.recoveryCode);
    if (!opened.ok) throw new Error(opened.error.message);
    const { header, manifest, parts } = opened.value;
    const payload = await zipPayload(parts, { ...manifest, schemaVersion: 999 }, new Date());
    const resealed = await sealBackup(
      {
        createdAt: header.createdAt,
        appVersion: header.appVersion,
        schemaVersion: 999,
        deviceId: header.deviceId,
        desaCode: header.desaCode,
        desaName: header.desaName,
        kecamatanName: header.kecamatanName,
        kabupatenName: header.kabupatenName,
        provinsiName: header.provinsiName,
        passphrase: header.passphrase,
      },
      payload,
      passphraseBytes('recovery-code', w.recoveryCode),
      FAST_SCRYPT,
    );
    const file = join(stickFor(w), 'dari-masa-depan.balaibackup');
    writeFileSync(file, resealed.bytes);
    const target = join(tempDir(), 'pc');
    expect(await restoreBackup(file, target, w.recoveryCode)).toMatchObject({
      ok: false,
      error: { code: 'INVALID_CONTENT', details: { reason: 'newer_app' } },
    });
    expect(folderFingerprint(target)).toEqual([]);
  });

  it('a sealed payload holding a symlink, or unpacking to more than the limit, is refused before anything is inflated or written', async () => {
    const w = await setUpVillage(tempDir());
    const done = await backUp(w, w.recoveryCode);
    const opened = await openAndCheck(readFileSync(done.file), w.recoveryCode);
    if (!opened.ok) throw new Error(opened.error.message);
    const { header, manifest, parts } = opened.value;
    /** The parts plus `extra`, listed in the manifest, sealed with the recovery code as a forger who knows it would. */
    const sealWith = async (extra: ZipItem, edit: (zip: Buffer) => Buffer = (z) => z) => {
      const items: ZipItem[] = [...[...parts].map(([name, data]) => ({ name, data })), extra];
      const listed = { ...manifest, files: items.map((i) => fileEntry(String(i.name), i.data)) };
      const zip = edit(
        rawZip([...items, { name: 'manifest.json', data: Buffer.from(JSON.stringify(listed)) }]),
      );
      const fields: HeaderFields = {
        createdAt: header.createdAt,
        appVersion: header.appVersion,
        schemaVersion: header.schemaVersion,
        deviceId: header.deviceId,
        desaCode: header.desaCode,
        desaName: header.desaName,
        kecamatanName: header.kecamatanName,
        kabupatenName: header.kabupatenName,
        provinsiName: header.provinsiName,
        passphrase: header.passphrase,
      };
      const sealed = await sealBackup(
        fields,
        zip,
        passphraseBytes('recovery-code', w.recoveryCode),
        FAST_SCRYPT,
      );
      const file = join(stickFor(w), 'palsu.balaibackup');
      writeFileSync(file, sealed.bytes);
      const target = join(tempDir(), 'pc');
      const result = await restoreBackup(file, target, w.recoveryCode);
      expect(existsSync(target)).toBe(false);
      return result.ok ? 'restored' : result.error.message;
    };
    expect(
      await sealWith({ name: 'keys/publishers/x.json', data: Buffer.from('/etc/passwd'), mode: 0o120777 }),
    ).toBe('backup contents unreadable: symbolic link keys/publishers/x.json');
    // 1.5 GiB of zeros in 1.5 MB: refused by its declared size; it used to be inflated into memory first.
    const bomb = deflatedZeros(1536);
    expect(
      await sealWith({ name: 'keys/bom.json', data: bomb.body }, (zip) =>
        claimSizes(zip, 'keys/bom.json', {
          compressed: bomb.body.length,
          uncompressed: bomb.size,
          deflatedWithCrc: bomb.crc,
        }),
      ),
    ).toBe(`backup contents unreadable: unpacks to more than ${MAX_UNPACKED_BYTES} bytes`);
  });

  it('a sealed backup whose database is another kiosk is refused after staging, and the folder is as it was', async () => {
    const a = await setUpVillage(tempDir());
    const b = await setUpVillage(tempDir());
    const fromA = await openAndCheck(readFileSync((await backUp(a, a.recoveryCode)).file), a.recoveryCode);
    const fromB = await openAndCheck(readFileSync((await backUp(b, b.recoveryCode)).file), b.recoveryCode);
    if (!fromA.ok || !fromB.ok) throw new Error('backups did not open');
    const parts = new Map(fromA.value.parts);
    parts.set('database.sqlite', fromB.value.parts.get('database.sqlite')!);
    const manifest = {
      ...fromA.value.manifest,
      files: [...parts].map(([path, data]) => fileEntry(path, data)),
    };
    const { header } = fromA.value;
    const forged = await sealBackup(
      {
        createdAt: header.createdAt,
        appVersion: header.appVersion,
        schemaVersion: header.schemaVersion,
        deviceId: header.deviceId,
        desaCode: header.desaCode,
        desaName: header.desaName,
        kecamatanName: header.kecamatanName,
        kabupatenName: header.kabupatenName,
        provinsiName: header.provinsiName,
        passphrase: header.passphrase,
      },
      await zipPayload(parts, manifest, new Date()),
      passphraseBytes('recovery-code', a.recoveryCode),
      FAST_SCRYPT,
    );
    const file = join(stickFor(a), 'campuran.balaibackup');
    writeFileSync(file, forged.bytes);

    const atSetUp = tempDir();
    const fresh = openTestCore(atSetUp);
    await fresh.core.prepare();
    fresh.close();
    const untouched = folderFingerprint(atSetUp);
    const missing = join(tempDir(), 'baru');
    for (const target of [atSetUp, missing]) {
      expect(await restoreBackup(file, target, a.recoveryCode)).toMatchObject({
        ok: false,
        error: { code: 'INVALID_CONTENT', details: { reason: 'damaged' } },
      });
    }
    expect(folderFingerprint(atSetUp)).toEqual(untouched);
    expect(existsSync(missing)).toBe(false);
  });
});
