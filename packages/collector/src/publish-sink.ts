import type { DraftEvent, Logger } from "@wirewatch/protocol";
import { errorText } from "@wirewatch/protocol";
import type { Publisher } from "./collector.js";

/** Counters of what a sink did; exposed by the scheduler for health endpoints and tests. */
export interface PublishStats {
  published: number;
  failed: number;
  /** Failures since the last success (0 while the bus accepts events). */
  failingStreak: number;
  lastError: string | null;
}

/**
 * Fire-and-forget publishing with accounting. `send` never throws and never rejects: a failed
 * publish (bus down, publisher throwing synchronously) is counted and logged — once when a
 * failure streak starts and once when it ends, so a dead bus does not flood the log.
 * `drain()` waits for every publish sent so far.
 */
export interface PublishSink {
  send(draft: DraftEvent): void;
  drain(): Promise<void>;
  stats(): PublishStats;
}

export function createPublishSink(publisher: Publisher, logger: Logger): PublishSink {
  const pending = new Set<Promise<void>>();
  const stats: PublishStats = { published: 0, failed: 0, failingStreak: 0, lastError: null };

  const onSuccess = (): void => {
    stats.published += 1;
    if (stats.failingStreak > 0) {
      logger.info({ failed: stats.failingStreak }, "publishing recovered");
      stats.failingStreak = 0;
    }
  };
  const onFailure = (draft: DraftEvent, err: unknown): void => {
    stats.failed += 1;
    stats.lastError = errorText(err);
    if (stats.failingStreak === 0) {
      logger.warn(
        { channel: draft.channel, err: stats.lastError },
        "publishing failed; counting until it recovers",
      );
    }
    stats.failingStreak += 1;
  };

  return {
    send(draft) {
      let attempt: Promise<unknown>;
      try {
        attempt = Promise.resolve(publisher.publish(draft));
      } catch (err) {
        attempt = Promise.reject(err);
      }
      const tracked = attempt.then(onSuccess, (err: unknown) => onFailure(draft, err));
      pending.add(tracked);
      void tracked.finally(() => pending.delete(tracked));
    },
    async drain() {
      while (pending.size > 0) await Promise.all([...pending]);
    },
    stats: () => ({ ...stats }),
  };
}
