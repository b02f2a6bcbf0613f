import { errorText } from "@wirewatch/protocol";
import { createAccumulator } from "./accumulator.js";
import { nextDelayMs } from "./backoff.js";
import type { Collector } from "./collector.js";
import { CollectorError } from "./errors.js";
import { type RunnerContext, statusDraft } from "./runner-context.js";
import { createTaskHealth, type TaskStatus } from "./task-health.js";
import type { TaskRunner } from "./task-runner.js";
import { untilAborted } from "./until-aborted.js";

export interface StreamRunnerOptions {
  /** First restart delay after the stream ends or fails; doubles per consecutive failure. */
  restartDelayMs: number;
  /** How often an unchanged status is repeated. */
  repeatEveryMs: number;
}

/**
 * Runs an event-stream input (`collector.start(acc, signal)`). Every emitted event counts as a
 * success (status `ok`); `acc.error`, a rejection or an unexpected end is an error, and the
 * stream is restarted after an exponential backoff. Streams are never `stale`: silence is normal
 * for an event stream (no container events on a quiet host).
 */
export function createStreamRunner(
  ctx: RunnerContext,
  collector: Collector,
  options: StreamRunnerOptions,
): TaskRunner {
  const { clock, logger } = ctx;
  const input = collector.name;
  if (!collector.start) throw new TypeError(`input ${input} has no start()`);
  const start: NonNullable<Collector["start"]> = collector.start.bind(collector);
  const health = createTaskHealth({
    input,
    intervalMs: null,
    staleAfterMs: null,
    repeatEveryMs: options.repeatEveryMs,
    startedAtMs: clock.now(),
    publish: (status) => ctx.sink.send(statusDraft(ctx, status)),
  });
  let controller: AbortController | null = null;
  let running: Promise<void> | null = null;
  let timer: unknown = null;
  let heartbeat: unknown = null;
  let stopped = false;

  async function runStream(): Promise<void> {
    const abort = new AbortController();
    controller = abort;
    const acc = createAccumulator({
      host: collector.host ?? ctx.host,
      clock,
      validate: ctx.validate,
      send: (draft) => {
        ctx.sink.send(draft);
        health.success(clock.now());
      },
      onError: (err) => health.failure(err, clock.now()),
    });
    let failure: unknown;
    try {
      await untilAborted(() => start(acc, abort.signal), abort.signal);
      failure = new CollectorError("WW_COLLECTOR_STREAM_ENDED", "event stream ended");
    } catch (err) {
      failure = err;
    } finally {
      acc.seal();
      controller = null;
    }
    if (stopped) return;
    health.failure(failure, clock.now());
    const delay = nextDelayMs(options.restartDelayMs, health.consecutiveErrors, ctx.maxBackoffMs);
    logger.warn({ input, err: errorText(failure), restartInMs: delay }, "event stream stopped; restarting");
    timer = clock.setTimeout(launch, delay);
  }

  function launch(): void {
    timer = null;
    if (stopped) return;
    running = runStream();
  }

  function beat(): void {
    if (stopped) return;
    health.check(clock.now());
    heartbeat = clock.setTimeout(beat, options.repeatEveryMs);
  }

  return {
    input,
    start() {
      if (stopped || running !== null) return;
      launch();
      heartbeat = clock.setTimeout(beat, options.repeatEveryMs);
    },
    async runNow() {
      // A stream has no "once"; this only waits for what has been sent so far.
      await ctx.sink.drain();
    },
    async stop() {
      stopped = true;
      if (timer !== null) clock.clearTimeout(timer);
      if (heartbeat !== null) clock.clearTimeout(heartbeat);
      controller?.abort(new CollectorError("WW_COLLECTOR_STOPPED", "scheduler stopping"));
      await running;
    },
    status: (): TaskStatus | null => health.snapshot(),
  };
}
