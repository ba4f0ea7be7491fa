import type { ApiError } from '../../../../../main/api/result';
import type {
  EndpointRefusal,
  QuarantineReason,
  UploadEnd,
  UploadErrorCode,
} from '../../../../../main/api/lrs';

/**
 * The codes the LRS uploader gives (main/api/lrs.ts), each with a plain sentence in the i18n files under the
 * key the helpers below build. tests/renderer/lrs.test.ts checks the lists against the contract's types and
 * the sentences in both languages.
 */

/** Why the last upload attempt failed (`UploadStatus.lastErrorCode`, `UploadReport.error.code`). */
export const UPLOAD_ERRORS = [
  'unreachable',
  'timeout',
  'server_error',
  'throttled',
  'bad_response',
  'not_lrs',
  'auth',
  'endpoint',
  'rejects_all',
] as const satisfies readonly UploadErrorCode[];

/** Why a statement is in quarantine. */
export const QUARANTINE_REASONS = [
  'rejected',
  'too_large',
  'conflict',
  'conflict_unverified',
] as const satisfies readonly QuarantineReason[];

/** Why `lrs.set` refused the endpoint (`details.reason`). */
export const ENDPOINT_REFUSALS = [
  'not_a_url',
  'scheme',
  'credentials_in_url',
  'query_or_fragment',
  'http',
] as const satisfies readonly EndpointRefusal[];

/** How an upload run ended. */
export const UPLOAD_ENDS = [
  'empty',
  'unreachable',
  'refused',
  'cancelled',
] as const satisfies readonly UploadEnd[];

/** The verbs the kiosk records (main/core/recorder/profile.ts `VerbKey`), named in the quarantine list. */
export const VERB_KEYS = [
  'launched',
  'experienced',
  'completed',
  'attempted',
  'answered',
  'passed',
  'failed',
  'initialized',
  'resumed',
  'suspended',
  'progressed',
  'terminated',
  'certified',
] as const;

export const uploadErrorKey = (code: UploadErrorCode) => `op.lrs.error.${code}` as const;
export const quarantineReasonKey = (code: QuarantineReason) => `op.lrs.quarantine.reason.${code}` as const;
export const endpointRefusalKey = (code: EndpointRefusal) => `op.lrs.form.refusal.${code}` as const;
export const uploadEndKey = (end: UploadEnd) => `op.lrs.end.${end}` as const;

/** A code from the app, or null when it is not one this UI knows (a newer core): then a general sentence. */
export function known<C extends string>(value: unknown, codes: readonly C[]): C | null {
  return typeof value === 'string' && (codes as readonly string[]).includes(value) ? (value as C) : null;
}

/** The endpoint refusal of an `lrs.set` answer, if that is what it is. */
export function endpointRefusalOf(error: ApiError | null): EndpointRefusal | null {
  return error?.code === 'BAD_INPUT' ? known(error.details?.reason, ENDPOINT_REFUSALS) : null;
}

/** The verb of a quarantined statement in words; a verb this UI does not know is shown as it is. */
export function verbKey(verb: string): string | null {
  const key = known(verb, VERB_KEYS);
  return key ? `op.lrs.verb.${key}` : null;
}
