import { describe, expect, it } from 'vitest';
import { birthDatePins, weakPinReason } from '../../../main/api/pin-rules';
import { createCore } from '../../../main/core/app';
import { FAST_SCRYPT } from '../../../main/cli/core';
import { initHub } from '../../../main/core/hub/init';
import { openTestCore, RESOURCES, setUpVillage, useTempDirs } from '../../helpers/core';

const learner = { operator: false };
const operator = { operator: true };
/** Born 1 January 1990, a woman: the NIK's digits 7–12 are 41 01 90. */
const NIK_WOMAN = '3302054101900001';
/** Born 17 August 1985, a man: 17 08 85. */
const NIK_MAN = '3302051708850003';

describe('weak PIN rules', () => {
  it('refuse one digit repeated and runs up or down, for everyone', () => {
    for (const pin of ['000000', '111111', '999999'])
      expect(weakPinReason(pin, learner), pin).toBe('same_digit');
    for (const pin of ['123456', '654321', '012345', '456789', '987654', '543210'])
      expect(weakPinReason(pin, learner), pin).toBe('sequence');
  });

  it("refuse the learner's own birth date as the NIK gives it (the day +40 for women)", () => {
    expect(birthDatePins(NIK_WOMAN)).toEqual(['010190', '900101', '410190']);
    for (const pin of ['010190', '900101', '410190'])
      expect(weakPinReason(pin, { operator: false, nik: NIK_WOMAN }), pin).toBe('birth_date');
    for (const pin of ['170885', '850817', '081785'])
      expect(weakPinReason(pin, { operator: false, nik: NIK_MAN }), pin).toBe('birth_date');
    // Someone else's birth date is only a number; a NIK without a valid date gives none.
    expect(weakPinReason('170885', { operator: false, nik: NIK_WOMAN })).toBeNull();
    expect(birthDatePins('3302051234567890')).toEqual([]);
    expect(weakPinReason('170885', learner)).toBeNull();
  });

  it('are stricter for operators: at least 3 different digits, no repeated or mirrored halves', () => {
    for (const pin of ['121212', '112211', '000111', '909090'])
      expect([weakPinReason(pin, learner), weakPinReason(pin, operator)], pin).toEqual([null, 'few_digits']);
    for (const pin of ['123123', '123321', '479479'])
      expect([weakPinReason(pin, learner), weakPinReason(pin, operator)], pin).toEqual([null, 'pattern']);
  });

  it('accept ordinary PINs', () => {
    for (const pin of ['246813', '135790', '839204', '100001'])
      expect(weakPinReason(pin, learner), pin).toBeNull();
    for (const pin of ['246813', '135790', '839204', '246810'])
      expect(weakPinReason(pin, operator), pin).toBeNull();
  });
});

describe('weak PINs at the API', () => {
  const tempDir = useTempDirs();

  it('every call that sets a PIN refuses a weak one with WEAK_PIN and the reason, and changes nothing', async () => {
    const v = await setUpVillage(tempDir());
    const create = (pin: string, extra: object = {}) =>
      v.call(v.operator, 'learners.create', {
        fullName: 'Ani Lestari',
        jabatan: 'kaur_keuangan',
        pin,
        ...extra,
      });
    expect(await create('111111')).toMatchObject({
      ok: false,
      error: { code: 'WEAK_PIN', details: { reason: 'same_digit' } },
    });
    expect(await create('010190', { nik: NIK_WOMAN })).toMatchObject({
      ok: false,
      error: { code: 'WEAK_PIN', details: { reason: 'birth_date' } },
    });
    expect(await create('121212', { isOperator: true })).toMatchObject({
      ok: false,
      error: { code: 'WEAK_PIN', details: { reason: 'few_digits' } },
    });
    const { learners } = await v.must(v.operator, 'learners.list', {});
    expect(learners.map((l) => l.fullName)).toEqual(['Operator Uji']);

    const ani = await v.addLearner('Ani Lestari', '121212', 'kaur_keuangan', { nik: NIK_WOMAN });
    expect(await v.call(v.operator, 'learners.resetPin', { id: ani, pin: '410190' })).toMatchObject({
      ok: false,
      error: { code: 'WEAK_PIN', details: { reason: 'birth_date' } },
    });
    // The refused reset left the old PIN in place.
    await v.loginAs(ani, '121212');
    expect(await v.call(v.operator, 'learners.resetPin', { id: v.operatorId, pin: '123123' })).toMatchObject({
      ok: false,
      error: { code: 'WEAK_PIN', details: { reason: 'pattern' } },
    });

    // Recovery: a weak new PIN is refused before the code is tried, so it costs no try.
    const s = v.core.newSession();
    expect(
      await v.call(s, 'auth.recover', {
        accountId: v.operatorId,
        recoveryCode: v.recoveryCode,
        newPin: '654321',
      }),
    ).toMatchObject({ ok: false, error: { code: 'WEAK_PIN', details: { reason: 'sequence' } } });
    expect(
      await v.call(s, 'auth.recover', {
        accountId: v.operatorId,
        recoveryCode: v.recoveryCode,
        newPin: '839204',
      }),
    ).toMatchObject({ ok: true });
    v.close();
  });

  it('set-up of a kiosk and of a hub refuse a weak first PIN and leave the folder unset', async () => {
    const k = openTestCore(tempDir());
    await k.core.prepare();
    const s = k.core.newSession();
    const setup = (pin: string) =>
      k.call(s, 'setup.create', {
        desaCode: '33.02.05.2001',
        operator: { fullName: 'Sri Wahyuni', jabatan: 'sekretaris_desa', pin },
      });
    expect(await setup('123456')).toMatchObject({
      ok: false,
      error: { code: 'WEAK_PIN', details: { reason: 'sequence' } },
    });
    expect(await k.must(s, 'system.info', {})).toMatchObject({ setUp: false });
    expect(await setup('246813')).toMatchObject({ ok: true });
    k.close();

    const h = openTestCore(tempDir());
    await h.core.prepare();
    expect(
      initHub(h.core.services, { regionCode: '33.02', admin: { fullName: 'Admin Dinas', pin: '112112' } }),
    ).toMatchObject({
      ok: false,
      error: { code: 'WEAK_PIN', details: { reason: 'few_digits' } },
    });
    h.close();
  });

  it('a PIN set before the rules (or in a demo village) keeps working', async () => {
    const dir = tempDir();
    const demo = createCore({
      dataDir: dir,
      resourcesDir: RESOURCES,
      appVersion: '0.0.0-test',
      shell: 'browser',
      config: { scrypt: FAST_SCRYPT, uploadSchedule: false, allowWeakPins: true },
    });
    await demo.prepare();
    const done = await demo.call(demo.newSession(), 'setup.create', {
      desaCode: '33.02.05.2001',
      operator: { fullName: 'Sri Wahyuni', jabatan: 'sekretaris_desa', pin: '123456' },
    });
    expect(done.ok).toBe(true);
    demo.close();
    const k = openTestCore(dir);
    await k.core.prepare();
    const operatorId = done.ok ? (done.value as { operatorId: string }).operatorId : '';
    expect(
      await k.call(k.core.newSession(), 'auth.login', { accountId: operatorId, pin: '123456' }),
    ).toMatchObject({ ok: true });
    k.close();
  });
});
