import type { IncomingMessage, ServerResponse } from "node:http";
import type { Gateway } from "@wirewatch/gateway";

/** A request handler as node:http, runtime's admin handler and the exporter's scrape take it: true when it answered. */
export type RouteHandler = (req: IncomingMessage, res: ServerResponse) => boolean;

/** The rows of the route table, in the order they are tried. */
export type HttpRouteName = "admin" | "metrics" | "static" | "gateway" | "websocket-only" | "not-found";

/** One row of the route table. */
export interface HttpRoute {
  readonly name: HttpRouteName;
  /** Whether the row is tried for this request (method, path and headers only; no side effects). */
  matches(req: IncomingMessage): boolean;
  /** Answers (true), or leaves the request to the next row (false). */
  handle: RouteHandler;
}

/** What the rows are made of; a row whose part is absent is left out. */
export interface HttpRouteParts {
  /**
   * Runtime's admin handler: `/livez` and `/readyz`, and `/metrics` when `metrics` is absent.
   * Absent in the scaled-out gateway app, whose admin endpoints have their own listener.
   */
  admin?: RouteHandler;
  /** `/metrics`: the exporter's scrape (every host's series, then the process's registry). */
  metrics?: RouteHandler;
  /**
   * Static files at `/` (the coming dashboard): tried for GET and HEAD without `Upgrade`, except
   * under `/api/` and on WebSocket paths other than `/`; answers false for what it does not serve.
   */
  staticFiles?: RouteHandler;
  /** Its HTTP endpoints, its 426, and which paths its dialects serve. */
  gateway: Pick<Gateway, "handleApi" | "upgradeRequired" | "dialectAt">;
}

/** The gateway's HTTP endpoints (`PUBLISH_PATH`, `ALERTS_PATH`, `SILENCES_PATH`) all live here. */
export const GATEWAY_API_PREFIX = "/api/";
const ADMIN_ONLY_PATHS = ["/livez", "/readyz"];

/**
 * The HTTP route table of a gateway port, the one place where it is decided who answers a
 * request; `wirewatch start` and the scaled-out gateway app both serve it (architecture §4):
 *
 * 1. `admin`: `/livez`, `/readyz` (GET, HEAD; else 405) → runtime's admin handler.
 * 2. `metrics`: `/metrics` (GET, HEAD; else 405) → the exporter's scrape, else the admin handler.
 * 3. `static`: GET or HEAD without `Upgrade`, not under `/api/`, on no WebSocket path but `/` →
 *    the dashboard's files, when it serves the path.
 * 4. `gateway`: every request → `POST /api/v1/publish` and the alert routes, when they match.
 * 5. `websocket-only`: any other request on a WebSocket path → 426 with `Upgrade: websocket`.
 * 6. `not-found`: every request → 404 `{"error":"not_found"}`.
 *
 * Upgrades never reach the table: node:http hands them to the gateway (`listenGateway`), which
 * picks the dialect by the exact path. So `/` is shared explicitly: a GET of `/` without
 * `Upgrade` goes to row 3 (and, with no dashboard, to row 5's 426 while NZB Flow is on `/`);
 * an upgrade on `/` goes to NZB Flow's dialect.
 */
export function httpRouteTable(parts: HttpRouteParts): HttpRoute[] {
  const { admin, staticFiles, gateway } = parts;
  const metrics = parts.metrics ?? admin;
  const rows: (HttpRoute | undefined)[] = [
    admin && { name: "admin", matches: (req) => ADMIN_ONLY_PATHS.includes(pathOf(req)), handle: admin },
    metrics && { name: "metrics", matches: (req) => pathOf(req) === "/metrics", handle: metrics },
    staticFiles && { name: "static", matches: (req) => isStaticRequest(req, gateway), handle: staticFiles },
    { name: "gateway", matches: () => true, handle: gateway.handleApi },
    {
      name: "websocket-only",
      matches: (req) => gateway.dialectAt(pathOf(req)) !== undefined,
      handle: gateway.upgradeRequired,
    },
    { name: "not-found", matches: () => true, handle: notFound },
  ];
  return rows.filter((row): row is HttpRoute => row !== undefined);
}

/**
 * The request listener of a table: the first row that matches and answers wins. Always true
 * (the last row answers everything), so as `listenGateway`'s only `extraHandlers` entry it
 * replaces the server's own fallbacks.
 */
export function routeRequests(rows: readonly HttpRoute[]): RouteHandler {
  return (req, res) => {
    for (const row of rows) if (row.matches(req) && row.handle(req, res)) return true;
    return notFound(req, res);
  };
}

function isStaticRequest(req: IncomingMessage, gateway: HttpRouteParts["gateway"]): boolean {
  if ((req.method !== "GET" && req.method !== "HEAD") || req.headers.upgrade !== undefined) return false;
  const path = pathOf(req);
  if (path.startsWith(GATEWAY_API_PREFIX)) return false;
  return path === "/" || gateway.dialectAt(path) === undefined;
}

/** The gateway port's 404, as `listenGateway` answers it. */
function notFound(_req: IncomingMessage, res: ServerResponse): true {
  const body = `${JSON.stringify({ error: "not_found" })}\n`;
  res.writeHead(404, {
    "content-type": "application/json; charset=utf-8",
    "content-length": Buffer.byteLength(body),
  });
  res.end(body);
  return true;
}

function pathOf(req: IncomingMessage): string {
  const url = req.url ?? "/";
  const end = url.search(/[?#]/);
  return end === -1 ? url : url.slice(0, end);
}
