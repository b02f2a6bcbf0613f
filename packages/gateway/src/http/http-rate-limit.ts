import { TokenBucket } from "../connection/rate-limit.js";

/** What {@link HttpRateLimit.take} decides for one request. */
export type HttpRateDecision = { ok: true } | { ok: false; retryAfterSeconds: number };

/**
 * The WebSocket message rate applied to HTTP publishes: one token bucket per client (token name
 * and client address), refilled at `messagesPerSecond` up to `burst`. HTTP has no socket to
 * close, so every message past the bucket is refused (429 with `Retry-After`). At most
 * `maxClients` buckets are kept; past that the oldest is forgotten (it starts full again).
 */
export interface HttpRateLimit {
  take(client: string): HttpRateDecision;
}

export function createHttpRateLimit(options: {
  messagesPerSecond: number;
  burst: number;
  maxClients?: number;
  now?: () => number;
}): HttpRateLimit {
  const buckets = new Map<string, TokenBucket>();
  const maxClients = options.maxClients ?? 10_000;
  const retryAfterSeconds = Math.max(1, Math.ceil(1 / options.messagesPerSecond));
  return {
    take(client) {
      let bucket = buckets.get(client);
      if (!bucket) {
        if (buckets.size >= maxClients) buckets.delete(buckets.keys().next().value as string);
        bucket = new TokenBucket(options.messagesPerSecond, options.burst, options.now);
        buckets.set(client, bucket);
      }
      return bucket.take() === "ok" ? { ok: true } : { ok: false, retryAfterSeconds };
    },
  };
}
