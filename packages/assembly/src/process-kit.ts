import type { WirewatchConfig } from "@wirewatch/config";
import {
  createHealth,
  createLogger,
  createMetricsRegistry,
  createShutdown,
  type Health,
  type Logger,
  type MetricsRegistry,
  type Shutdown,
} from "@wirewatch/runtime";

/** wirewatch's version, reported as `wirewatch_build_info`. */
export const WIREWATCH_VERSION = "0.1.0";

/** What every wirewatch process has around its components (architecture §8). */
export interface ProcessKit {
  logger: Logger;
  metrics: MetricsRegistry;
  health: Health;
  shutdown: Shutdown;
}

export interface ProcessKitOptions {
  /** The app's name: the logger's `name` and the metrics' `app` label. */
  name: string;
  /** Ends the process after shutdown; default `process.exit` (tests inject a recorder). */
  exit?: (code: number) => void;
}

/**
 * The logger (`log` section), metrics registry, health model and graceful shutdown
 * (`shutdown.graceMs`) of one app process, wired together: readiness drives
 * `wirewatch_component_up`, and shutdown turns readiness false first.
 */
export function createProcessKit(config: WirewatchConfig, options: ProcessKitOptions): ProcessKit {
  const logger = createLogger({ level: config.log.level, pretty: config.log.pretty, name: options.name });
  const metrics = createMetricsRegistry({ version: WIREWATCH_VERSION, defaultLabels: { app: options.name } });
  const health = createHealth({ metrics });
  const shutdown = createShutdown({
    logger,
    graceMs: config.shutdown.graceMs,
    health,
    ...(options.exit ? { exit: options.exit } : {}),
  });
  return { logger, metrics, health, shutdown };
}
