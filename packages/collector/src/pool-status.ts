import { type Clock, type Logger, silentLogger, systemClock } from "@wirewatch/protocol";
import type { Publisher } from "./collector.js";
import { createPublishSink } from "./publish-sink.js";
import type { ParsePool, PoolSnapshot } from "./task-tracker.js";

/** Most tasks listed in one queue-update (keeps the event far below the 64 KiB frame limit). */
export const MAX_LISTED_TASKS = 50;

export interface PoolStatusOptions {
  pool: Pick<ParsePool, "snapshot" | "onChange">;
  publisher: Publisher;
  /** Host of the `jobs` events. */
  host: string;
  /** Name of the queue in the events. Default `collector.parse`. */
  queue?: string;
  clock?: Clock;
  logger?: Logger;
  /** At most one event per this period. Default 1000 ms. */
  minIntervalMs?: number;
  /** A change is looked at this long after it happened, so sub-`settleMs` blips stay quiet. Default 100 ms. */
  settleMs?: number;
}

/** The `jobs` payload: NZB Flow's `queue-update`, for the collector's parse pool. */
export interface QueueUpdate {
  type: "queue-update";
  queue: string;
  active: boolean;
  running: number;
  queued: number;
  threads: number;
  completed: number;
  failed: number;
  tasks: PoolSnapshot["tasks"];
  tasks_truncated: boolean;
}

export function toQueueUpdate(queue: string, snapshot: PoolSnapshot): QueueUpdate {
  return {
    type: "queue-update",
    queue,
    active: true,
    running: snapshot.running,
    queued: snapshot.queued,
    threads: snapshot.threads,
    completed: snapshot.completed,
    failed: snapshot.failed,
    tasks: snapshot.tasks.slice(0, MAX_LISTED_TASKS),
    tasks_truncated: snapshot.tasks.length > MAX_LISTED_TASKS,
  };
}

const signature = (s: PoolSnapshot): string =>
  `${s.running}/${s.queued}:${s.tasks.map((t) => `${t.name}:${t.state}`).join(",")}`;

/**
 * Publishes the pool's state on `jobs` as a `queue-update`: once at start, then on change.
 * Changes are sampled — a snapshot is taken at least `settleMs` after the change that triggered
 * it and at most once per `minIntervalMs`, and published only when it differs from the last
 * one published (counts and task names/states). A pool that finishes every parse within
 * milliseconds therefore stays quiet; a backlog shows up within a second, and its end too.
 */
export function createPoolStatusReporter(options: PoolStatusOptions): { stop(): void } {
  const clock = options.clock ?? systemClock;
  const queue = options.queue ?? "collector.parse";
  const minIntervalMs = options.minIntervalMs ?? 1_000;
  const settleMs = options.settleMs ?? 100;
  const sink = createPublishSink(options.publisher, options.logger ?? silentLogger);
  let lastSignature: string | null = null;
  let lastEmitMs = Number.NEGATIVE_INFINITY;
  let timer: unknown = null;
  let stopped = false;

  const publishIfChanged = (): void => {
    timer = null;
    if (stopped) return;
    const snapshot = options.pool.snapshot();
    const sig = signature(snapshot);
    if (sig !== lastSignature) {
      lastSignature = sig;
      lastEmitMs = clock.now();
      sink.send({
        channel: "jobs",
        host: options.host,
        timestamp: new Date(lastEmitMs).toISOString(),
        data: toQueueUpdate(queue, snapshot),
      });
    }
    // Keep watching while work is in flight, so the backlog's progress and its end are seen.
    if (snapshot.tasks.length > 0) arm();
  };

  const arm = (): void => {
    if (stopped || timer !== null) return;
    const wait = Math.max(settleMs, lastEmitMs + minIntervalMs - clock.now());
    timer = clock.setTimeout(publishIfChanged, wait);
  };

  const unsubscribe = options.pool.onChange(arm);
  publishIfChanged();
  return {
    stop() {
      stopped = true;
      unsubscribe();
      if (timer !== null) clock.clearTimeout(timer);
    },
  };
}
