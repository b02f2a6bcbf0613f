import { type AlertEngine, observingPublisher } from "@wirewatch/alerts";
import type { Bus } from "@wirewatch/bus";
import type { WirewatchConfig } from "@wirewatch/config";
import { createExporter, createMetricsHandler, type Exporter } from "@wirewatch/exporter";
import { type Gateway, type ListeningGateway, prepareAuth, type TokenFileResult } from "@wirewatch/gateway";
import { createAdminRequestHandler, SHUTDOWN_ORDER } from "@wirewatch/runtime";
import { createAlertsFromConfig } from "./alerts-from-config.js";
import { createBusFromConfig } from "./bus-from-config.js";
import { type ConfiguredCollector, createCollectorFromConfig } from "./collector-from-config.js";
import { createGatewayFromConfig, listenGatewayFromConfig } from "./gateway-from-config.js";
import { type HttpRoute, httpRouteTable, type RouteHandler } from "./http-routes.js";
import { createProcessKit } from "./process-kit.js";
import type { StartAppOptions, StartedApp } from "./started-app.js";

/** Options of {@link startEmbedded}. */
export interface EmbeddedAppOptions extends StartAppOptions {
  /** The route table's static-files slot at `/` (the coming dashboard); absent today. */
  staticFiles?: RouteHandler;
  /**
   * Called once everything runs, before the `wirewatch started` log line: where `wirewatch start`
   * prints its banner.
   */
  announce?: (app: EmbeddedApp) => void;
}

/** The running one-process product. `adminUrl` is the gateway port's `http://` URL. */
export interface EmbeddedApp extends StartedApp {
  readonly bus: Bus;
  readonly gateway: Gateway;
  readonly listening: ListeningGateway;
  readonly collector: ConfiguredCollector;
  /** The alert engine observing the collector's samples; `undefined` when `alerts.enabled` is false. */
  readonly alerts: AlertEngine | undefined;
  readonly exporter: Exporter;
  /** The HTTP route table of the gateway port (and of every dialect port). */
  readonly routes: readonly HttpRoute[];
  /** The auth mode enforced (`prepareAuth`'s). */
  readonly authMode: "token" | "none";
  /** The token `prepareAuth` generated or read back from `auth.tokenFile`, when none is configured. */
  readonly generated: TokenFileResult | undefined;
}

/**
 * `wirewatch start` (architecture §1 "Embedded default"), wired from the packages' factories: bus
 * (memory, or Redis when configured), the enabled inputs, the alert engine (observing every sample
 * the collector publishes, its state in Redis when configured), the gateway with every enabled
 * dialect, and on the same port (and every dialect port) the route table: admin endpoints, the
 * Prometheus exporter's `/metrics`, the static slot, the gateway's HTTP endpoints. When auth is on
 * and nothing is configured it generates (or reads back) the token file. Shutdown (SIGINT/SIGTERM,
 * or `stop()`): readiness false → sockets closed 1001 → collector, exporter and alerts drained →
 * parse pool → bus.
 */
export async function startEmbedded(
  config: WirewatchConfig,
  options: EmbeddedAppOptions = {},
): Promise<EmbeddedApp> {
  const kit = createProcessKit(config, {
    name: "wirewatch",
    ...(options.exit ? { exit: options.exit } : {}),
  });
  const { logger, metrics, health, shutdown } = kit;
  const host = config.collector.hostname;
  const bus = createBusFromConfig(config, { logger });
  health.register({ name: "bus", ready: () => bus.ready() });

  const alerts = createAlertsFromConfig(config, { bus, host, logger });
  if (alerts) {
    health.register({ name: "alerts", ready: () => alerts.ready() });
    // Loads firing state (from Redis, retrying while it is down); samples before that are ignored.
    alerts.start().catch((err: unknown) => logger.warn({ err }, "alert engine did not start"));
  }

  const { auth, generated } = await prepareAuth(config.auth);
  const gateway = createGatewayFromConfig(config, {
    bus,
    logger,
    auth,
    registry: metrics.registry,
    extra: alerts ? { alerts } : {},
  });
  health.register({ name: "gateway", ready: () => gateway.ready() });
  // One /metrics: every host's node_*/network_ups_tools_* series, then the runtime registry's.
  const exporter = createExporter({
    bus,
    onHistoryError: (err, channel) =>
      logger.warn({ err, channel }, "history not read at start; filled in live"),
  });
  const routes = httpRouteTable({
    admin: createAdminRequestHandler({ registry: metrics, health, logger }),
    metrics: createMetricsHandler({
      exporter,
      append: () => metrics.registry.metrics(),
      onError: (err) => logger.warn({ err }, "runtime metrics failed"),
    }),
    ...(options.staticFiles ? { staticFiles: options.staticFiles } : {}),
    gateway,
  });
  let listening: ListeningGateway;
  try {
    listening = await listenGatewayFromConfig(config, gateway, routes);
  } catch (error) {
    exporter.close();
    await Promise.allSettled([gateway.close(), alerts?.close(), bus.close()]);
    throw error;
  }

  const collector = createCollectorFromConfig(config, {
    publisher: alerts ? observingPublisher(bus, alerts) : bus,
    poolPublisher: bus,
    readiness: bus,
    logger,
  });
  collector.start();

  shutdown.add("gateway", () => listening.close(), { order: SHUTDOWN_ORDER.closeSockets });
  shutdown.add("collector", () => collector.stop(), { order: SHUTDOWN_ORDER.drain });
  shutdown.add("exporter", () => exporter.close(), { order: SHUTDOWN_ORDER.drain });
  if (alerts) shutdown.add("alerts", () => alerts.close(), { order: SHUTDOWN_ORDER.drain });
  shutdown.add("pool", () => collector.closePool(), { order: SHUTDOWN_ORDER.closePools });
  shutdown.add("bus", () => bus.close(), { order: SHUTDOWN_ORDER.closeBus });
  if (options.installSignals !== false) shutdown.install();

  const app: EmbeddedApp = {
    logger,
    health,
    shutdown,
    adminUrl: listening.url.replace(/^ws:/, "http:"),
    adminPort: listening.port,
    stop: (reason = "stop") => shutdown.run(reason),
    bus,
    gateway,
    listening,
    collector,
    alerts,
    exporter,
    routes,
    authMode: auth.mode ?? "token",
    generated,
  };
  options.announce?.(app);
  logger.info({ port: listening.port, bus: bus.engine, host }, "wirewatch started");
  return app;
}
