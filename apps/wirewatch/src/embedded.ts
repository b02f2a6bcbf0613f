import { createBus } from "@wirewatch/bus";
import {
  closePool,
  createInputs,
  createPoolStatusReporter,
  createScheduler,
  getPool,
} from "@wirewatch/collector";
import type { WirewatchConfig } from "@wirewatch/config";
import { createGateway, createNativeDialect, listenGateway, prepareAuth } from "@wirewatch/gateway";
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
 * configured), host collector, gateway with the admin endpoints on the same port, and a
 * graceful shutdown on SIGINT/SIGTERM (readiness false → close 1001 → stop collecting → pool →
 * bus). Returns the handle tests use to stop it.
 */
export async function startEmbedded(config: WirewatchConfig, io: Io) {
  const logger = createLogger({ level: config.log.level, pretty: config.log.pretty, name: "wirewatch" });
  const host = config.collector.hostname;
  const metrics = createMetricsRegistry({ version: "0.1.0" });
  const health = createHealth({ metrics });
  const bus = createBus({
    ...(config.bus.redis.url ? { redisUrl: config.bus.redis.url } : {}),
    keyPrefix: config.bus.redis.keyPrefix,
    historyMaxLen: config.bus.historyMaxLen,
    logger: logger.child({ component: "bus" }),
  });
  health.register({ name: "bus", ready: () => bus.ready() });

  const { auth, generated } = await prepareAuth(config.auth);
  const gw = config.gateway;
  const gateway = createGateway({
    bus,
    logger: logger.child({ component: "gateway" }),
    hostName: host,
    auth,
    limits: {
      rateLimit: gw.rateLimit,
      maxConnectionsPerIp: gw.maxConnectionsPerIp,
      maxSubscriptionsPerSocket: gw.maxSubscriptionsPerSocket,
      slowConsumer: gw.slowConsumer,
    },
    pingIntervalMs: gw.pingIntervalMs,
    maxFrameBytes: gw.maxFrameBytes,
    allowedOrigins: gw.allowedOrigins,
    trustedProxies: gw.trustedProxies,
    registry: metrics.registry,
    dialects: [createNativeDialect({ path: gw.path })],
  });
  health.register({ name: "gateway", ready: () => gateway.ready() });
  const admin = createAdminRequestHandler({ registry: metrics, health, logger });
  const listening = await listenGateway(gateway, { host: gw.host, port: gw.port, extraHandlers: [admin] });

  const scheduler = createScheduler({
    publisher: bus,
    host,
    logger: logger.child({ component: "collector" }),
  });
  for (const input of createInputs(config.collector.inputs, { host, logger })) scheduler.add(input);
  scheduler.start();
  const poolStatus = createPoolStatusReporter({
    pool: getPool({ maxThreads: config.collector.workers.maxThreads }),
    publisher: bus,
    host,
  });

  const shutdown = createShutdown({ logger, graceMs: config.shutdown.graceMs, health });
  shutdown.add("gateway", () => listening.close(), { order: SHUTDOWN_ORDER.closeSockets });
  shutdown.add(
    "collector",
    () => {
      poolStatus.stop();
      return scheduler.stop();
    },
    { order: SHUTDOWN_ORDER.drain },
  );
  shutdown.add("pool", () => closePool(), { order: SHUTDOWN_ORDER.closePools });
  shutdown.add("bus", () => bus.close(), { order: SHUTDOWN_ORDER.closeBus });
  const uninstall = shutdown.install();

  io.out(
    renderBanner({ url: listening.url, path: gw.path, authMode: auth.mode ?? "token", generated, host }),
  );
  logger.info({ port: listening.port, bus: bus.engine, host }, "wirewatch started");
  return { bus, gateway, listening, shutdown, uninstall };
}
