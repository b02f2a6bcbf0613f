import type { IncomingMessage } from "node:http";
import { STATUS_CODES } from "node:http";
import type { Duplex } from "node:stream";
import { CLOSE_CODES } from "@wirewatch/protocol";
import type { WebSocket, WebSocketServer } from "ws";
import type { Authenticator } from "../auth/authenticator.js";
import { pathOf } from "../auth/extract-token.js";
import { checkOrigin, type OriginPolicy } from "../auth/origin.js";
import type { Principal } from "../auth/principal.js";
import type { Dialect } from "../dialect.js";
import type { Logger } from "../logger.js";
import type { GatewayMetrics } from "../metrics.js";
import type { IpLimiter } from "./ip-limit.js";

/** What an accepted upgrade hands the session: everything decided before the socket exists. */
export interface AcceptedConnection {
  dialect: Dialect;
  principal: Principal;
  address: string;
  userAgent: string;
  /** The upgrade URL's query string (after `?`), parsed by the session only if a dialect asks. */
  rawQuery: string;
}

/** What the upgrade handler decides with; `accept` creates the session. */
export interface UpgradeDeps {
  wss: WebSocketServer;
  dialectFor(path: string): Dialect | undefined;
  authenticator: Authenticator;
  ipLimiter: IpLimiter;
  origin: OriginPolicy;
  logger: Logger;
  metrics: GatewayMetrics;
  isClosing(): boolean;
  accept(ws: WebSocket, connection: AcceptedConnection): void;
}

/** Lower bound of the per-IP refusal's `retry_after_ms`; the hint is jittered up to twice this. */
export const PER_IP_RETRY_AFTER_MS = 2000;
/** `Retry-After` (seconds) of the 503 a replica answers while shutting down. */
export const SHUTDOWN_RETRY_AFTER_S = 1;
/** How long a socket refused with 1013 may take to complete the close handshake before it is cut. */
export const REFUSAL_LINGER_MS = 1000;

/** The close reason of a per-IP refusal: the same hint format as a shutdown's 1001. */
export function perIpRefusalReason(random: () => number = Math.random): string {
  const retryAfterMs = PER_IP_RETRY_AFTER_MS + Math.floor(random() * PER_IP_RETRY_AFTER_MS);
  return JSON.stringify({ reconnect: true, retry_after_ms: retryAfterMs });
}

/** The node:http `upgrade` listener. */
export type UpgradeHandler = (req: IncomingMessage, socket: Duplex, head: Buffer) => void;

/**
 * The HTTP upgrade (architecture §6): every decision is made before a session exists. The refusal
 * policy is written here and nowhere else:
 *
 * | condition | answer |
 * |---|---|
 * | shutting down | HTTP 503 + `Retry-After: 1` (nginx's `proxy_next_upstream http_503` tries another replica) |
 * | no dialect on the path | HTTP 404 |
 * | Origin refused | HTTP 403 |
 * | missing, wrong or expired token | HTTP 401 + `WWW-Authenticate` (dialects with `unauthorized: "close"`: upgrade, close 4401) |
 * | per-IP connection limit | upgrade, then close 1013 "try again later", reason `{"reconnect":true,"retry_after_ms":N}` |
 *
 * Why the per-IP limit is a 1013 and not an HTTP status. The limit is per replica, so a retry
 * through the load balancer may well land on a replica with room; the client should come back
 * after a short, jittered pause (N in [{@link PER_IP_RETRY_AFTER_MS}, 2×)), no sooner when refused
 * again (the SDK takes N as a floor under its own growing backoff). A 503 would make nginx try the
 * other replicas at once, but nginx counts a 503 under `proxy_next_upstream http_503` as a failed
 * attempt (`max_fails`, default 1): one address over its limit would mark healthy replicas down
 * for every client, and all of them down is "no live upstreams" (502) for everyone. A 429 is
 * passed through untried, but a browser cannot read the status or `Retry-After` of a refused
 * upgrade (it sees 1006) and cannot tell "wait" from "down". A close code after a completed
 * upgrade is a success to nginx and readable by every client (measured: a replica answering 503
 * once took no more requests for fail_timeout; two answering 503 made nginx answer 502 to the next
 * ones). The limit is checked after authentication, so a bad token still gets its 401 (which stops
 * the SDK) rather than an invitation to retry, and only dialects that upgrade bad tokens anyway
 * (4401) upgrade a client without a valid token to tell it this.
 *
 * The per-IP slot is held for the life of the TCP socket, whatever ends it; a socket refused
 * with 1013 holds none and is cut after {@link REFUSAL_LINGER_MS} if the client does not
 * complete the close handshake. Logs carry the path, address and principal name — never the
 * URL's query or any header.
 */
export function createUpgradeHandler(deps: UpgradeDeps): UpgradeHandler {
  const { logger, metrics } = deps;
  let warnedForwarding = false;

  const refuse = (socket: Duplex, status: number, reason: string, extra: Record<string, string> = {}) => {
    metrics.dropped.inc({ reason: "rejected" });
    rejectHandshake(socket, status, reason, extra);
  };

  const shuttingDown = (socket: Duplex) =>
    refuse(socket, 503, "shutting down", { "Retry-After": String(SHUTDOWN_RETRY_AFTER_S) });

  const run = async (req: IncomingMessage, socket: Duplex, head: Buffer): Promise<void> => {
    const path = pathOf(req.url);
    if (deps.isClosing()) return shuttingDown(socket);
    const dialect = deps.dialectFor(path);
    if (!dialect) return refuse(socket, 404, "no WebSocket endpoint here");
    const address = deps.ipLimiter.clientAddress(req);
    if (!warnedForwarding && deps.ipLimiter.ignoresForwardedFor(req)) {
      warnedForwarding = true;
      logger.warn(
        { address, path },
        "X-Forwarded-For from a peer not in gateway.trustedProxies is ignored: if it is your proxy, " +
          "every client behind it shares one per-IP limit (add the proxy's address)",
      );
    }
    const origin = checkOrigin(req, deps.origin);
    if (!origin.ok) {
      logger.info({ address, path, origin: req.headers.origin }, "upgrade refused: origin");
      return refuse(socket, 403, origin.reason);
    }
    const auth = await deps.authenticator.authenticate(req);
    if (socket.destroyed) return;
    if (!auth.ok) {
      logger.info({ address, path, reason: auth.reason }, "upgrade refused: unauthorized");
      metrics.dropped.inc({ reason: "unauthorized" });
      if (dialect.unauthorized === "http") {
        return rejectHandshake(socket, 401, auth.message, { "WWW-Authenticate": 'Bearer realm="wirewatch"' });
      }
    }
    if (deps.isClosing()) return shuttingDown(socket);
    const release = deps.ipLimiter.acquire(address);
    if (!release) {
      logger.warn({ address, path }, "upgrade refused: per-IP connection limit (closing 1013)");
      metrics.dropped.inc({ reason: "rejected" });
      deps.wss.handleUpgrade(req, socket, head, (ws) => closeTryAgainLater(ws));
      return;
    }
    socket.on("close", release); // release is idempotent; `on` spares a once-wrapper per connection
    deps.wss.handleUpgrade(req, socket, head, (ws) => {
      if (!auth.ok) {
        ws.close(CLOSE_CODES.unauthorized, "Unauthorized");
        return;
      }
      deps.accept(ws, {
        dialect,
        principal: auth.principal,
        address,
        userAgent: String(req.headers["user-agent"] ?? "").slice(0, 256),
        rawQuery: rawQueryOf(req.url),
      });
    });
  };

  return (req, socket, head) => {
    socket.on("error", () => socket.destroy());
    run(req, socket, head).catch((err: unknown) => {
      logger.error({ err }, "upgrade failed");
      rejectHandshake(socket, 500, "internal error");
    });
  };
}

/** Closes a just-upgraded socket with 1013 and the retry hint; cuts it if the close handshake lingers. */
function closeTryAgainLater(ws: WebSocket): void {
  const cut = setTimeout(() => ws.terminate(), REFUSAL_LINGER_MS);
  cut.unref();
  ws.once("close", () => clearTimeout(cut));
  ws.on("error", () => {});
  ws.close(CLOSE_CODES.tryAgainLater, perIpRefusalReason());
}

/** Answers a refused upgrade with a small JSON body and closes the socket once it is written. */
export function rejectHandshake(
  socket: Duplex,
  status: number,
  message: string,
  extra: Record<string, string> = {},
): void {
  if (socket.destroyed || !socket.writable) {
    socket.destroy();
    return;
  }
  const body = `${JSON.stringify({ error: STATUS_CODES[status]?.toLowerCase().replace(/ /g, "_"), message })}\n`;
  const headers = {
    Connection: "close",
    "Content-Type": "application/json; charset=utf-8",
    "Content-Length": String(Buffer.byteLength(body)),
    ...extra,
  };
  const head = Object.entries(headers)
    .map(([k, v]) => `${k}: ${v}`)
    .join("\r\n");
  socket.once("finish", () => socket.destroy());
  socket.end(`HTTP/1.1 ${status} ${STATUS_CODES[status] ?? ""}\r\n${head}\r\n\r\n${body}`);
}

function rawQueryOf(url: string | undefined): string {
  const q = url?.indexOf("?") ?? -1;
  return q === -1 || !url ? "" : url.slice(q + 1);
}

/** Query parameters of an upgrade URL without its `token` (what dialects may read). */
export function queryWithoutToken(rawQuery: string): URLSearchParams {
  const params = new URLSearchParams(rawQuery);
  params.delete("token");
  return params;
}
