import type { ApiError } from '../../../../main/api/result';

/**
 * Why a backup was not restored at the set-up screen (`error.details.reason` of `setup.restore`, as
 * main/core/backup names them). Each has a sentence under `setup.restore.fail.<code>` in both languages
 * (tests/renderer/transfer.test.ts checks it).
 */
export const RESTORE_FAILURES = [
  'wrong_passphrase_or_damaged',
  'damaged',
  'not_a_backup',
  'newer_format',
  'truncated',
  'too_large',
  'newer_app',
  'already_set_up',
  'target_unreadable',
  'target_busy',
  'write_failed',
] as const;
export type RestoreFailureCode = (typeof RESTORE_FAILURES)[number];

export function restoreFailureOf(error: ApiError | null): RestoreFailureCode | null {
  const reason = error?.details?.reason;
  return RESTORE_FAILURES.find((code) => code === reason) ?? null;
}

export const restoreFailureKey = (code: RestoreFailureCode) => `setup.restore.fail.${code}` as const;
