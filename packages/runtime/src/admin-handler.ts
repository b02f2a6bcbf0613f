/**
 * The admin routes — GET /livez, /readyz, /metrics — as a request handler that any node:http
 * server can mount. The standalone admin server (port 9469, scaled-out mode) uses it, and the
 * gateway mounts it on its own port in `wirewatch start` (architecture §8):
 *
 *     if (!adminHandler(req, res)) gatewayRoutes(req, res);
 *
 * The handler answers synchronously whether it owns the path (true: it will respond; false:
 * untouched, the caller responds). HEAD is answered like GET without a body; other methods
 * get 405. The routes carry no secrets and do no auth; mounting them behind auth is the
 * caller's choice.
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import type { Health } from "./health.js";
import type { Logger } from "./logger.js";

/** What /metrics needs: a MetricsRegistry or a bare prom-client Registry. */
export interface MetricsSource {
  readonly contentType: string;
  metrics(): Promise<string>;
}

export interface AdminHandlerOptions {
  registry: MetricsSource;
  health: Health;
  /** Failures while serving /metrics or /readyz are logged here. */
  logger?: Logger;
}

export type AdminRequestHandler = (req: IncomingMessage, res: ServerResponse) => boolean;

export const ADMIN_PATHS: readonly string[] = ["/livez", "/readyz", "/metrics"];
const JSON_TYPE = "application/json; charset=utf-8";

export function createAdminRequestHandler(options: AdminHandlerOptions): AdminRequestHandler {
  const { registry, health, logger } = options;

  async function respond(path: string, head: boolean, res: ServerResponse): Promise<void> {
    if (path === "/livez") {
      const live = health.isLive();
      send(res, live ? 200 : 503, JSON_TYPE, json({ status: live ? "live" : "stopped" }), head);
    } else if (path === "/readyz") {
      const report = await health.readiness();
      const failing = report.components.filter((c) => !c.ready).map((c) => c.name);
      const status = report.ready ? "ready" : report.shuttingDown ? "shutting_down" : "not_ready";
      const body = { status, failing, components: report.components };
      send(res, report.ready ? 200 : 503, JSON_TYPE, json(body), head);
    } else {
      const text = await registry.metrics();
      send(res, 200, registry.contentType, text, head);
    }
  }

  return (req, res) => {
    const path = pathOf(req.url);
    if (path === undefined || !ADMIN_PATHS.includes(path)) return false;
    if (req.method !== "GET" && req.method !== "HEAD") {
      res.setHeader("allow", "GET, HEAD");
      send(res, 405, JSON_TYPE, json({ error: "method_not_allowed", allow: ["GET", "HEAD"] }), false);
      return true;
    }
    respond(path, req.method === "HEAD", res).catch((err: unknown) => {
      logger?.error({ err, path }, "admin endpoint failed");
      if (!res.headersSent) send(res, 500, JSON_TYPE, json({ error: "internal" }), false);
      else res.destroy();
    });
    return true;
  };
}

/** Writes a complete response. Exported for the admin server's 404. */
export function send(res: ServerResponse, status: number, type: string, body: string, head: boolean): void {
  res.writeHead(status, {
    "content-type": type,
    "content-length": Buffer.byteLength(body),
    "cache-control": "no-store",
  });
  res.end(head ? undefined : body);
}

export function json(value: unknown): string {
  return `${JSON.stringify(value)}\n`;
}

function pathOf(url: string | undefined): string | undefined {
  if (!url) return undefined;
  const end = url.search(/[?#]/);
  return end === -1 ? url : url.slice(0, end);
}
