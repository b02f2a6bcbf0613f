import { type Clock, errorText, type Logger, silentLogger, systemClock } from "@wirewatch/protocol";
import type { Collector, GatherTask, Publisher } from "./collector.js";
import { CollectorError } from "./errors.js";
import { defaultHostName } from "./host-name.js";
import { createPublishSink, type PublishStats } from "./publish-sink.js";
import type { RunnerContext } from "./runner-context.js";
import { createStreamRunner } from "./stream-runner.js";
import type { TaskStatus } from "./task-health.js";
import { createTaskRunner, type TaskRunner } from "./task-runner.js";

export interface SchedulerOptions {
  /** Where events go (the Bus, or a recording publisher in tests). */
  publisher: Publisher;
  /** Host of events and status events when an input does not name one. Default: OS host name. */
  host?: string;
  clock?: Clock;
  logger?: Logger;
  /** Random source in [0, 1) for jitter. Default Math.random. */
  random?: () => number;
  /** A schedule with no success for this many intervals is `stale`. Default 3. */
  staleAfterIntervals?: number;
  /** An unchanged status is re-published every this many intervals. Default 10. */
  statusEveryIntervals?: number;
  /** Cap of the error backoff. Default 60 s (never below a task's interval). */
  maxBackoffMs?: number;
  /** Event streams: first restart delay. Default 1 s. */
  streamRestartDelayMs?: number;
  /** Event streams: status repeat period. Default 30 s. */
  streamStatusEveryMs?: number;
  /** Validate every payload against its channel schema before publishing. Default true. */
  validatePayloads?: boolean;
}

export interface Scheduler {
  /** Adds an input; its schedules begin at once if the scheduler is started. */
  add(collector: Collector): void;
  start(): void;
  /**
   * Runs every polled schedule once, now, one after the other, and waits until their events are
   * published. `filter` limits it to one input (`host`) or one schedule (`host.stats`). For tests
   * and one-shot collection; the regular timers are unaffected.
   */
  runNow(filter?: string): Promise<void>;
  /** Stops timers, aborts in-flight gathers, closes every input. */
  stop(): Promise<void>;
  /** Latest status of every schedule that has one. */
  status(): TaskStatus[];
  /** Publishing counters (failures while the bus is down, etc.). */
  stats(): PublishStats;
}

/** The schedules of a polled input: its `tasks`, or its single `gather` named after it. */
export function gatherTasksOf(collector: Collector): { input: string; task: GatherTask }[] {
  const tasks = collector.tasks ?? [];
  const out = tasks.map((task) => ({ input: `${collector.name}.${task.name}`, task }));
  if (collector.gather) {
    const gather = collector.gather.bind(collector);
    out.push({
      input: collector.name,
      task: { name: collector.name, intervalMs: collector.intervalMs ?? 10_000, gather },
    });
  }
  return out;
}

/**
 * The scheduler of architecture §1's collector box: runs every input's schedules and streams, publishes
 * what they emit, and reports each one's health on `collector.status`. Publishing failures are
 * counted and logged, never thrown — a bus outage must not stop sampling.
 */
export function createScheduler(options: SchedulerOptions): Scheduler {
  const logger = options.logger ?? silentLogger;
  const sink = createPublishSink(options.publisher, logger);
  const base: Omit<RunnerContext, "host"> = {
    clock: options.clock ?? systemClock,
    random: options.random ?? Math.random,
    logger,
    sink,
    validate: options.validatePayloads ?? true,
    staleAfterIntervals: options.staleAfterIntervals ?? 3,
    statusEveryIntervals: options.statusEveryIntervals ?? 10,
    maxBackoffMs: options.maxBackoffMs ?? 60_000,
  };
  const defaultHost = options.host ?? defaultHostName();
  const entries: { collector: Collector; runners: TaskRunner[] }[] = [];
  let started = false;
  let stopped = false;

  const runnersOf = (collector: Collector): TaskRunner[] => {
    const ctx: RunnerContext = { ...base, host: collector.host ?? defaultHost };
    const runners = gatherTasksOf(collector).map(({ input, task }) =>
      createTaskRunner(task.host === undefined ? ctx : { ...ctx, host: task.host }, input, task),
    );
    if (collector.start) {
      runners.push(
        createStreamRunner(ctx, collector, {
          restartDelayMs: options.streamRestartDelayMs ?? 1_000,
          repeatEveryMs: options.streamStatusEveryMs ?? 30_000,
        }),
      );
    }
    return runners;
  };

  const allRunners = (): TaskRunner[] => entries.flatMap((entry) => entry.runners);

  return {
    add(collector) {
      if (stopped)
        throw new CollectorError(
          "WW_COLLECTOR_STOPPED",
          `cannot add input ${collector.name}: scheduler is stopped`,
        );
      const runners = runnersOf(collector);
      entries.push({ collector, runners });
      if (started) for (const runner of runners) runner.start();
    },
    start() {
      if (started || stopped) return;
      started = true;
      for (const runner of allRunners()) runner.start();
    },
    async runNow(filter) {
      for (const runner of allRunners()) {
        if (filter === undefined || runner.input === filter || runner.input.startsWith(`${filter}.`)) {
          await runner.runNow();
        }
      }
    },
    async stop() {
      if (stopped) return;
      stopped = true;
      await Promise.all(allRunners().map((runner) => runner.stop()));
      for (const { collector } of entries) {
        try {
          await collector.close();
        } catch (err) {
          logger.warn({ input: collector.name, err: errorText(err) }, "input failed to close");
        }
      }
      await sink.drain();
    },
    status: () => allRunners().flatMap((runner) => runner.status() ?? []),
    stats: () => sink.stats(),
  };
}
