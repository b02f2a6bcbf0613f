import type { Bus } from "@wirewatch/bus";
import {
  closePool,
  createInputs,
  createPoolStatusReporter,
  createScheduler,
  getPool,
  type Publisher,
  type Scheduler,
} from "@wirewatch/collector";
import type { WirewatchConfig } from "@wirewatch/config";
import type { Logger } from "@wirewatch/runtime";

/** The collector of one process: the inputs `collector.inputs` enables, on one scheduler. */
export interface ConfiguredCollector {
  readonly scheduler: Scheduler;
  /** Names of the inputs that run (e.g. `["host"]`). */
  readonly inputs: readonly string[];
  /**
   * Starts every schedule and the parse pool's `jobs` reporter — at once, or, with
   * `deps.readiness`, when the bus is first ready (a Redis bus still connecting would drop the
   * first samples). Call once.
   */
  start(): void;
  /** Stops the reporter and the schedules, closes the inputs, drains publishes (shutdown: drain). */
  stop(): Promise<void>;
  /** Closes the process-wide parse pool (shutdown: closePools). */
  closePool(): Promise<void>;
}

/** What a collector is built with besides the config. */
export interface CollectorDeps {
  /** Where samples go: the bus, or a wrapper of it (the alert engine's observing publisher). */
  publisher: Publisher;
  /** Where the parse pool's `jobs` reports go; default `publisher`. */
  poolPublisher?: Publisher;
  /** The bus the samples reach: sampling starts once it is first ready. Default: start at once. */
  readiness?: Pick<Bus, "ready" | "onReadyChange">;
  logger: Logger;
}

/**
 * Builds the collector from the `collector` section: the enabled inputs (validated by their own
 * schemas; throws `WW_COLLECTOR_CONFIG_INVALID` listing every problem), sampled as
 * `collector.hostname`, publishing to `publisher` (the bus); the parse pool sized by
 * `collector.workers.maxThreads`. Nothing runs before `start()`.
 */
export function createCollectorFromConfig(config: WirewatchConfig, deps: CollectorDeps): ConfiguredCollector {
  const host = config.collector.hostname;
  const logger = deps.logger.child({ component: "collector" });
  const scheduler = createScheduler({ publisher: deps.publisher, host, logger });
  const inputs = createInputs(config.collector.inputs, { host, logger });
  for (const input of inputs) scheduler.add(input);
  let reporter: { stop(): void } | undefined;
  let stopWaiting: (() => void) | undefined;
  const run = () => {
    scheduler.start();
    reporter = createPoolStatusReporter({
      pool: getPool({ maxThreads: config.collector.workers.maxThreads }),
      publisher: deps.poolPublisher ?? deps.publisher,
      host,
    });
  };
  return {
    scheduler,
    inputs: inputs.map((input) => input.name),
    start() {
      const { readiness } = deps;
      if (!readiness || readiness.ready()) {
        run();
        return;
      }
      logger.info("waiting for the bus before sampling");
      stopWaiting = readiness.onReadyChange((ready) => {
        if (!ready) return;
        stopWaiting?.();
        stopWaiting = undefined;
        run();
      });
    },
    stop() {
      stopWaiting?.();
      stopWaiting = undefined;
      reporter?.stop();
      return scheduler.stop();
    },
    closePool: () => closePool(),
  };
}
