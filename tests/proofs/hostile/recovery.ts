/**
 * Guessing the recovery code (issue 15): a burst of parallel guesses at `auth.recover`, as a script at the
 * kiosk or a hostile page reaching the host would send them. The code counts and locks like a PIN, however
 * many guesses are in flight at once, and the right code is refused while the lock holds. The lock and the
 * audit rows of the wrong tries are the refusal itself (harness.ts leaves `recovery_guard` out of the
 * comparison as it leaves out the audit log).
 */
import { fromResult, type HostileCase, type Outcome, type ProofVillage } from './harness';

/** Twelve different wrong codes. */
const WRONG = (i: number) => `ZZZZ-ZZZZ-ZZZZ-ZZ${'ABCDEFGHJKMN'[i]!}Z`;

async function guessBurst(v: ProofVillage): Promise<Outcome> {
  const guesses = await Promise.all(
    Array.from({ length: 12 }, (_, i) =>
      v.core.call(v.core.newSession(), 'auth.recover', {
        accountId: v.operatorId,
        recoveryCode: WRONG(i),
        newPin: '246810',
      }),
    ),
  );
  const wrong = guesses.filter((r) => !r.ok && r.error.code === 'WRONG_RECOVERY_CODE').length;
  const locked = guesses.filter((r) => !r.ok && r.error.code === 'LOCKED').length;
  if (guesses.some((r) => r.ok) || wrong + locked !== guesses.length)
    return {
      kind: 'accepted',
      detail: `answers: ${guesses.map((r) => (r.ok ? 'ok' : r.error.code)).join(' ')}`,
    };
  if (wrong > 4) return { kind: 'accepted', detail: `${wrong} of 12 parallel guesses were checked` };
  // The real code, while the lock holds: refused without being checked.
  const right = await v.core.call(v.core.newSession(), 'auth.recover', {
    accountId: v.operatorId,
    recoveryCode: v.recoveryCode,
    newPin: '246810',
  });
  if (right.ok) return { kind: 'accepted', detail: 'the right code got in while recovery was locked' };
  return fromResult(right);
}

export const recoveryCases: HostileCase[] = [
  {
    target: 'api',
    name: '12 parallel recovery-code guesses, then the right code',
    expect: /^LOCKED recovery/,
    run: guessBurst,
  },
];
