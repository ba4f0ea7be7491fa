/**
 * The backup passphrase as the form checks it before asking the app (which checks again:
 * main/core/backup/passphrase.ts). Either this kiosk's recovery code, or one the operator chose.
 */
export type PassphraseKind = 'recovery-code' | 'chosen';

export const MIN_PASSPHRASE_CHARS = 8;
export const MAX_PASSPHRASE_CHARS = 200;

/** 16 symbols without look-alikes (no I, L, O, 0, 1), any case, dashes and spaces optional. */
const RECOVERY_CODE = /^[2-9A-HJKMNP-Z]{16}$/;

export function looksLikeRecoveryCode(text: string): boolean {
  return RECOVERY_CODE.test(text.toUpperCase().replace(/[\s-]/g, ''));
}

/** Characters as a person counts them (an é typed either way is one). */
export function passphraseLength(text: string): number {
  return [...text.normalize('NFC')].length;
}

/** The i18n key of what is wrong with each field, or nothing. */
export function passphraseProblems(
  kind: PassphraseKind,
  passphrase: string,
  confirm: string,
): { passphrase?: string; confirm?: string } {
  if (kind === 'recovery-code') {
    // Something not shaped like a code would be taken as a chosen passphrase: a typo must not seal a backup.
    if (!passphrase.trim()) return { passphrase: 'op.backup.form.codeMissing' };
    return looksLikeRecoveryCode(passphrase) ? {} : { passphrase: 'op.backup.form.codeShape' };
  }
  const length = passphraseLength(passphrase);
  if (length < MIN_PASSPHRASE_CHARS) return { passphrase: 'op.backup.fail.passphrase_too_short' };
  if (length > MAX_PASSPHRASE_CHARS) return { passphrase: 'op.backup.fail.passphrase_too_long' };
  if (confirm !== passphrase) return { confirm: 'op.backup.form.mismatch' };
  return {};
}
