import { err, ok, type Result } from '../../api/result';
import { normaliseRecoveryCode, verifySecret } from '../crypto/secrets';
import type { BackupHeader } from './format';

export const MIN_PASSPHRASE_CHARS = 8;
export const MAX_PASSPHRASE_CHARS = 200;

/** 16 symbols of the recovery-code alphabet (main/core/crypto/secrets.ts), after normalising. */
const RECOVERY_CODE_SHAPE = /^[2-9A-HJKMNP-Z]{16}$/;

export interface BackupSecret {
  kind: BackupHeader['passphrase'];
  /** What the operator typed; `passphraseBytes` normalises it by kind. */
  text: string;
}

/**
 * The passphrase a new backup is encrypted with: this kiosk's recovery code (checked against its hash, so
 * a mistyped code never seals a backup nobody can open), or one the operator chose, at least 8 characters.
 * Something shaped like a recovery code that is not this kiosk's is refused rather than taken as a chosen one.
 */
export function backupSecret(passphrase: string, recoveryHash: string): Result<BackupSecret> {
  const code = normaliseRecoveryCode(passphrase);
  if (RECOVERY_CODE_SHAPE.test(code)) {
    if (verifySecret(code, recoveryHash)) return ok({ kind: 'recovery-code', text: passphrase });
    return err(
      'WRONG_RECOVERY_CODE',
      "this looks like a recovery code but it is not this kiosk's; check it, or choose another passphrase",
      { reason: 'not_this_recovery_code' },
    );
  }
  const length = [...passphrase.normalize('NFC')].length;
  if (length < MIN_PASSPHRASE_CHARS)
    return err('BAD_INPUT', `a chosen passphrase needs at least ${MIN_PASSPHRASE_CHARS} characters`, {
      reason: 'passphrase_too_short',
      min: MIN_PASSPHRASE_CHARS,
    });
  if (length > MAX_PASSPHRASE_CHARS)
    return err('BAD_INPUT', `a passphrase may have at most ${MAX_PASSPHRASE_CHARS} characters`, {
      reason: 'passphrase_too_long',
      max: MAX_PASSPHRASE_CHARS,
    });
  return ok({ kind: 'chosen', text: passphrase });
}
