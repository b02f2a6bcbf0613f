/** Longest `Retry-After` honoured, in ms (a larger one is cut to this; see backoff's MAX_HINT_MS). */
const MAX_RETRY_AFTER_MS = 60_000;

/**
 * An HTTP `Retry-After` value in milliseconds from `nowMs`: delta-seconds (`"5"`) or an
 * HTTP-date (`"Wed, 21 Oct 2015 07:28:00 GMT"`, a past date is 0). Undefined when absent or
 * unparsable; capped at 60 s. Only Node's `ws` exposes it: a browser never sees the response
 * of a refused upgrade.
 */
export function parseRetryAfter(value: unknown, nowMs: number): number | undefined {
  const text = Array.isArray(value) ? value[0] : value;
  if (typeof text !== "string") return undefined;
  const trimmed = text.trim();
  if (/^\d+$/.test(trimmed)) return Math.min(Number(trimmed) * 1000, MAX_RETRY_AFTER_MS);
  const at = Date.parse(trimmed);
  if (!/[a-z]/i.test(trimmed) || Number.isNaN(at)) return undefined;
  return Math.min(Math.max(0, at - nowMs), MAX_RETRY_AFTER_MS);
}
