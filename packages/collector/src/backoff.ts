/**
 * Delay before the next attempt of a polled task: the interval while healthy; after `failures`
 * consecutive errors, interval × 2^failures, capped at `maxMs` (never below the interval).
 * Pure, so the policy is unit-tested without a scheduler.
 */
export function nextDelayMs(intervalMs: number, failures: number, maxMs: number): number {
  if (failures <= 0) return intervalMs;
  const cap = Math.max(intervalMs, maxMs);
  return Math.min(cap, intervalMs * 2 ** Math.min(failures, 30));
}

/** Uniform jitter in [0, jitterMs) from a [0, 1) random source. */
export function jitter(jitterMs: number, random: () => number): number {
  return jitterMs > 0 ? Math.floor(random() * jitterMs) : 0;
}
