import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEVICE_KEY_FILE } from '../../../main/core/setup/setup';
import { readKiosk } from '../../../main/core/setup/kiosk';
import { openTestCore, setUpVillage, useTempDirs } from '../../helpers/core';

describe('first-run set-up', () => {
  const tempDir = useTempDirs();

  it('records the village from the Kemendagri list, makes a device key and a recovery code, logs the operator in', async () => {
    const dir = tempDir();
    const v = await setUpVillage(dir);
    const kiosk = readKiosk(v.core.services.db)!;
    expect(kiosk).toMatchObject({
      desa_code: '33.02.05.2001',
      desa_name: 'Adisana',
      kecamatan_name: 'Kebasen',
      kabupaten_name: 'Kabupaten Banyumas',
      provinsi_name: 'Jawa Tengah',
      region_dataset: 'idn-area-data@4.0.1',
    });
    expect(Buffer.from(kiosk.public_key, 'base64')).toHaveLength(32);
    const keyFile = join(dir, DEVICE_KEY_FILE);
    expect(existsSync(keyFile)).toBe(true);
    expect(statSync(keyFile).mode & 0o777).toBe(0o600);
    expect(v.recoveryCode).toMatch(/^[2-9A-HJKMNP-Z]{4}(-[2-9A-HJKMNP-Z]{4}){3}$/);
    expect(kiosk.recovery_hash).not.toContain(v.recoveryCode);
    expect(await v.must(v.operator, 'auth.me', {})).toMatchObject({
      account: { id: v.operatorId, isOperator: true, isLearner: true },
    });
    const info = await v.must(v.core.newSession(), 'system.info', {});
    expect(info).toMatchObject({ setUp: true, desa: { code: '33.02.05.2001', name: 'Adisana' } });
    v.close();
  });

  it('can be done only once', async () => {
    const v = await setUpVillage(tempDir());
    const again = await v.call(v.core.newSession(), 'setup.create', {
      desaCode: '33.02.05.2002',
      operator: { fullName: 'Orang Lain', jabatan: 'kepala_desa', pin: '950617' },
    });
    expect(again).toMatchObject({ ok: false, error: { code: 'ALREADY_SET_UP' } });
    v.close();
  });

  it('refuses a code that is not a desa (unknown, a kecamatan padded out, or a kelurahan)', async () => {
    const k = openTestCore(tempDir());
    for (const desaCode of ['99.99.99.2999', '33.02.05.0000', '33.74.01.1001']) {
      const r = await k.call(k.core.newSession(), 'setup.create', {
        desaCode,
        operator: { fullName: 'Operator', jabatan: 'sekretaris_desa', pin: '246813' },
      });
      expect(r, desaCode).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    }
    expect(readKiosk(k.core.services.db)).toBeUndefined();
    k.close();
  });

  it('walks the region list provinsi → kabupaten → kecamatan → desa, hiding kelurahan', async () => {
    const k = openTestCore(tempDir());
    const s = k.core.newSession();
    const prov = await k.must(s, 'regions.children', {});
    expect(prov.items).toHaveLength(38);
    expect(prov.dataset).toBe('idn-area-data@4.0.1');
    const kab = await k.must(s, 'regions.children', { parent: '33' });
    expect(kab.items.map((r) => r.code)).toContain('33.02');
    // Kota Semarang's Semarang Tengah has only kelurahan: nothing to pick.
    expect((await k.must(s, 'regions.children', { parent: '33.74.01' })).items).toEqual([]);
    const desa = await k.must(s, 'regions.children', { parent: '33.02.05' });
    expect(desa.items.map((r) => r.code)).toContain('33.02.05.2001');
    expect(desa.items.every((r) => r.code[9] === '2' || r.code[9] === '3')).toBe(true);
    expect(await k.call(s, 'regions.children', { parent: '99' })).toMatchObject({
      ok: false,
      error: { code: 'NOT_FOUND' },
    });
    k.close();
  });
});
