import type { ErrorCode } from './errors';

/** An error as it crosses the boundary: a code from `errors.ts`, an English message for logs, optional details. */
export interface ApiError {
  code: ErrorCode;
  message: string;
  /** Machine-readable extras, e.g. `{ until: ISO time }` for LOCKED or `{ issues: [...] }` for BAD_INPUT. */
  details?: Record<string, unknown>;
}

/** What every API call answers. Nothing throws across the boundary. */
export type Result<T> = { ok: true; value: T } | { ok: false; error: ApiError };

export function ok<T>(value: T): Result<T> {
  return { ok: true, value };
}

export function err<T = never>(
  code: ErrorCode,
  message: string,
  details?: Record<string, unknown>,
): Result<T> {
  return details === undefined
    ? { ok: false, error: { code, message } }
    : { ok: false, error: { code, message, details } };
}
