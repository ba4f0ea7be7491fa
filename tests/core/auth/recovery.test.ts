import { performance } from 'node:perf_hooks';
import { describe, expect, it } from 'vitest';
import {
  DEFAULT_SCRYPT,
  hashSecret,
  normaliseRecoveryCode,
  verifySecret,
} from '../../../main/core/crypto/secrets';
import { sql } from '../../../main/core/db/sql';
import { setUpVillage, useTempDirs } from '../../helpers/core';

const WRONG = 'ZZZZ-ZZZZ-ZZZZ-ZZZZ';

describe('recovery-code guessing', () => {
  const tempDir = useTempDirs();

  it('locks after 5 wrong codes, for longer each time, refuses even the right code meanwhile, and audits it', async () => {
    const v = await setUpVillage(tempDir());
    const s = v.core.newSession();
    const recover = (code: string) =>
      v.call(s, 'auth.recover', { accountId: v.operatorId, recoveryCode: code, newPin: '246810' });
    for (let i = 1; i <= 4; i++)
      expect(await recover(WRONG)).toMatchObject({
        ok: false,
        error: { code: 'WRONG_RECOVERY_CODE', details: { attemptsLeft: 5 - i } },
      });
    expect(await recover(WRONG)).toMatchObject({
      ok: false,
      error: { code: 'LOCKED', details: { reason: 'recovery' } },
    });
    expect(await recover(v.recoveryCode)).toMatchObject({ ok: false, error: { code: 'LOCKED' } });
    const { entries } = await v.must(v.operator, 'audit.list', { limit: 10 });
    expect(entries[0]).toMatchObject({
      action: 'auth.recover_lockout',
      details: { lockouts: 1, seconds: 60 },
    });
    expect(entries.filter((e) => e.action === 'auth.recover_failed')).toHaveLength(5);

    v.clock.advance(61_000);
    for (let i = 0; i < 5; i++) await recover(WRONG);
    v.clock.advance(61_000); // the second lock is 300 s
    expect(await recover(v.recoveryCode)).toMatchObject({ ok: false, error: { code: 'LOCKED' } });
    v.clock.advance(240_000);
    const back = await v.must(s, 'auth.recover', {
      accountId: v.operatorId,
      recoveryCode: v.recoveryCode,
      newPin: '246810',
    });
    // The right code clears the count: the next four wrong codes do not lock.
    for (let i = 1; i <= 4; i++)
      expect(await recover(WRONG)).toMatchObject({ error: { code: 'WRONG_RECOVERY_CODE' } });
    expect(await recover(back.newRecoveryCode)).toMatchObject({ ok: true });
    v.close();
  });

  it('parallel guesses get no more tries than serial ones, for recovery codes and PINs', async () => {
    const v = await setUpVillage(tempDir());
    const recoveries = await Promise.all(
      Array.from({ length: 8 }, () =>
        v.call(v.core.newSession(), 'auth.recover', {
          accountId: v.operatorId,
          recoveryCode: WRONG,
          newPin: '246810',
        }),
      ),
    );
    const codes = (rs: typeof recoveries) => rs.map((r) => (r.ok ? 'ok' : r.error.code)).sort();
    expect(codes(recoveries)).toEqual([
      ...Array<string>(4).fill('LOCKED'),
      ...Array<string>(4).fill('WRONG_RECOVERY_CODE'),
    ]);
    expect(v.core.services.db.get(sql`SELECT failed, lockouts FROM recovery_guard`)).toEqual({
      failed: 0,
      lockouts: 1,
    });

    const learner = await v.addLearner('Bambang Uji', '283940');
    const logins = await Promise.all(
      Array.from({ length: 8 }, () =>
        v.call(v.core.newSession(), 'auth.login', { accountId: learner, pin: '061728' }),
      ),
    );
    expect(codes(logins)).toEqual([
      ...Array<string>(4).fill('LOCKED'),
      ...Array<string>(4).fill('WRONG_PIN'),
    ]);
    v.close();
  });

  it('while 8 recovery attempts run at full scrypt cost, another call answers promptly', async () => {
    const v = await setUpVillage(tempDir());
    // The production cost (the test village hashes with a small N to be quick).
    const hash = hashSecret(normaliseRecoveryCode(v.recoveryCode), DEFAULT_SCRYPT);
    v.core.services.db.run(sql`UPDATE kiosk SET recovery_hash = ${hash} WHERE id = 1`);
    const probe = () => v.call(v.core.newSession(), 'auth.roster', {});
    await probe();

    // Same-run baseline: one recovery-code check on its own.
    const t0 = performance.now();
    verifySecret(WRONG, hash);
    const oneCheckMs = performance.now() - t0;

    const start = performance.now();
    let recoveriesDoneAt = 0;
    const recoveries = Promise.all(
      Array.from({ length: 8 }, () =>
        v.call(v.core.newSession(), 'auth.recover', {
          accountId: v.operatorId,
          recoveryCode: WRONG,
          newPin: '246810',
        }),
      ),
    ).then((rs) => ((recoveriesDoneAt = performance.now() - start), rs));
    expect((await probe()).ok).toBe(true);
    const probeMs = performance.now() - start;
    const rs = await recoveries;
    expect(rs.every((r) => !r.ok)).toBe(true);
    console.log(
      `one scrypt check ${oneCheckMs.toFixed(0)} ms; probe during 8 recoveries ${probeMs.toFixed(0)} ms; recoveries done after ${recoveriesDoneAt.toFixed(0)} ms`,
    );
    // Blocking the event loop, the probe would wait for every one of the 8 checks (about 8 × oneCheckMs).
    expect(probeMs).toBeLessThan(recoveriesDoneAt);
    expect(probeMs).toBeLessThan(Math.max(2 * oneCheckMs, 50));
    v.close();
  });
});
