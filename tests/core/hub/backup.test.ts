import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { applyReceiptsFromDrive } from '../../../main/core/bundles/apply';
import { ManualClock } from '../../../main/core/clock';
import { sql } from '../../../main/core/db/sql';
import { openContainer, sealContainer } from '../../../main/core/backup/format';
import { fileEntry, unzipParts, zipPayload } from '../../../main/core/backup/payload';
import { createHubBackup } from '../../../main/core/hub/backup';
import { hubBackupHeaderSchema, type HubBackupManifest } from '../../../main/core/hub/backup-format';
import { importBundles } from '../../../main/core/hub/import';
import { HUB_KEY_FILE } from '../../../main/core/hub/identity';
import { passUp } from '../../../main/core/hub/pass-up';
import { writeReceipts } from '../../../main/core/hub/receipts';
import { listHubBackupsOnDrive, restoreHubBackup } from '../../../main/core/hub/restore';
import { FAST_SCRYPT, openTestCore, useTempDirs } from '../../helpers/core';
import { hubFingerprint, openHub } from '../../helpers/hub-core';
import { learnMore, mustExport, villageWithResults } from '../bundles/kiosk';

const hubClock = () => new ManualClock(new Date('2026-11-02T09:00:00+07:00'));

describe('hub backup and restore', () => {
  const tempDir = useTempDirs('balai-hub-backup-');

  it('a replacement PC restored from the backup imports a new bundle of a village enrolled before it, and the village takes its receipt', async () => {
    const w = await villageWithResults(tempDir());
    const hub = openHub(tempDir(), { regionCode: '33.02', clock: hubClock() });
    const stick = tempDir();
    const newDir = join(tempDir(), 'kantor-baru');
    try {
      await mustExport(w);
      await hub.importFrom(w.stick.mountpoint);
      const answered = writeReceipts(hub.core.services, w.stick);
      if (!answered.ok) throw new Error(answered.error.message);
      const applied = await applyReceiptsFromDrive(w.core.services, w.stick);
      expect(applied.ok && applied.value.receipts.map((r) => r.outcome)).toEqual(['applied']);

      const made = await createHubBackup(hub.core.services, {
        drive: { mountpoint: stick },
        passphrase: hub.done.recoveryCode.toLowerCase(),
        kdf: FAST_SCRYPT,
      });
      if (!made.ok) throw new Error(made.error.message);
      expect(made.value).toMatchObject({ passphrase: 'recovery-code', counts: { kiosks: 1, bundles: 1 } });
      expect(made.value.path).toMatch(
        /^BalaiBelajar\/hub\/33_02\/cadangan\/hub-33_02-\d{8}-\d{4}\.balaihubbackup$/,
      );
      const before = hubFingerprint(hub);
      const key = readFileSync(join(hub.dataDir, HUB_KEY_FILE));
      hub.close();

      const found = await listHubBackupsOnDrive({ mountpoint: stick });
      expect(found.map((f) => [f.path, f.header?.regionCode, f.header?.keyId])).toEqual([
        [made.value.path, '33.02', hub.done.keyId],
      ]);
      const wrong = await restoreHubBackup(made.value.file, newDir, 'salah sekali kata sandi');
      expect(wrong).toMatchObject({
        ok: false,
        error: { details: { reason: 'wrong_passphrase_or_damaged' } },
      });
      expect(existsSync(newDir)).toBe(false);

      const restored = await restoreHubBackup(made.value.file, newDir, hub.done.recoveryCode);
      if (!restored.ok) throw new Error(restored.error.message);
      expect(restored.value).toMatchObject({
        hubId: hub.done.hubId,
        keyId: hub.done.keyId,
        regionCode: '33.02',
      });
      expect(readFileSync(join(newDir, HUB_KEY_FILE))).toEqual(key);

      const again = openTestCore(newDir, hubClock());
      try {
        expect(hubFingerprint(again)).toEqual(before);
        // The village learnt more and brings its next bundle to the new PC: same hub, same enrolment.
        await learnMore(w);
        const second = await mustExport(w);
        expect(second.personalData).toBe('sealed');
        const imported = await importBundles(again.core.services, w.stick);
        if (!imported.ok) throw new Error(imported.error.message);
        expect(imported.value.bundles.map((b) => [b.outcome, b.reason])).toEqual([
          ['duplicate', 'duplicate'],
          ['imported', null],
        ]);
        const ani = again.core.services.db.get<{ full_name: string; personal: string }>(
          sql`SELECT full_name, personal FROM hub_learners WHERE learner_id = ${w.learnerA}`,
        );
        expect(ani).toEqual({ full_name: 'Ani Pertama', personal: 'sealed' });
        const receipts = writeReceipts(again.core.services, w.stick);
        if (!receipts.ok) throw new Error(receipts.error.message);
        const taken = await applyReceiptsFromDrive(w.core.services, w.stick);
        if (!taken.ok) throw new Error(taken.error.message);
        expect(taken.value.receipts.filter((r) => r.outcome === 'refused')).toEqual([]);
        expect(taken.value.pending).toBe(0);
        // The original bundles came along: the restored hub passes both up the chain.
        const up = await passUp(again.core.services, { mountpoint: tempDir() }, { all: true });
        expect(up.ok && up.value.written.length).toBe(2);
        expect(up.ok && up.value.damaged).toEqual([]);
      } finally {
        again.close();
      }
    } finally {
      w.close();
    }
  });

  it("refuses to restore over a set-up installation, and a backup that carries anything but the hub's own parts", async () => {
    const hub = openHub(tempDir(), { regionCode: '33.02', clock: hubClock() });
    const stick = tempDir();
    try {
      const made = await createHubBackup(hub.core.services, {
        drive: { mountpoint: stick },
        passphrase: 'kata sandi kantor',
        kdf: FAST_SCRYPT,
      });
      if (!made.ok) throw new Error(made.error.message);
      const other = openHub(tempDir(), { regionCode: '33.03', clock: hubClock() });
      const otherDir = other.dataDir;
      const fingerprint = hubFingerprint(other);
      other.close();
      const over = await restoreHubBackup(made.value.file, otherDir, 'kata sandi kantor');
      expect(over).toMatchObject({ ok: false, error: { code: 'ALREADY_SET_UP' } });
      const reopened = openTestCore(otherDir, hubClock());
      expect(hubFingerprint(reopened)).toEqual(fingerprint);
      reopened.close();

      // A changed byte in the header fails the tag: nothing is written.
      const bytes = readFileSync(made.value.file);
      const changed = Buffer.from(bytes);
      const at = changed.indexOf('Kabupaten');
      changed[at] = 'X'.charCodeAt(0);
      const bad = join(stick, 'changed.balaihubbackup');
      writeFileSync(bad, changed);
      const target = join(tempDir(), 'empty');
      mkdirSync(target);
      const refused = await restoreHubBackup(bad, target, 'kata sandi kantor');
      expect(refused).toMatchObject({
        ok: false,
        error: { details: { reason: 'wrong_passphrase_or_damaged' } },
      });
      expect(existsSync(join(target, 'balai.sqlite'))).toBe(false);

      // A well-sealed backup that also carries a trusted publisher key: refused whole, nothing trusted.
      const opened = await openContainer(bytes, 'kata sandi kantor', hubBackupHeaderSchema);
      if (!opened.ok) throw new Error(opened.message);
      const parts = await unzipParts(opened.value.payload, 1000);
      const manifest = JSON.parse(parts.get('manifest.json')!.toString()) as HubBackupManifest;
      parts.delete('manifest.json');
      const planted = Buffer.from('{"keyId":"0000000000000000"}');
      parts.set('keys/publishers/0000000000000000.json', planted);
      manifest.files.push(fileEntry('keys/publishers/0000000000000000.json', planted));
      const payload = await zipPayload(parts, manifest, new Date());
      const header = opened.value.header;
      const { kdf } = header;
      // The header's own fields again; the crypto ones are made afresh.
      const resealed = await sealContainer(
        (crypto) => ({ ...header, ...crypto }),
        payload,
        Buffer.from('kata sandi kantor'),
        { N: kdf.N, r: kdf.r, p: kdf.p },
      );
      const withKey = join(stick, 'with-key.balaihubbackup');
      writeFileSync(withKey, resealed.bytes);
      const planting = await restoreHubBackup(withKey, target, 'kata sandi kantor');
      expect(planting).toMatchObject({ ok: false, error: { details: { reason: 'damaged' } } });
      expect(planting.ok || planting.error.message).toMatch(/unexpected part keys\/publishers/);
      expect(existsSync(join(target, 'keys'))).toBe(false);
      expect(existsSync(join(target, 'balai.sqlite'))).toBe(false);
    } finally {
      hub.close();
    }
  });
});
