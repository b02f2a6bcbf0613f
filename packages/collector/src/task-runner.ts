import { errorText } from "@wirewatch/protocol";
import { createAccumulator } from "./accumulator.js";
import { jitter, nextDelayMs } from "./backoff.js";
import type { GatherTask } from "./collector.js";
import { CollectorError } from "./errors.js";
import { type RunnerContext, statusDraft } from "./runner-context.js";
import { createTaskHealth, type TaskStatus } from "./task-health.js";
import { untilAborted } from "./until-aborted.js";

/** Longest default deadline of a gather (a task may set its own `timeoutMs`). */
export const DEFAULT_MAX_TIMEOUT_MS = 10_000;

export interface TaskRunner {
  readonly input: string;
  start(): void;
  /** Runs one gather now (after any in-flight one) and waits for its events to be published. */
  runNow(): Promise<void>;
  stop(): Promise<void>;
  status(): TaskStatus | null;
}

/**
 * Runs one polled schedule: gather every `intervalMs` (+ jitter) measured from the start of the
 * previous run, each under a deadline (an AbortSignal that fires after `timeoutMs`; the run is
 * abandoned at that moment even if the gather ignores the signal). After consecutive failures
 * the wait grows exponentially up to `maxBackoffMs`. Health goes to {@link createTaskHealth},
 * which publishes `collector.status`; a heartbeat every interval detects staleness.
 */
export function createTaskRunner(ctx: RunnerContext, input: string, task: GatherTask): TaskRunner {
  const { clock, logger } = ctx;
  const intervalMs = Math.max(1, task.intervalMs);
  const timeoutMs = Math.max(1, task.timeoutMs ?? Math.min(intervalMs, DEFAULT_MAX_TIMEOUT_MS));
  const health = createTaskHealth({
    input,
    intervalMs,
    staleAfterMs: ctx.staleAfterIntervals * intervalMs,
    repeatEveryMs: ctx.statusEveryIntervals * intervalMs,
    startedAtMs: clock.now(),
    publish: (status) => ctx.sink.send(statusDraft(ctx, status)),
  });
  let timer: unknown = null;
  let heartbeat: unknown = null;
  let inFlight: Promise<boolean> | null = null;
  let controller: AbortController | null = null;
  let started = false;
  let stopped = false;

  async function execute(): Promise<boolean> {
    const abort = new AbortController();
    controller = abort;
    const deadline = clock.setTimeout(
      () =>
        abort.abort(
          new CollectorError("WW_COLLECTOR_TIMEOUT", `gather did not finish within ${timeoutMs} ms`),
        ),
      timeoutMs,
    );
    let failure: unknown;
    const acc = createAccumulator({
      host: ctx.host,
      clock,
      validate: ctx.validate,
      send: (draft) => ctx.sink.send(draft),
      onError: (err) => {
        failure ??= err;
      },
      onLate: (channel) => logger.warn({ input, channel }, "event emitted after the gather ended; dropped"),
    });
    try {
      await untilAborted(() => task.gather(acc, abort.signal), abort.signal);
    } catch (err) {
      failure = abort.signal.aborted ? abort.signal.reason : (failure ?? err);
    } finally {
      clock.clearTimeout(deadline);
      acc.seal();
      controller = null;
    }
    if (stopped) return true;
    if (failure === undefined) {
      health.success(clock.now());
      return true;
    }
    health.failure(failure, clock.now());
    logger.warn({ input, err: errorText(failure), failures: health.consecutiveErrors }, "gather failed");
    return false;
  }

  function run(): Promise<boolean> {
    const current = execute().finally(() => {
      if (inFlight === current) inFlight = null;
    });
    inFlight = current;
    return current;
  }

  function schedule(delayMs: number): void {
    if (stopped) return;
    timer = clock.setTimeout(tick, delayMs + jitter(task.jitterMs ?? 0, ctx.random));
  }

  function tick(): void {
    timer = null;
    if (inFlight) {
      schedule(intervalMs);
      return;
    }
    const startedAt = clock.now();
    void run().then((ok) => {
      const elapsed = clock.now() - startedAt;
      schedule(
        ok
          ? Math.max(0, intervalMs - elapsed)
          : nextDelayMs(intervalMs, health.consecutiveErrors, ctx.maxBackoffMs),
      );
    });
  }

  function beat(): void {
    if (stopped) return;
    health.check(clock.now());
    heartbeat = clock.setTimeout(beat, intervalMs);
  }

  return {
    input,
    start() {
      if (stopped || started) return;
      started = true;
      schedule(0);
      heartbeat = clock.setTimeout(beat, intervalMs);
    },
    async runNow() {
      while (inFlight) await inFlight;
      await run();
      await ctx.sink.drain();
    },
    async stop() {
      stopped = true;
      if (timer !== null) clock.clearTimeout(timer);
      if (heartbeat !== null) clock.clearTimeout(heartbeat);
      controller?.abort(new CollectorError("WW_COLLECTOR_STOPPED", "scheduler stopping"));
      await inFlight;
    },
    status: () => health.snapshot(),
  };
}
