/** How long to wait before trying the LRS again. */

export interface BackoffConfig {
  /** The first wait (step 0), before jitter. */
  baseMs: number;
  /** No wait grows beyond this (before jitter). */
  maxMs: number;
  /** A Retry-After longer than this is cut to it (a broken header must not stall uploads for days). */
  maxRetryAfterMs: number;
}

export const DEFAULT_BACKOFF: BackoffConfig = {
  baseMs: 2_000,
  maxMs: 15 * 60_000,
  maxRetryAfterMs: 60 * 60_000,
};

/**
 * Exponential back-off with "equal jitter": the cap doubles with each failed step (base · 2^step, at most
 * maxMs) and the wait is a random point in its upper half, so many kiosks that lost the link together do not
 * come back together, yet none retries sooner than half the cap. `retryAfterMs` (the LRS's Retry-After) is a
 * floor: the wait is never shorter than the server asked for (up to maxRetryAfterMs).
 */
export function backoffDelay(
  step: number,
  config: BackoffConfig,
  random: () => number,
  retryAfterMs: number | null = null,
): number {
  const cap = Math.min(config.maxMs, config.baseMs * 2 ** Math.min(Math.max(0, step), 40));
  const jittered = Math.round(cap / 2 + random() * (cap / 2));
  const floor = retryAfterMs === null ? 0 : Math.min(Math.max(0, retryAfterMs), config.maxRetryAfterMs);
  return Math.max(jittered, floor);
}

/** Retry-After as milliseconds from `now`: delta-seconds or an HTTP date (RFC 9110 10.2.3); null if absent or bad. */
export function parseRetryAfter(value: string | null, now: Date): number | null {
  if (value === null) return null;
  const text = value.trim();
  if (/^\d+$/.test(text)) return Number(text) * 1000;
  const at = Date.parse(text);
  if (Number.isNaN(at)) return null;
  return Math.max(0, at - now.getTime());
}
