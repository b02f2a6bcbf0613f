import type { Redis } from "ioredis";

/**
 * This process's estimate of Redis's clock (`TIME`), so publishes can carry a deadline the
 * publish script checks in Redis's own time: a publish Redis reaches late (it was frozen, or the
 * bytes sat in a socket buffer) is dropped there instead of being delivered after the publisher
 * was told it failed. Clock skew between hosts does not matter; the error is half a round trip.
 */
export class RedisClock {
  private offsetMs: number | undefined;

  /** Measures the offset over `redis` (one TIME round trip). Rejects if TIME fails. */
  async sync(redis: Redis): Promise<void> {
    const before = Date.now();
    const [seconds, micros] = await redis.time();
    const after = Date.now();
    this.offsetMs = Number(seconds) * 1000 + Number(micros) / 1000 - (before + after) / 2;
  }

  /** Forgets the offset (TIME refused): deadlines are then empty, and not checked. */
  reset(): void {
    this.offsetMs = undefined;
  }

  /** Now plus `afterMs`, in Redis's clock, as the script's ms argument; '' when not synced. */
  deadline(afterMs: number): string {
    return this.offsetMs === undefined ? "" : String(Math.round(Date.now() + this.offsetMs + afterMs));
  }
}
