import { describe, expect, it } from 'vitest';
import { useTempDirs } from '../../helpers/core';
import { makeWorld } from '../../helpers/world';

describe('login by PIN', () => {
  const tempDir = useTempDirs();

  it('locks after 5 wrong PINs, for longer each time, visible to the operator and in the audit log', async () => {
    const w = await makeWorld(tempDir());
    const s = w.core.newSession();
    const login = (pin: string) => w.call(s, 'auth.login', { accountId: w.learnerB, pin });
    for (let i = 1; i <= 4; i++) {
      expect(await login('061728')).toMatchObject({
        ok: false,
        error: { code: 'WRONG_PIN', details: { attemptsLeft: 5 - i } },
      });
    }
    const locked = await login('061728');
    expect(locked).toMatchObject({ ok: false, error: { code: 'LOCKED' } });
    // Even the right PIN is refused while locked.
    expect(await login('283940')).toMatchObject({ ok: false, error: { code: 'LOCKED' } });
    const { learners } = await w.must(w.operator, 'learners.list', {});
    expect(learners.find((l) => l.id === w.learnerB)?.lockedUntil).not.toBeNull();
    const { cards } = await w.must(w.core.newSession(), 'auth.roster', { search: 'Bambang' });
    expect(cards[0]?.lockedUntil).not.toBeNull();
    const { entries } = await w.must(w.operator, 'audit.list', { limit: 5 });
    expect(entries[0]).toMatchObject({ action: 'auth.lockout', targetId: w.learnerB });

    w.clock.advance(61_000); // first lock: 60 s
    expect(await login('283940')).toMatchObject({ ok: true });
    // A right PIN clears the count: the next lockout starts again at the first step (60 s).
    for (let i = 0; i < 5; i++) await login('061728');
    expect(await login('283940')).toMatchObject({ ok: false, error: { code: 'LOCKED' } });
    w.clock.advance(61_000);
    expect(await login('283940')).toMatchObject({ ok: true });
    w.close();
  });

  it('back-off grows: 60 s, then 300 s, when wrong PINs continue', async () => {
    const w = await makeWorld(tempDir());
    const s = w.core.newSession();
    const login = (pin: string) => w.call(s, 'auth.login', { accountId: w.learnerB, pin });
    for (let i = 0; i < 5; i++) await login('061728');
    w.clock.advance(61_000);
    for (let i = 0; i < 5; i++) await login('061728');
    w.clock.advance(240_000);
    expect(await login('283940')).toMatchObject({ ok: false, error: { code: 'LOCKED' } });
    w.clock.advance(61_000);
    expect(await login('283940')).toMatchObject({ ok: true });
    w.close();
  });

  it('the operator resets a PIN, which also unlocks', async () => {
    const w = await makeWorld(tempDir());
    const s = w.core.newSession();
    for (let i = 0; i < 5; i++) await w.call(s, 'auth.login', { accountId: w.learnerB, pin: '061728' });
    await w.must(w.operator, 'learners.resetPin', { id: w.learnerB, pin: '738495' });
    expect(await w.call(s, 'auth.login', { accountId: w.learnerB, pin: '738495' })).toMatchObject({
      ok: true,
    });
    w.close();
  });

  it('a locked-out operator gets back in with the recovery code, which then changes', async () => {
    const w = await makeWorld(tempDir());
    const s = w.core.newSession();
    for (let i = 0; i < 5; i++) await w.call(s, 'auth.login', { accountId: w.operatorId, pin: '061728' });
    expect(await w.call(s, 'auth.login', { accountId: w.operatorId, pin: '246813' })).toMatchObject({
      ok: false,
      error: { code: 'LOCKED' },
    });
    const wrong = await w.call(s, 'auth.recover', {
      accountId: w.operatorId,
      recoveryCode: 'ZZZZ-ZZZZ-ZZZZ-ZZZZ',
      newPin: '246810',
    });
    expect(wrong).toMatchObject({ ok: false, error: { code: 'WRONG_RECOVERY_CODE' } });
    const typed = w.recoveryCode.toLowerCase().replace(/-/g, ' ');
    const back = await w.must(s, 'auth.recover', {
      accountId: w.operatorId,
      recoveryCode: typed,
      newPin: '246810',
    });
    expect(back.account.isOperator).toBe(true);
    expect(back.newRecoveryCode).not.toBe(w.recoveryCode);
    expect(await w.call(s, 'learners.list', {})).toMatchObject({ ok: true });
    // The old code is spent; the new one works.
    const again = w.core.newSession();
    expect(
      await w.call(again, 'auth.recover', {
        accountId: w.operatorId,
        recoveryCode: w.recoveryCode,
        newPin: '135790',
      }),
    ).toMatchObject({
      ok: false,
      error: { code: 'WRONG_RECOVERY_CODE' },
    });
    expect(
      await w.call(again, 'auth.recover', {
        accountId: w.operatorId,
        recoveryCode: back.newRecoveryCode,
        newPin: '135790',
      }),
    ).toMatchObject({ ok: true });
    // A learner cannot use the recovery code.
    expect(
      await w.call(again, 'auth.recover', {
        accountId: w.learnerB,
        recoveryCode: back.newRecoveryCode,
        newPin: '135790',
      }),
    ).toMatchObject({
      ok: false,
      error: { code: 'NOT_FOUND' },
    });
    w.close();
  });

  it('a disabled learner cannot log in and is logged out at once', async () => {
    const w = await makeWorld(tempDir());
    await w.must(w.operator, 'learners.setDisabled', { id: w.learnerA, disabled: true });
    expect(await w.call(w.tokenA, 'courses.catalogue', {})).toMatchObject({
      ok: false,
      error: { code: 'UNAUTHENTICATED' },
    });
    expect(
      await w.call(w.core.newSession(), 'auth.login', { accountId: w.learnerA, pin: '172839' }),
    ).toMatchObject({
      ok: false,
      error: { code: 'DISABLED' },
    });
    w.close();
  });

  it('an idle session ends on the server too, and the resume point survives it', async () => {
    const w = await makeWorld(tempDir());
    w.clock.advance(9 * 60_000);
    expect(await w.call(w.tokenA, 'auth.activity', {})).toMatchObject({ ok: true });
    w.clock.advance(9 * 60_000);
    expect(await w.call(w.tokenA, 'auth.me', {})).toMatchObject({
      ok: true,
      value: { account: { id: w.learnerA } },
    });
    w.clock.advance(11 * 60_000);
    expect(await w.call(w.tokenA, 'auth.me', {})).toMatchObject({ ok: true, value: { account: null } });
    const back = await w.must(w.core.newSession(), 'auth.login', { accountId: w.learnerA, pin: '172839' });
    expect(back.resume).toEqual({ route: '/belajar/uji-dasar/l2', position: 12 });
    w.close();
  });

  it('leaving kiosk mode needs an operator PIN', async () => {
    const w = await makeWorld(tempDir());
    const s = w.core.newSession();
    expect(await w.call(s, 'kiosk.exit', { accountId: w.operatorId, pin: '061728' })).toMatchObject({
      ok: false,
      error: { code: 'WRONG_PIN' },
    });
    expect(await w.call(s, 'kiosk.exit', { accountId: w.learnerA, pin: '172839' })).toMatchObject({
      ok: false,
      error: { code: 'FORBIDDEN' },
    });
    // The browser shell has no kiosk mode to leave: the PIN is right, but nothing exits.
    expect(await w.call(s, 'kiosk.exit', { accountId: w.operatorId, pin: '246813' })).toMatchObject({
      ok: true,
      value: { exiting: false },
    });
    const { entries } = await w.must(w.operator, 'audit.list', { limit: 3 });
    expect(entries.map((e) => e.action)).toEqual(['kiosk.exit', 'kiosk.exit_denied', 'kiosk.exit_denied']);
    w.close();
  });
});

describe('the roster and the operator’s view of locks', () => {
  const tempDir = useTempDirs();
  it('operatorsOnly lists only operators; a lockout is counted for the operator to see', async () => {
    const w = await makeWorld(tempDir());
    const { cards } = await w.must(w.core.newSession(), 'auth.roster', { search: '', operatorsOnly: true });
    expect(cards.every((c) => c.isOperator)).toBe(true);
    expect(cards.map((c) => c.id)).toEqual(expect.arrayContaining([w.operatorId, w.pureOperatorId]));
    const s = w.core.newSession();
    for (let i = 0; i < 5; i++) await w.call(s, 'auth.login', { accountId: w.learnerB, pin: '061728' });
    const { learners } = await w.must(w.operator, 'learners.list', {});
    expect(learners.find((l) => l.id === w.learnerB)).toMatchObject({ lockouts: 1 });
    expect(
      await w.call(w.operator, 'learners.setDisabled', { id: w.operatorId, disabled: true }),
    ).toMatchObject({
      ok: false,
      error: { code: 'CONFLICT', details: { reason: 'self' } },
    });
    w.close();
  });
});
