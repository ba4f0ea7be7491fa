/**
 * Every error code an API call can answer with. The UI maps each code to Indonesian
 * (and English) text in `renderer/src/i18n`; a test checks that every code has both.
 */
export const ERROR_CODES = [
  /** The method name is not in the contract. */
  'UNKNOWN_METHOD',
  /** The arguments did not match the method's schema (wrong type, missing field, too long). */
  'BAD_INPUT',
  /** The call needs a logged-in account and there is none (or the session expired). */
  'UNAUTHENTICATED',
  /** The logged-in account does not have the role the method needs. */
  'FORBIDDEN',
  /** The kiosk has not been set up for a village yet. */
  'NOT_SET_UP',
  /** Set-up was already done; it cannot be done twice. */
  'ALREADY_SET_UP',
  /** The thing named by an id does not exist (or is not visible to this account). */
  'NOT_FOUND',
  /** The request conflicts with the current state (e.g. a duplicate). */
  'CONFLICT',
  /** Wrong PIN. */
  'WRONG_PIN',
  /** The account is locked after too many wrong PINs; `details.until` says until when. */
  'LOCKED',
  /** A new PIN is too easy to guess; `details.reason` is one of WEAK_PIN_REASONS (main/api/pin-rules.ts). */
  'WEAK_PIN',
  /** The account is disabled by the operator. */
  'DISABLED',
  /** The recovery code is wrong. */
  'WRONG_RECOVERY_CODE',
  /** The payload is larger than the transport accepts. */
  'TOO_LARGE',
  /** Too many calls in a short time. */
  'RATE_LIMITED',
  /** The content or file is invalid (bad course, bad package). */
  'INVALID_CONTENT',
  /** The drive (USB stick) is not plugged in any more, or the id is unknown. */
  'DRIVE_NOT_FOUND',
  /** Another task of the same kind is still running. */
  'BUSY',
  /** Something unexpected failed inside the app; the detail is in the log. */
  'INTERNAL',
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];

export function isErrorCode(value: unknown): value is ErrorCode {
  return typeof value === 'string' && (ERROR_CODES as readonly string[]).includes(value);
}
