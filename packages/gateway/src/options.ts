import { hostname } from "node:os";
import type { Registry } from "prom-client";
import type { GatewayAlerts } from "./alerts-port.js";
import type { AuthOptions } from "./auth/prepare-auth.js";
import type { GatewayBus } from "./bus-port.js";
import type { Dialect } from "./dialect.js";
import { GatewayError } from "./errors.js";
import type { Logger } from "./logger.js";

/** Limits of architecture §4/§6; every field optional, defaults below (and in the README). */
export interface GatewayLimits {
  rateLimit?: { messagesPerSecond?: number; burst?: number };
  maxConnectionsPerIp?: number;
  maxSubscriptionsPerSocket?: number;
  slowConsumer?: { maxBufferedBytes?: number; maxQueuedEvents?: number };
  /** Invalid messages in a row (no valid one between) before the socket is closed 1008. */
  maxConsecutiveInvalid?: number;
  /** Most events replayed for one `since` resume; older gaps answer `recovered: false`. */
  maxReplayEvents?: number;
  /** Invalid messages in any 60 s (valid ones between or not) before the socket is closed 1008. */
  maxInvalidPerMinute?: number;
  /** Most `custom.<name>` channels this gateway accepts publishes for (each keeps history). */
  maxCustomChannels?: number;
}

/** What `createGateway` takes; only `bus` is required. */
export interface GatewayOptions {
  bus: GatewayBus;
  /**
   * Runtime's pino logger; default none (`silentLogger`). The gateway logs principal names,
   * addresses and paths, never tokens, URL queries or headers.
   */
  logger?: Logger;
  /** Host name of publishes that name none (WebSocket `publish`, HTTP). Default `os.hostname()`. */
  hostName?: string;
  /** Default `{ mode: "token" }`, which needs tokens or a JWT key (see `prepareAuth`). */
  auth?: AuthOptions;
  limits?: GatewayLimits;
  /** Server ping interval; a socket that has not answered the previous ping is closed. Default 25 000. */
  pingIntervalMs?: number;
  /** Largest client frame; bigger ones close 1009. Also the HTTP publish body limit. Default 65 536. */
  maxFrameBytes?: number;
  /** Browser origins allowed to connect (architecture §6); empty = the default rules. */
  allowedOrigins?: readonly string[];
  /** Proxies whose X-Forwarded-For is believed. */
  trustedProxies?: readonly string[];
  /** Wire formats; default the native one only. */
  dialects?: readonly Dialect[];
  /** prom-client registry for the gateway's metrics (runtime's `metrics.registry`). */
  registry?: Registry;
  /** How often `gateway.clients` is published while anyone subscribes to it. Default 5000. */
  clientsIntervalMs?: number;
  /** Base of the reconnect hint sent with 1001 on close; each socket gets base + jitter. Default 1000. */
  reconnectAfterMs?: number;
  /** How long `close()` waits for sockets to finish closing before terminating them. Default 5000. */
  closeTimeoutMs?: number;
  /**
   * The alert engine of this process, for `alerts_list`, `alert_ack`, `silence`, `unsilence` and
   * their HTTP routes. Unset: those answer `unavailable`.
   */
  alerts?: GatewayAlerts;
}

export interface ResolvedLimits {
  messagesPerSecond: number;
  burst: number;
  maxConnectionsPerIp: number;
  maxSubscriptionsPerSocket: number;
  maxBufferedBytes: number;
  maxQueuedEvents: number;
  maxConsecutiveInvalid: number;
  maxReplayEvents: number;
  maxInvalidPerMinute: number;
  maxCustomChannels: number;
  maxFrameBytes: number;
}

export const DEFAULTS = {
  pingIntervalMs: 25_000,
  maxFrameBytes: 64 * 1024,
  messagesPerSecond: 50,
  burst: 100,
  maxConnectionsPerIp: 256,
  maxSubscriptionsPerSocket: 64,
  maxBufferedBytes: 1024 * 1024,
  maxQueuedEvents: 1000,
  maxConsecutiveInvalid: 20,
  maxReplayEvents: 1000,
  maxInvalidPerMinute: 30,
  maxCustomChannels: 100,
  clientsIntervalMs: 5000,
  reconnectAfterMs: 1000,
  closeTimeoutMs: 5000,
} as const;

export function resolveLimits(options: GatewayOptions): ResolvedLimits {
  const l = options.limits ?? {};
  const limits: ResolvedLimits = {
    messagesPerSecond: l.rateLimit?.messagesPerSecond ?? DEFAULTS.messagesPerSecond,
    burst: l.rateLimit?.burst ?? DEFAULTS.burst,
    maxConnectionsPerIp: l.maxConnectionsPerIp ?? DEFAULTS.maxConnectionsPerIp,
    maxSubscriptionsPerSocket: l.maxSubscriptionsPerSocket ?? DEFAULTS.maxSubscriptionsPerSocket,
    maxBufferedBytes: l.slowConsumer?.maxBufferedBytes ?? DEFAULTS.maxBufferedBytes,
    maxQueuedEvents: l.slowConsumer?.maxQueuedEvents ?? DEFAULTS.maxQueuedEvents,
    maxConsecutiveInvalid: l.maxConsecutiveInvalid ?? DEFAULTS.maxConsecutiveInvalid,
    maxReplayEvents: l.maxReplayEvents ?? DEFAULTS.maxReplayEvents,
    maxInvalidPerMinute: l.maxInvalidPerMinute ?? DEFAULTS.maxInvalidPerMinute,
    maxCustomChannels: l.maxCustomChannels ?? DEFAULTS.maxCustomChannels,
    maxFrameBytes: options.maxFrameBytes ?? DEFAULTS.maxFrameBytes,
  };
  for (const [key, value] of Object.entries(limits)) {
    if (!(typeof value === "number" && value > 0 && Number.isFinite(value))) {
      throw new GatewayError(
        "WW_GATEWAY_OPTIONS_INVALID",
        `limit ${key} must be a positive number, got ${value}`,
      );
    }
  }
  return limits;
}

export function resolveHostName(options: GatewayOptions): string {
  return options.hostName ?? hostname();
}
