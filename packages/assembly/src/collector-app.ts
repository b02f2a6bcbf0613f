import type { Bus } from "@wirewatch/bus";
import type { WirewatchConfig } from "@wirewatch/config";
import { createAdminServer, SHUTDOWN_ORDER } from "@wirewatch/runtime";
import { createBusFromConfig } from "./bus-from-config.js";
import { type ConfiguredCollector, createCollectorFromConfig } from "./collector-from-config.js";
import { createProcessKit } from "./process-kit.js";
import { assertScaledOut } from "./scaled-out.js";
import { type StartAppOptions, type StartedApp, startedApp } from "./started-app.js";

/** A running scaled-out collector. */
export interface CollectorApp extends StartedApp {
  readonly bus: Bus;
  readonly collector: ConfiguredCollector;
}

/**
 * The scaled-out collector (DESIGN §1, §8): the inputs `collector.inputs` enables, sampling as
 * `collector.hostname` and publishing to a RedisBus, with the admin endpoints on `admin.port`
 * (9469). Several may run at once — for different hosts, or different inputs of one host — each
 * with its own `admin.port`. Ready while the bus is connected; while Redis is down samples are
 * dropped (counted), never queued.
 *
 * Shutdown (SIGTERM/SIGINT, or `stop()`): readiness false, schedules stopped and publishes
 * drained, the parse pool, the bus, then the admin listener; exit 0, or 1 past `shutdown.graceMs`.
 *
 * Throws `ConfigError` when the config is not a scaled-out one (see `scaledOutProblems`), and
 * `WW_COLLECTOR_CONFIG_INVALID` for an input's invalid options.
 */
export async function startCollectorApp(
  config: WirewatchConfig,
  options: StartAppOptions = {},
): Promise<CollectorApp> {
  assertScaledOut(config, "collector");
  const kit = createProcessKit(config, { name: "wirewatch-collector", ...options });
  const { logger, metrics, health, shutdown } = kit;
  const bus = createBusFromConfig(config, { logger });
  let collector: ConfiguredCollector;
  try {
    collector = createCollectorFromConfig(config, { publisher: bus, logger });
  } catch (error) {
    await bus.close();
    throw error;
  }
  health.register({ name: "bus", ready: () => bus.ready() });
  const admin = createAdminServer({ ...config.admin, registry: metrics, health, logger });
  try {
    await admin.listen();
  } catch (error) {
    await bus.close();
    throw error;
  }
  collector.start();
  shutdown.add("collector", () => collector.stop(), { order: SHUTDOWN_ORDER.drain });
  shutdown.add("pool", () => collector.closePool(), { order: SHUTDOWN_ORDER.closePools });
  shutdown.add("bus", () => bus.close(), { order: SHUTDOWN_ORDER.closeBus });
  shutdown.add("admin", () => admin.close(), { order: SHUTDOWN_ORDER.closeAdmin });

  const app = startedApp(kit, admin, options);
  logger.info(
    { host: config.collector.hostname, inputs: collector.inputs, admin: app.adminUrl, bus: bus.engine },
    "collector started",
  );
  return { ...app, bus, collector };
}
