import { randomBytes, randomInt } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import { hostname } from "node:os";
import type { Duplex } from "node:stream";
import { CLOSE_CODES } from "@wirewatch/protocol";
import { WebSocketServer } from "ws";
import { createAuthenticator } from "./auth/authenticator.js";
import { pathOf, selectSubprotocol } from "./auth/extract-token.js";
import { type ClientInfo, startClientsPublisher } from "./clients-channel.js";
import { createCustomChannels } from "./commands/custom-channels.js";
import type { PublishDeps } from "./commands/publish.js";
import { busStatusReply, watchBusStatus } from "./connection/bus-status.js";
import { clientInfo } from "./connection/client-info.js";
import { startHeartbeat } from "./connection/heartbeat.js";
import { createIpLimiter } from "./connection/ip-limit.js";
import { Session } from "./connection/session.js";
import { createUpgradeHandler } from "./connection/upgrade.js";
import type { GatewayContext } from "./context.js";
import type { Dialect } from "./dialect.js";
import { createNativeDialect } from "./dialects/native.js";
import { GatewayError } from "./errors.js";
import { createHttpAlertsHandler } from "./http/http-alerts.js";
import { createHttpPublishHandler } from "./http/http-publish.js";
import { createHttpRateLimit } from "./http/http-rate-limit.js";
import { silentLogger } from "./logger.js";
import { createGatewayMetrics } from "./metrics.js";
import { DEFAULTS, type GatewayOptions, resolveHostName, resolveLimits } from "./options.js";
import { createHub } from "./subscription/hub.js";

/**
 * The WebSocket gateway (architecture §4-§7), as handlers a node:http server mounts — it never
 * listens itself (see `listenGateway`), so apps can serve the admin routes on the same port.
 */
export interface Gateway {
  /** The server's `upgrade` listener. */
  handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void;
  /**
   * Handles `POST /api/v1/publish`, the alert routes (`/api/v1/alerts`, `/api/v1/silences`) and 426
   * for plain GETs of a WebSocket path; false: not ours. `handleApi`, then `upgradeRequired`.
   */
  handleHttp(req: IncomingMessage, res: ServerResponse): boolean;
  /** Handles `POST /api/v1/publish` and the alert routes; false: not ours. */
  handleApi(req: IncomingMessage, res: ServerResponse): boolean;
  /** 426 (`Upgrade: websocket`) for a plain HTTP request on a path a dialect serves; false: none does. */
  upgradeRequired(req: IncomingMessage, res: ServerResponse): boolean;
  /** Name of the dialect serving upgrades on `path` (exact match, e.g. `nzbflow` on `/`); undefined: 404. */
  dialectAt(path: string): string | undefined;
  /**
   * Stops accepting, closes every socket with `code` (default 1001 and a reconnect hint
   * `{"reconnect":true,"retry_after_ms":N}`, N jittered per socket), waits up to
   * `closeTimeoutMs` for the close handshakes, terminates what is left. Idempotent.
   */
  close(code?: number, reason?: string): Promise<void>;
  stats(): GatewayStats;
  /** One entry per open connection (what `gateway.clients` publishes). */
  clients(): ClientInfo[];
  /** True while accepting connections and the bus is ready (for /readyz). */
  ready(): boolean;
}

export interface GatewayStats {
  /** Open connections (closing ones excluded). */
  connections: number;
  /** Connections closed by the gateway whose close handshake has not finished yet. */
  closingConnections: number;
  byDialect: Record<string, number>;
  /** Channels with a bus subscription in this process. */
  channels: string[];
  closing: boolean;
}

/**
 * A gateway over `options.bus`: checks the options (`WW_GATEWAY_OPTIONS_INVALID`), the auth setup
 * (`WW_GATEWAY_AUTH_UNCONFIGURED`) and the dialects' paths (`WW_GATEWAY_DIALECT_CONFLICT`), then
 * starts the heartbeat and the `gateway.clients` publisher; it listens nowhere (see `listenGateway`).
 */
export function createGateway(options: GatewayOptions): Gateway {
  const logger = options.logger ?? silentLogger();
  const limits = resolveLimits(options);
  const hostName = resolveHostName(options);
  const metrics = createGatewayMetrics(options.registry);
  const authenticator = createAuthenticator(options.auth ?? { mode: "token" });
  const origin = {
    allowedOrigins: options.allowedOrigins ?? [],
    authEnabled: authenticator.enabled,
    trustedHosts: [...new Set([hostName, hostname()].map((name) => name.toLowerCase()))],
  };
  const dialects = indexDialects(options.dialects ?? [createNativeDialect()]);
  const hub = createHub(options.bus, logger, (channel) => metrics.eventsInTally(channel));
  const sessions = new Set<Session>();
  let closing = false;
  let closed: Promise<void> | undefined;
  const openClients = () => [...sessions].filter((s) => s.open).map(clientInfo);
  const publish: PublishDeps = {
    bus: options.bus,
    hostName,
    maxFrameBytes: limits.maxFrameBytes,
    customChannels: createCustomChannels(limits.maxCustomChannels),
  };
  const ipLimiter = createIpLimiter({
    maxConnectionsPerIp: limits.maxConnectionsPerIp,
    trustedProxies: options.trustedProxies ?? [],
  });

  const ctx: GatewayContext = {
    bus: options.bus,
    hub,
    logger,
    metrics,
    limits,
    hostName,
    publish,
    ...(options.alerts ? { alerts: options.alerts } : {}),
  };

  const wss = new WebSocketServer({
    noServer: true,
    clientTracking: false,
    perMessageDeflate: false,
    maxPayload: limits.maxFrameBytes,
    handleProtocols: (offered, req) =>
      selectSubprotocol(offered, dialects.get(pathOf(req.url))?.subprotocols ?? []),
  });

  /** One function for every session (not a closure per connection). */
  const sessionClosed = (s: Session): void => {
    sessions.delete(s);
    logger.info({ session: s.id, principal: s.principal.name, code: s.closeCode }, "client disconnected");
  };

  const handleUpgrade = createUpgradeHandler({
    wss,
    dialectFor: (path) => dialects.get(path),
    authenticator,
    ipLimiter,
    origin,
    logger,
    metrics,
    isClosing: () => closing,
    accept(ws, connection) {
      const session = new Session(ctx, {
        id: randomBytes(6).toString("base64url"),
        socket: ws,
        ...connection,
        onClosed: sessionClosed,
      });
      sessions.add(session);
      logger.info(
        {
          session: session.id,
          principal: session.principal.name,
          address: session.address,
          dialect: session.dialect.name,
        },
        "client connected",
      );
      session.start();
      if (!options.bus.ready()) session.sendReply(busStatusReply(false));
    },
  });

  const httpPublish = createHttpPublishHandler({
    authenticator,
    origin,
    logger,
    publish,
    rateLimit: createHttpRateLimit({ messagesPerSecond: limits.messagesPerSecond, burst: limits.burst }),
    clientAddress: (req) => ipLimiter.clientAddress(req),
  });

  const httpAlerts = createHttpAlertsHandler({
    authenticator,
    origin,
    logger,
    alerts: options.alerts,
    maxBodyBytes: limits.maxFrameBytes,
  });

  const stopBusStatus = watchBusStatus(options.bus, () => sessions);
  const heartbeat = startHeartbeat(() => sessions, options.pingIntervalMs ?? DEFAULTS.pingIntervalMs);
  const clientsPublisher = startClientsPublisher({
    bus: options.bus,
    hub,
    hostName,
    intervalMs: options.clientsIntervalMs ?? DEFAULTS.clientsIntervalMs,
    clients: () => openClients(),
    logger,
  });

  const reconnectHint = (): string => {
    const base = options.reconnectAfterMs ?? DEFAULTS.reconnectAfterMs;
    return JSON.stringify({ reconnect: true, retry_after_ms: base + randomInt(0, base + 1) });
  };

  const shutdown = async (code: number, reason: string | undefined): Promise<void> => {
    closing = true;
    stopBusStatus();
    heartbeat.stop();
    clientsPublisher.stop();
    const open = [...sessions];
    const done = Promise.all(open.map((s) => new Promise<void>((resolve) => s.onceReleased(resolve))));
    for (const session of open) session.close(code, reason ?? reconnectHint());
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<void>((resolve) => {
      timer = setTimeout(resolve, options.closeTimeoutMs ?? DEFAULTS.closeTimeoutMs);
    });
    await Promise.race([done, timeout]);
    clearTimeout(timer);
    for (const session of sessions) session.terminate("shutdown");
    hub.close();
    for (const dialect of new Set(dialects.values())) dialect.close?.();
    wss.close();
  };

  const handleApi = (req: IncomingMessage, res: ServerResponse): boolean =>
    httpPublish(req, res) || httpAlerts(req, res);
  const upgradeRequired = (req: IncomingMessage, res: ServerResponse): boolean => {
    if (!dialects.has(pathOf(req.url))) return false;
    rejectHttp(res, 426, "this endpoint speaks WebSocket only");
    return true;
  };

  return {
    handleUpgrade,
    handleHttp: (req, res) => handleApi(req, res) || upgradeRequired(req, res),
    handleApi,
    upgradeRequired,
    dialectAt: (path) => dialects.get(path)?.name,
    close(code = CLOSE_CODES.goingAway, reason) {
      closed ??= shutdown(code, reason);
      return closed;
    },
    stats() {
      const byDialect: Record<string, number> = {};
      let connections = 0;
      for (const s of sessions) {
        if (!s.open) continue;
        connections++;
        byDialect[s.dialect.name] = (byDialect[s.dialect.name] ?? 0) + 1;
      }
      return {
        connections,
        closingConnections: sessions.size - connections,
        byDialect,
        channels: hub.channels(),
        closing,
      };
    },
    clients: () => openClients(),
    ready: () => !closing && options.bus.ready(),
  };
}

function indexDialects(list: readonly Dialect[]): Map<string, Dialect> {
  const byPath = new Map<string, Dialect>();
  for (const dialect of list) {
    if (byPath.has(dialect.path)) {
      throw new GatewayError("WW_GATEWAY_DIALECT_CONFLICT", `two dialects serve ${dialect.path}`);
    }
    byPath.set(dialect.path, dialect);
  }
  return byPath;
}

function rejectHttp(res: ServerResponse, status: number, message: string): void {
  const body = `${JSON.stringify({ error: "upgrade_required", message })}\n`;
  res.writeHead(status, {
    upgrade: "websocket",
    "content-type": "application/json; charset=utf-8",
    "content-length": Buffer.byteLength(body),
  });
  res.end(body);
}
