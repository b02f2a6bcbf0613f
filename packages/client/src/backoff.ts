/**
 * Reconnect delays.
 *
 * Full jitter (the "Exponential Backoff and Jitter" scheme): attempt `n` (0 for the first retry
 * after a connection was lost) waits a uniformly random time in `[0, min(maxDelayMs,
 * minDelayMs · 2^n))`, so a crowd of clients dropped at once spreads out instead of returning in
 * waves. `random` is injectable so tests pin the draw.
 */
export interface BackoffPolicy {
  minDelayMs: number;
  maxDelayMs: number;
  random: () => number;
}

/** The ceiling of attempt `n`: `min(maxDelayMs, minDelayMs · 2^n)`. */
export function backoffCeiling(attempt: number, policy: BackoffPolicy): number {
  const exponent = Math.min(Math.max(0, Math.floor(attempt)), 30);
  return Math.min(policy.maxDelayMs, policy.minDelayMs * 2 ** exponent);
}

/** A full-jitter delay for attempt `n`, in `[0, backoffCeiling(n)]`. */
export function backoffDelay(attempt: number, policy: BackoffPolicy): number {
  return Math.floor(clampUnit(policy.random()) * backoffCeiling(attempt, policy));
}

/** A delay near the ceiling, for "slow down" signals (4429): `[maxDelayMs / 2, maxDelayMs]`. */
export function maxBackoffDelay(policy: BackoffPolicy): number {
  return Math.floor(policy.maxDelayMs * (0.5 + clampUnit(policy.random()) / 2));
}

/** Longest server reconnect hint honoured (a larger `retry_after_ms` is cut to this). */
export const MAX_HINT_MS = 60_000;

/**
 * The delay after a 1001 "going away" with the server's `retry_after_ms` hint: the hint (already
 * jittered per socket by the gateway) plus up to `minDelayMs` of our own jitter.
 */
export function hintedDelay(hintMs: number, policy: BackoffPolicy): number {
  const hint = Math.min(Math.max(0, hintMs), MAX_HINT_MS);
  return Math.floor(hint + clampUnit(policy.random()) * policy.minDelayMs);
}

/**
 * The delay after a "try again later" with the server's hint (close 1013's `retry_after_ms`, or
 * `Retry-After` on a refused upgrade): the longer of the hint plus up to `minDelayMs` of jitter
 * and this attempt's full-jitter backoff. Never sooner than the server asked; and since a refused
 * connection delivers no frame, `attempt` keeps counting, so repeated refusals draw from the
 * growing backoff range (up to `maxDelayMs`) as well.
 */
export function retryLaterDelay(hintMs: number, attempt: number, policy: BackoffPolicy): number {
  return Math.max(hintedDelay(hintMs, policy), backoffDelay(attempt, policy));
}

function clampUnit(value: number): number {
  return Number.isFinite(value) ? Math.min(Math.max(value, 0), 1) : 0;
}
