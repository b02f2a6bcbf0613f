import { type AlertEngine, observingPublisher } from "@wirewatch/alerts";
import type { Bus } from "@wirewatch/bus";
import type { WirewatchConfig } from "@wirewatch/config";
import { createAdminServer, SHUTDOWN_ORDER } from "@wirewatch/runtime";
import { createAlertsFromConfig } from "./alerts-from-config.js";
import { createBusFromConfig } from "./bus-from-config.js";
import { type ConfiguredCollector, createCollectorFromConfig } from "./collector-from-config.js";
import { createProcessKit } from "./process-kit.js";
import { assertScaledOut } from "./scaled-out.js";
import { type StartAppOptions, type StartedApp, startedApp } from "./started-app.js";

/** A running scaled-out collector. */
export interface CollectorApp extends StartedApp {
  readonly bus: Bus;
  readonly collector: ConfiguredCollector;
  /** The alert engine observing this collector's samples; `undefined` when `alerts.enabled` is false. */
  readonly alerts: AlertEngine | undefined;
}

/**
 * The scaled-out collector (architecture §1, §8): the inputs `collector.inputs` enables, sampling as
 * `collector.hostname` and publishing to a RedisBus, with the admin endpoints on `admin.port`
 * (9469). With `alerts.enabled` it evaluates the alert rules on its own samples (alerts are
 * evaluated where the sample originates), publishing alert events to the bus and keeping the
 * alert state in Redis under `<keyPrefix>:alerts:{<hostname>}:state`, so a restarted collector
 * neither fires again nor loses a recovery. Several may run at once — for different hosts, or
 * different inputs of one host — each with its own `admin.port`. Ready while the bus is connected
 * (and the alert state is loaded). Sampling starts once Redis is first reached, so the first
 * sample on the bus is the first one taken; while Redis is down later, samples are dropped
 * (counted), never queued.
 *
 * Shutdown (SIGTERM/SIGINT, or `stop()`): readiness false, schedules stopped and publishes
 * drained, the alert engine, the parse pool, the bus, then the admin listener; exit 0, or 1 past
 * `shutdown.graceMs`.
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
  let alerts: AlertEngine | undefined;
  let collector: ConfiguredCollector;
  try {
    alerts = createAlertsFromConfig(config, { bus, logger });
    collector = createCollectorFromConfig(config, {
      publisher: alerts ? observingPublisher(bus, alerts) : bus,
      poolPublisher: bus,
      readiness: bus,
      logger,
    });
  } catch (error) {
    await alerts?.close();
    await bus.close();
    throw error;
  }
  health.register({ name: "bus", ready: () => bus.ready() });
  if (alerts) {
    const engine = alerts;
    health.register({ name: "alerts", ready: () => engine.ready() });
  }
  const admin = createAdminServer({ ...config.admin, registry: metrics, health, logger });
  try {
    await admin.listen();
  } catch (error) {
    await alerts?.close();
    await bus.close();
    throw error;
  }
  if (alerts) {
    // Loads firing state (from Redis, retrying while it is down); samples before that are ignored.
    alerts.start().catch((err: unknown) => logger.warn({ err }, "alert engine did not start"));
  }
  collector.start();
  shutdown.add("collector", () => collector.stop(), { order: SHUTDOWN_ORDER.drain });
  if (alerts) {
    const engine = alerts;
    shutdown.add("alerts", () => engine.close(), { order: SHUTDOWN_ORDER.drain });
  }
  shutdown.add("pool", () => collector.closePool(), { order: SHUTDOWN_ORDER.closePools });
  shutdown.add("bus", () => bus.close(), { order: SHUTDOWN_ORDER.closeBus });
  shutdown.add("admin", () => admin.close(), { order: SHUTDOWN_ORDER.closeAdmin });

  const app = startedApp(kit, admin, options);
  logger.info(
    {
      host: config.collector.hostname,
      inputs: collector.inputs,
      alerts: alerts !== undefined,
      admin: app.adminUrl,
      bus: bus.engine,
    },
    "collector started",
  );
  return { ...app, bus, collector, alerts };
}
