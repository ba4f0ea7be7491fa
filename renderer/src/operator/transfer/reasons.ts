import type { ApiError } from '../../../../main/api/result';
import type { ReceiptRefusal } from '../../../../main/api/transfer';

/**
 * The reason codes the core gives in `error.details.reason` for results leaving the village, as the contract
 * (main/api/transfer.ts) and the core name them. Each has a plain sentence in the i18n files under the key
 * the helpers below build; tests/renderer/transfer.test.ts checks the lists against the core's types and the
 * texts in both languages.
 */

/** Why a bundle export failed (main/core/bundles/export.ts `ExportFailure`). */
export const EXPORT_FAILURES = [
  'pulled',
  'folder_gone',
  'read_only',
  'no_space',
  'too_large',
  'write_failed',
  'verify_failed',
  'device_key',
  'cancelled',
  'internal',
] as const;
export type ExportFailureCode = (typeof EXPORT_FAILURES)[number];

/** Why a receipt found on a stick was refused. */
export const RECEIPT_REFUSALS = [
  'unreadable',
  'malformed',
  'bad_signature',
  'other_device',
  'unknown_bundle',
  'bad_enrolment',
  'uncertified',
  'hub_out_of_region',
  'hub_expired',
  'hub_revoked',
  'hub_untrusted',
  'hub_unconfirmed',
] as const satisfies readonly ReceiptRefusal[];

/** Why a backup was not made: the passphrase (said on the form) or the stick (the task's end). */
export const BACKUP_FAILURES = [
  'passphrase_too_short',
  'passphrase_too_long',
  'not_this_recovery_code',
  'stick_removed',
  'stick_full',
  'stick_read_only',
  'write_failed',
  'verify_failed',
] as const;
export type BackupFailureCode = (typeof BACKUP_FAILURES)[number];

/** The reason code of an API error when it is one of `codes`, else null (the error's own text is shown). */
export function reasonOf<C extends string>(error: ApiError | null, codes: readonly C[]): C | null {
  const reason = error?.details?.reason;
  return typeof reason === 'string' && (codes as readonly string[]).includes(reason) ? (reason as C) : null;
}

/** i18n keys of the sentences, one per code. */
export const exportFailureKey = (code: ExportFailureCode) => `op.transfer.fail.${code}` as const;
export const receiptRefusalKey = (code: ReceiptRefusal) => `op.transfer.refusal.${code}` as const;
export const backupFailureKey = (code: BackupFailureCode) => `op.backup.fail.${code}` as const;
