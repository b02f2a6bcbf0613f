/**
 * Per-socket message rate limit: a token bucket refilled at `messagesPerSecond` up to `burst`.
 *
 * `take()` is called once per client message and answers:
 * - `ok`: the message is processed;
 * - `warn`: the bucket is empty for the first time — the message is dropped and the client gets
 *   a `rate_limited` error frame;
 * - `close`: the bucket ran empty again before it had refilled completely since the warning —
 *   the client keeps abusing it and the socket is closed with 4429.
 * The warning is forgiven once the bucket is full again (the client has been quiet long enough).
 */
export interface RateLimitOptions {
  messagesPerSecond: number;
  burst: number;
  /** Clock in milliseconds; injectable for tests. */
  now?: () => number;
}

export type RateDecision = "ok" | "warn" | "close";

export interface RateLimiter {
  take(): RateDecision;
}

export function createRateLimiter(options: RateLimitOptions): RateLimiter {
  const now = options.now ?? (() => performance.now());
  const { messagesPerSecond, burst } = options;
  let tokens = burst;
  let last = now();
  let warned = false;
  return {
    take() {
      const t = now();
      tokens = Math.min(burst, tokens + ((t - last) / 1000) * messagesPerSecond);
      last = t;
      if (warned && tokens >= burst) warned = false;
      if (tokens >= 1) {
        tokens -= 1;
        return "ok";
      }
      if (!warned) {
        warned = true;
        return "warn";
      }
      return "close";
    },
  };
}
