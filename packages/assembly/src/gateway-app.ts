import type { Bus } from "@wirewatch/bus";
import type { WirewatchConfig } from "@wirewatch/config";
import type { Gateway, ListeningGateway } from "@wirewatch/gateway";
import { createAdminServer, SHUTDOWN_ORDER } from "@wirewatch/runtime";
import { createBusFromConfig } from "./bus-from-config.js";
import { createGatewayFromConfig, listenGatewayFromConfig } from "./gateway-from-config.js";
import { type HttpRoute, httpRouteTable, type RouteHandler } from "./http-routes.js";
import { createProcessKit } from "./process-kit.js";
import { assertScaledOut } from "./scaled-out.js";
import { type StartAppOptions, type StartedApp, startedApp } from "./started-app.js";

/** A running scaled-out gateway replica. */
export interface GatewayApp extends StartedApp {
  readonly bus: Bus;
  readonly gateway: Gateway;
  readonly listening: ListeningGateway;
  /** The HTTP route table of the gateway port (no admin rows: those are on `admin.port`). */
  readonly routes: readonly HttpRoute[];
}

/** Options of {@link startGatewayApp}. */
export interface GatewayAppOptions extends StartAppOptions {
  /** The route table's static-files slot at `/` (the coming dashboard); absent today. */
  staticFiles?: RouteHandler;
}

/**
 * The scaled-out gateway (architecture §1, §8): a RedisBus, the WebSocket gateway on `gateway.port`,
 * and the admin endpoints (/livez, /readyz, /metrics) on their own listener, `admin.port`
 * (9469). The gateway port serves the route table without its admin rows (`httpRouteTable`).
 * Ready while the bus is connected and the gateway accepts connections.
 *
 * Shutdown (SIGTERM/SIGINT, or `stop()`): readiness false, every socket closed with 1001 and a
 * reconnect hint (upgrades meanwhile get 503), the bus closed, the admin listener last; the
 * process exits 0, or 1 when `shutdown.graceMs` passes first.
 *
 * Throws `ConfigError` when the config is not a scaled-out one (see `scaledOutProblems`).
 */
export async function startGatewayApp(
  config: WirewatchConfig,
  options: GatewayAppOptions = {},
): Promise<GatewayApp> {
  assertScaledOut(config, "gateway");
  const kit = createProcessKit(config, { name: "wirewatch-gateway", ...options });
  const { logger, metrics, health, shutdown } = kit;
  const bus = createBusFromConfig(config, { logger });
  shutdown.add("bus", () => bus.close(), { order: SHUTDOWN_ORDER.closeBus });
  health.register({ name: "bus", ready: () => bus.ready() });
  const gateway = createGatewayFromConfig(config, {
    bus,
    logger,
    auth: config.auth,
    registry: metrics.registry,
  });
  health.register({ name: "gateway", ready: () => gateway.ready() });

  const admin = createAdminServer({ ...config.admin, registry: metrics, health, logger });
  shutdown.add("admin", () => admin.close(), { order: SHUTDOWN_ORDER.closeAdmin });
  const routes = httpRouteTable({
    ...(options.staticFiles ? { staticFiles: options.staticFiles } : {}),
    gateway,
  });
  let listening: ListeningGateway;
  try {
    await admin.listen();
    listening = await listenGatewayFromConfig(config, gateway, routes);
  } catch (error) {
    await Promise.allSettled([gateway.close(), admin.close(), bus.close()]);
    throw error;
  }
  shutdown.add("gateway", () => listening.close(), { order: SHUTDOWN_ORDER.closeSockets });

  const app = startedApp(kit, admin, options);
  logger.info(
    { url: listening.url, path: config.gateway.path, admin: app.adminUrl, bus: bus.engine },
    "gateway started",
  );
  return { ...app, bus, gateway, listening, routes };
}
