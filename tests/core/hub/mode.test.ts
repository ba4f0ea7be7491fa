import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { restoreBackup } from '../../../main/core/backup/restore';
import { applyReceiptFile } from '../../../main/core/bundles/apply';
import { exportBundle, folderTarget } from '../../../main/core/bundles/export';
import { hubEncryptionKey } from '../../../main/core/bundles/sealing';
import { ManualClock } from '../../../main/core/clock';
import { sql } from '../../../main/core/db/sql';
import { copyCoursesToStick, STICK_COURSE_FOLDER } from '../../../main/core/hub/courses';
import { HUB_KEY_FILE, installationMode, loadHub } from '../../../main/core/hub/identity';
import { importBundles } from '../../../main/core/hub/import';
import { initHub, officeName } from '../../../main/core/hub/init';
import { hubReport } from '../../../main/core/hub/reports';
import { setUpKiosk } from '../../../main/core/setup/setup';
import { openTestCore, RESOURCES, setUpVillage, useTempDirs } from '../../helpers/core';
import { openHub } from '../../helpers/hub-core';
import { FIXTURE_COURSE } from '../../helpers/world';

const admin = { fullName: 'Admin Dinas', pin: '246810' };

describe('hub mode: one installation is a kiosk or a hub, never both', () => {
  const tempDir = useTempDirs('balai-hub-mode-');

  it('hub init: the office from the region tree, its own key beside the database, the admin an operator only', () => {
    const t = openTestCore(tempDir(), new ManualClock());
    try {
      expect(installationMode(t.core.services.db)).toBeNull();
      const done = initHub(t.core.services, { regionCode: '33.02.05', admin });
      if (!done.ok) throw new Error(done.error.message);
      expect(done.value).toMatchObject({
        name: 'Kantor Kecamatan Kebasen, Kabupaten Banyumas',
        regionLevel: 'kecamatan',
        regionName: 'Kebasen',
      });
      expect(installationMode(t.core.services.db)).toBe('hub');
      expect(t.core.services.db.get(sql`SELECT * FROM kiosk`)).toBeUndefined();
      const keyFile = join(t.dataDir, HUB_KEY_FILE);
      expect(statSync(keyFile).mode & 0o777).toBe(0o600);
      const keys = loadHub(t.core.services);
      if (!keys.ok) throw new Error(keys.error.message);
      expect(keys.value.signer.key.publicKey).toBe(done.value.publicKey);
      expect(hubEncryptionKey(keys.value.signer.key).publicKey).toBe(done.value.encryptionKey);
      const account = t.core.services.db.get<{
        is_operator: number;
        is_learner: number;
        jabatan: string | null;
      }>(sql`SELECT is_operator, is_learner, jabatan FROM accounts WHERE id = ${done.value.operatorId}`);
      expect(account).toEqual({ is_operator: 1, is_learner: 0, jabatan: null });
      expect(done.value.recoveryCode).toMatch(/^[A-Z0-9]{4}(-[A-Z0-9]{4}){3}$/);

      expect(initHub(t.core.services, { regionCode: '33.02.05', admin })).toMatchObject({
        ok: false,
        error: { code: 'ALREADY_SET_UP' },
      });
      // A kiosk cannot be set up in a hub's folder, and a kiosk backup cannot be restored over it.
      expect(
        setUpKiosk(t.core.services, {
          desaCode: '33.02.05.2001',
          operator: { fullName: 'Operator', jabatan: 'sekretaris_desa', pin: '246813', isLearner: true },
        }),
      ).toMatchObject({ ok: false, error: { code: 'ALREADY_SET_UP' } });
    } finally {
      t.close();
    }
  });

  it('names offices at every level and refuses codes that are no office region', () => {
    expect(officeName('kabupaten', 'Kabupaten Banyumas', ['Jawa Tengah'])).toBe(
      'Dinas PMD Kabupaten Banyumas',
    );
    expect(officeName('provinsi', 'Jawa Tengah', [])).toBe('Dinas PMD Provinsi Jawa Tengah');
    for (const regionCode of ['33.02.05.2001', '99', '33.99', '3302', '33.02.']) {
      const t = openTestCore(tempDir());
      try {
        expect(initHub(t.core.services, { regionCode, admin }).ok, regionCode).toBe(false);
        expect(installationMode(t.core.services.db)).toBeNull();
        expect(existsSync(join(t.dataDir, HUB_KEY_FILE))).toBe(false);
      } finally {
        t.close();
      }
    }
  });

  it('kiosk-only work refuses cleanly on a hub, and hub work on a kiosk', async () => {
    const hub = openHub(tempDir(), { regionCode: '33.02' });
    const village = await setUpVillage(tempDir());
    try {
      const stick = join(tempDir(), 'stick');
      mkdirSync(stick);
      expect(await exportBundle(hub.core.services, folderTarget(stick))).toMatchObject({
        ok: false,
        error: { code: 'NOT_SET_UP' },
      });
      const receipt = join(stick, 'x.balaireceipt');
      writeFileSync(receipt, '{}');
      expect(applyReceiptFile(hub.core.services, receipt)).toMatchObject({
        ok: false,
        error: { code: 'NOT_SET_UP' },
      });
      expect(await restoreBackup(join(stick, 'none.balaibackup'), hub.dataDir, 'kata sandi')).toMatchObject({
        ok: false,
        error: { code: 'ALREADY_SET_UP' },
      });
      expect(installationMode(hub.core.services.db)).toBe('hub');

      expect(initHub(village.core.services, { regionCode: '33.02', admin })).toMatchObject({
        ok: false,
        error: { code: 'ALREADY_SET_UP', details: { reason: 'kiosk' } },
      });
      expect(await importBundles(village.core.services, { mountpoint: stick })).toMatchObject({
        ok: false,
        error: { code: 'NOT_SET_UP', details: { reason: 'kiosk' } },
      });
      expect(hubReport(village.core.services, { level: 'desa' })).toMatchObject({
        ok: false,
        error: { code: 'NOT_SET_UP' },
      });
      expect(installationMode(village.core.services.db)).toBe('kiosk');
      expect(existsSync(join(village.dataDir, HUB_KEY_FILE))).toBe(false);
    } finally {
      hub.close();
      village.close();
    }
  });

  it('copies the course packages the hub has installed onto a stick for the villages', async () => {
    const hub = openHub(tempDir(), { regionCode: '33.02' });
    try {
      await hub.core.prepare(); // the built-in starter courses
      const installed = hub.core.services.courses.installFolder(FIXTURE_COURSE); // a folder: no package file
      if (!installed.ok) throw new Error(installed.reason);
      const stick = join(tempDir(), 'stick');
      mkdirSync(stick);
      const copied = await copyCoursesToStick(hub.core.services, { mountpoint: stick });
      if (!copied.ok) throw new Error(copied.error.message);
      expect(copied.value.missing).toEqual([`uji-dasar@${installed.course.version}`]);
      expect(copied.value.courses.map((c) => c.courseId).sort()).toEqual([
        'mengenal-apbdes',
        'pengelolaan-keuangan-desa',
        'perencanaan-pembangunan-desa',
      ]);
      const sha = (f: string) => createHash('sha256').update(readFileSync(f)).digest('hex');
      for (const c of copied.value.courses) {
        expect(c.path.startsWith(`${STICK_COURSE_FOLDER}/`)).toBe(true);
        expect(sha(join(stick, ...c.path.split('/')))).toBe(
          sha(join(RESOURCES, 'courses', `${c.courseId}.balaicourse`)),
        );
      }
      const again = await copyCoursesToStick(hub.core.services, { mountpoint: stick });
      expect(again.ok && again.value.courses.every((c) => c.alreadyThere)).toBe(true);
    } finally {
      hub.close();
    }
  });
});
