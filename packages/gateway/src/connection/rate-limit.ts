/** The bucket's rate and size; `now` for tests. */
export interface RateLimitOptions {
  messagesPerSecond: number;
  burst: number;
  /** Clock in milliseconds; injectable for tests. */
  now?: () => number;
}

/** What one message gets (see {@link RateLimiter}). */
export type RateDecision = "ok" | "warn" | "close";

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
export interface RateLimiter {
  take(): RateDecision;
}

const monotonicNow = (): number => performance.now();

/** The token bucket, state in fields (one small object per socket). */
export class TokenBucket implements RateLimiter {
  private tokens: number;
  private last: number;
  private warned = false;

  constructor(
    private readonly messagesPerSecond: number,
    private readonly burst: number,
    private readonly now: () => number = monotonicNow,
  ) {
    this.tokens = burst;
    this.last = now();
  }

  take(): RateDecision {
    const t = this.now();
    this.tokens = Math.min(this.burst, this.tokens + ((t - this.last) / 1000) * this.messagesPerSecond);
    this.last = t;
    if (this.warned && this.tokens >= this.burst) this.warned = false;
    if (this.tokens >= 1) {
      this.tokens -= 1;
      return "ok";
    }
    if (!this.warned) {
      this.warned = true;
      return "warn";
    }
    return "close";
  }
}

export function createRateLimiter(options: RateLimitOptions): RateLimiter {
  return new TokenBucket(options.messagesPerSecond, options.burst, options.now);
}
