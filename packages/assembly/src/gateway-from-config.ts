import type { Bus } from "@wirewatch/bus";
import type { WirewatchConfig } from "@wirewatch/config";
import {
  type AuthOptions,
  createGateway,
  createMonServDialect,
  createNativeDialect,
  createNzbFlowDialect,
  createTvheadendDialect,
  type Dialect,
  type Gateway,
  type GatewayOptions,
  type ListeningGateway,
  listenGateway,
} from "@wirewatch/gateway";
import type { Logger } from "@wirewatch/runtime";
import { type HttpRoute, routeRequests } from "./http-routes.js";

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
 * dialects (native on `gateway.path`, the enabled ones of `gateway.dialects`). The one place this mapping lives, so `wirewatch start` and
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
      maxCustomChannels: gw.maxCustomChannels,
      slowConsumer: gw.slowConsumer,
    },
    pingIntervalMs: gw.pingIntervalMs,
    maxFrameBytes: gw.maxFrameBytes,
    allowedOrigins: gw.allowedOrigins,
    trustedProxies: gw.trustedProxies,
    registry: deps.registry,
    dialects: dialectsFromConfig(config),
    ...deps.extra,
  };
}

/** `createGateway(gatewayOptionsFromConfig(config, deps))`. Throws what `createGateway` throws. */
export function createGatewayFromConfig(config: WirewatchConfig, deps: GatewayDeps): Gateway {
  return createGateway(gatewayOptionsFromConfig(config, deps));
}

/** The native dialect on `gateway.path` and every enabled dialect of `gateway.dialects` (architecture §5). */
export function dialectsFromConfig(config: WirewatchConfig): Dialect[] {
  const { path, dialects: d } = config.gateway;
  const list: Dialect[] = [createNativeDialect({ path })];
  if (d.monserv.enabled)
    list.push(createMonServDialect({ path: d.monserv.path, staleAfterMs: d.monserv.staleAfterMs }));
  if (d.nzbflow.enabled) list.push(createNzbFlowDialect({ path: d.nzbflow.path }));
  if (d.tvheadend.enabled) {
    const t = d.tvheadend;
    list.push(
      createTvheadendDialect({
        path: t.path,
        diskspace: { path: t.diskspacePath, ...(t.diskspaceHost ? { host: t.diskspaceHost } : {}) },
        batchIntervalMs: t.batchIntervalMs,
        mailboxTtlMs: t.mailboxTtlMs,
      }),
    );
  }
  return list;
}

/** The extra ports of enabled dialects (`gateway.dialects.<name>.port`), without duplicates. */
export function dialectPortsFromConfig(config: WirewatchConfig): number[] {
  const ports = Object.values(config.gateway.dialects)
    .filter((d) => d.enabled && d.port !== undefined)
    .map((d) => d.port as number);
  return [...new Set(ports)].filter((p) => p === 0 || p !== config.gateway.port);
}

/**
 * Serves `gateway` on `gateway.host:port` and on the enabled dialects' extra ports, every plain
 * HTTP request answered by `routes` (`httpRouteTable`), every upgrade by the gateway.
 */
export function listenGatewayFromConfig(
  config: WirewatchConfig,
  gateway: Gateway,
  routes: readonly HttpRoute[],
): Promise<ListeningGateway> {
  return listenGateway(gateway, {
    host: config.gateway.host,
    port: config.gateway.port,
    extraPorts: dialectPortsFromConfig(config),
    extraHandlers: [routeRequests(routes)],
  });
}
