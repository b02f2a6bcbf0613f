import type { Bus } from "@wirewatch/bus";
import type { WirewatchConfig } from "@wirewatch/config";
import { createExporter, createMetricsHandler, type Exporter } from "@wirewatch/exporter";
import { createAdminServer, type Logger, type MetricsRegistry, SHUTDOWN_ORDER } from "@wirewatch/runtime";
import { createBusFromConfig } from "./bus-from-config.js";
import { createProcessKit } from "./process-kit.js";
import { assertScaledOut } from "./scaled-out.js";
import { type StartAppOptions, type StartedApp, startedApp } from "./started-app.js";

/** A running scaled-out exporter. */
export interface ExporterApp extends StartedApp {
  readonly bus: Bus;
  readonly exporter: Exporter;
}

/**
 * The scaled-out Prometheus exporter (architecture §1, §8): subscribes to the host and UPS channels
 * on a RedisBus and serves every host's series (node_exporter's and nut_exporter's names, each
 * with `instance="<host>"`; `?target=<host>` for one host) on `/metrics` of the admin listener,
 * `admin.port` (9469), followed by its own `wirewatch_*`, `process_*` and `nodejs_*` series;
 * `/livez` and `/readyz` beside it. Ready while the bus is connected and the subscriptions are
 * active. Several may run on one Redis (each sees every event); none needs a collector nearby.
 *
 * Shutdown (SIGTERM/SIGINT, or `stop()`): readiness false, the exporter unsubscribed, the bus
 * closed, the admin listener last (scrapes keep answering meanwhile); exit 0, or 1 past
 * `shutdown.graceMs`.
 *
 * Throws `ConfigError` when the config is not a scaled-out one (no `bus.redis.url`).
 */
export async function startExporterApp(
  config: WirewatchConfig,
  options: StartAppOptions = {},
): Promise<ExporterApp> {
  assertScaledOut(config, "exporter");
  const kit = createProcessKit(config, { name: "wirewatch-exporter", ...options });
  const { logger, metrics, health, shutdown } = kit;
  const bus = createBusFromConfig(config, { logger });
  const exporter = createExporter({
    bus,
    onError: translationErrors(metrics, logger),
    onHistoryError: (err, channel) =>
      logger.warn({ err, channel }, "history not read at start; filled in live"),
  });
  let subscribed = false;
  void exporter.subscribed.then((ok) => {
    subscribed = ok;
  });
  health.register({ name: "bus", ready: () => bus.ready() });
  health.register({ name: "exporter", ready: () => subscribed });
  const scrape = createMetricsHandler({
    exporter,
    append: () => metrics.metrics(),
    onError: (err) => logger.warn({ err }, "runtime metrics failed; scrape answered without them"),
  });
  const admin = createAdminServer({ ...config.admin, registry: metrics, health, logger, handlers: [scrape] });
  try {
    await admin.listen();
  } catch (error) {
    exporter.close();
    await bus.close();
    throw error;
  }
  shutdown.add("exporter", () => exporter.close(), { order: SHUTDOWN_ORDER.drain });
  shutdown.add("bus", () => bus.close(), { order: SHUTDOWN_ORDER.closeBus });
  shutdown.add("admin", () => admin.close(), { order: SHUTDOWN_ORDER.closeAdmin });

  const app = startedApp(kit, admin, options);
  logger.info({ metrics: `${app.adminUrl}/metrics`, bus: bus.engine }, "exporter started");
  return { ...app, bus, exporter };
}

/**
 * Counts events the exporter could not translate (`wirewatch_exporter_event_errors_total`) and
 * logs the first one of each channel and host, so a malformed stream is visible without
 * flooding the log.
 */
function translationErrors(metrics: MetricsRegistry, logger: Logger) {
  const errors = metrics.counter({
    name: "wirewatch_exporter_event_errors_total",
    help: "Bus events the exporter could not translate into series.",
    labelNames: ["channel"],
  });
  const logged = new Set<string>();
  return (err: unknown, event: { channel: string; host: string }) => {
    errors.inc({ channel: event.channel });
    const key = `${event.channel}\0${event.host}`;
    if (logged.has(key)) return;
    logged.add(key);
    logger.warn(
      { err, channel: event.channel, host: event.host },
      "event not exported (logged once per host)",
    );
  };
}
