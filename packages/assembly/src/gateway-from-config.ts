import type { Bus } from "@wirewatch/bus";
import type { WirewatchConfig } from "@wirewatch/config";
import {
  type AuthOptions,
  createGateway,
  createNativeDialect,
  type Gateway,
  type GatewayOptions,
} from "@wirewatch/gateway";
import type { Logger } from "@wirewatch/runtime";

/** What a gateway is built with besides the config. */
export interface GatewayDeps {
  bus: Bus;
  logger: Logger;
  /** The auth options to enforce: `config.auth`, or what `prepareAuth` made of it. */
  auth: AuthOptions;
  /** prom-client registry for the gateway's metrics (runtime's `metrics.registry`). */
  registry: NonNullable<GatewayOptions["registry"]>;
  /** Options the config does not decide (e.g. the alert engine), applied last. */
  extra?: Partial<GatewayOptions>;
}

/**
 * Maps the `gateway` section (and `collector.hostname`, the host of publishes that name none)
 * onto `createGateway`'s options: limits, heartbeat, frame size, origins, trusted proxies and the
 * native dialect on `gateway.path`. The one place this mapping lives, so `wirewatch start` and
 * the scaled-out gateway app cannot drift apart.
 */
export function gatewayOptionsFromConfig(config: WirewatchConfig, deps: GatewayDeps): GatewayOptions {
  const gw = config.gateway;
  return {
    bus: deps.bus,
    logger: deps.logger.child({ component: "gateway" }),
    hostName: config.collector.hostname,
    auth: deps.auth,
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
    registry: deps.registry,
    dialects: [createNativeDialect({ path: gw.path })],
    ...deps.extra,
  };
}

/** `createGateway(gatewayOptionsFromConfig(config, deps))`. Throws what `createGateway` throws. */
export function createGatewayFromConfig(config: WirewatchConfig, deps: GatewayDeps): Gateway {
  return createGateway(gatewayOptionsFromConfig(config, deps));
}
