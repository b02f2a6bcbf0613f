import type { IncomingMessage } from "node:http";
import { STATUS_CODES } from "node:http";
import type { Duplex } from "node:stream";
import { CLOSE_CODES } from "@wirewatch/protocol";
import type { WebSocket, WebSocketServer } from "ws";
import type { Authenticator } from "./auth/authenticator.js";
import { pathOf } from "./auth/extract-token.js";
import { checkOrigin, type OriginPolicy } from "./auth/origin.js";
import type { Principal } from "./auth/principal.js";
import type { Dialect } from "./dialect.js";
import type { IpLimiter } from "./ip-limit.js";
import type { Logger } from "./logger.js";
import type { GatewayMetrics } from "./metrics.js";

/**
 * The HTTP upgrade (DESIGN §6). Every decision is made before the WebSocket exists, and every
 * refusal is a plain HTTP response followed by closing the TCP socket:
 * 503 while shutting down, 404 for a path no dialect serves, 429 past the per-IP connection
 * limit, 403 for a refused Origin, 401 for a missing, wrong or expired token (dialects with
 * `unauthorized: "close"` instead upgrade and close with 4401 "Unauthorized").
 * The per-IP slot is held for the life of the TCP socket, whatever ends it.
 * Logs carry the path, address and principal name — never the URL's query or any header.
 */
export interface AcceptedConnection {
  dialect: Dialect;
  principal: Principal;
  address: string;
  userAgent: string;
  /** The upgrade URL's query string (after `?`), parsed by the session only if a dialect asks. */
  rawQuery: string;
}

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

export type UpgradeHandler = (req: IncomingMessage, socket: Duplex, head: Buffer) => void;

export function createUpgradeHandler(deps: UpgradeDeps): UpgradeHandler {
  const { logger, metrics } = deps;

  const refuse = (socket: Duplex, status: number, reason: string, extra: Record<string, string> = {}) => {
    metrics.dropped.inc({ reason: "rejected" });
    rejectHandshake(socket, status, reason, extra);
  };

  const run = async (req: IncomingMessage, socket: Duplex, head: Buffer): Promise<void> => {
    const path = pathOf(req.url);
    if (deps.isClosing()) return refuse(socket, 503, "shutting down");
    const dialect = deps.dialectFor(path);
    if (!dialect) return refuse(socket, 404, "no WebSocket endpoint here");
    const address = deps.ipLimiter.clientAddress(req);
    const release = deps.ipLimiter.acquire(address);
    if (!release) {
      logger.warn({ address, path }, "upgrade refused: per-IP connection limit");
      return refuse(socket, 429, "too many connections from this address");
    }
    socket.on("close", release); // release is idempotent; `on` spares a once-wrapper per connection
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
    if (deps.isClosing()) return refuse(socket, 503, "shutting down");
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
