import { observingPublisher } from "@wirewatch/alerts";
import {
  createAlertsFromConfig,
  createBusFromConfig,
  createCollectorFromConfig,
  createGatewayFromConfig,
  dialectPortsFromConfig,
  WIREWATCH_VERSION,
} from "@wirewatch/assembly";
import type { WirewatchConfig } from "@wirewatch/config";
import { createExporter, createMetricsHandler } from "@wirewatch/exporter";
import { listenGateway, prepareAuth } from "@wirewatch/gateway";
import {
  createAdminRequestHandler,
  createHealth,
  createLogger,
  createMetricsRegistry,
  createShutdown,
  SHUTDOWN_ORDER,
} from "@wirewatch/runtime";
import { renderBanner } from "./banner.js";
import type { Io } from "./io.js";

/**
 * Wires the one-process product from the packages' factories: bus (memory, or Redis when
 * configured), host collector, alert engine (observing every sample the collector publishes,
 * its state in Redis when configured), gateway with the admin endpoints, the Prometheus exporter
 * (/metrics) and the alert commands on the same port, and a graceful shutdown on SIGINT/SIGTERM
 * (readiness false → close 1001 → stop collecting → alerts → pool → bus). Returns the handle tests use to stop it.
 */
const DIALECT_LABELS = { monserv: "MonServ", nzbflow: "NZB Flow", tvheadend: "Tvheadend" } as const;

/** The enabled seed dialects as the banner lists them. */
function bannerDialects(config: WirewatchConfig): { label: string; path: string }[] {
  return (Object.keys(DIALECT_LABELS) as (keyof typeof DIALECT_LABELS)[])
    .filter((name) => config.gateway.dialects[name].enabled)
    .map((name) => ({ label: DIALECT_LABELS[name], path: config.gateway.dialects[name].path }));
}

export async function startEmbedded(config: WirewatchConfig, io: Io) {
  const logger = createLogger({ level: config.log.level, pretty: config.log.pretty, name: "wirewatch" });
  const host = config.collector.hostname;
  const metrics = createMetricsRegistry({ version: WIREWATCH_VERSION, defaultLabels: { app: "wirewatch" } });
  const health = createHealth({ metrics });
  const bus = createBusFromConfig(config, { logger });
  health.register({ name: "bus", ready: () => bus.ready() });

  const alerts = createAlertsFromConfig(config, { bus, host, logger });
  if (alerts) {
    health.register({ name: "alerts", ready: () => alerts.ready() });
    // Loads firing state (from Redis, retrying while it is down); samples before that are ignored.
    alerts.start().catch((err: unknown) => logger.warn({ err }, "alert engine did not start"));
  }

  const { auth, generated } = await prepareAuth(config.auth);
  const gw = config.gateway;
  const gateway = createGatewayFromConfig(config, {
    bus,
    logger,
    auth,
    registry: metrics.registry,
    extra: alerts ? { alerts } : {},
  });
  health.register({ name: "gateway", ready: () => gateway.ready() });
  const admin = createAdminRequestHandler({ registry: metrics, health, logger });
  // One /metrics: every host's node_*/network_ups_tools_* series, then the runtime registry's.
  const exporter = createExporter({
    bus,
    onHistoryError: (err, channel) =>
      logger.warn({ err, channel }, "history not read at start; filled in live"),
  });
  const scrape = createMetricsHandler({
    exporter,
    append: () => metrics.registry.metrics(),
    onError: (err) => logger.warn({ err }, "runtime metrics failed"),
  });
  const listening = await listenGateway(gateway, {
    host: gw.host,
    port: gw.port,
    extraPorts: dialectPortsFromConfig(config),
    extraHandlers: [scrape, admin],
  });

  const collector = createCollectorFromConfig(config, {
    publisher: alerts ? observingPublisher(bus, alerts) : bus,
    poolPublisher: bus,
    readiness: bus,
    logger,
  });
  collector.start();

  const shutdown = createShutdown({ logger, graceMs: config.shutdown.graceMs, health });
  shutdown.add("gateway", () => listening.close(), { order: SHUTDOWN_ORDER.closeSockets });
  shutdown.add("collector", () => collector.stop(), { order: SHUTDOWN_ORDER.drain });
  shutdown.add("exporter", () => exporter.close(), { order: SHUTDOWN_ORDER.drain });
  if (alerts) shutdown.add("alerts", () => alerts.close(), { order: SHUTDOWN_ORDER.drain });
  shutdown.add("pool", () => collector.closePool(), { order: SHUTDOWN_ORDER.closePools });
  shutdown.add("bus", () => bus.close(), { order: SHUTDOWN_ORDER.closeBus });
  const uninstall = shutdown.install();

  io.out(
    renderBanner({
      url: listening.url,
      path: gw.path,
      authMode: auth.mode ?? "token",
      generated,
      showToken: io.outIsTerminal === true,
      host,
      dialects: bannerDialects(config),
    }),
  );
  logger.info({ port: listening.port, bus: bus.engine, host }, "wirewatch started");
  return { bus, gateway, listening, shutdown, uninstall, alerts, exporter };
}
