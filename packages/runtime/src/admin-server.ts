/**
 * The standalone admin HTTP server of scaled-out apps (architecture §8: port 9469): the app's own
 * `handlers` first (e.g. the exporter's /metrics), then the admin routes, then a JSON 404. `listen()` resolves with the bound address
 * (port 0 picks a free one); `close()` stops accepting, drops idle keep-alive connections and
 * resolves when the server is closed. Register `close` as the last shutdown step so probes
 * keep answering while the rest drains.
 */
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import {
  type AdminHandlerOptions,
  type AdminRequestHandler,
  createAdminRequestHandler,
  json,
  send,
} from "./admin-handler.js";

export interface AdminServerOptions extends AdminHandlerOptions {
  /** Default `"0.0.0.0"` (probes and scrapers come from outside the pod/container). */
  host?: string;
  /** Default 9469; 0 for any free port. */
  port?: number;
  /**
   * Handlers tried in order before the admin routes, in the admin handler's shape (true: it
   * answers; false: next). One owning `/metrics` replaces the registry's /metrics.
   */
  handlers?: readonly AdminRequestHandler[];
}

export interface AdminServer {
  readonly server: Server;
  readonly handler: AdminRequestHandler;
  listen(): Promise<AddressInfo>;
  close(): Promise<void>;
}

export const DEFAULT_ADMIN_PORT = 9469;

/** In-flight admin requests are short; after this, remaining connections are cut. */
const CLOSE_FORCE_MS = 2000;

export function createAdminServer(options: AdminServerOptions): AdminServer {
  const { host = "0.0.0.0", port = DEFAULT_ADMIN_PORT, logger, handlers = [] } = options;
  const handler = createAdminRequestHandler(options);
  const server = createServer((req, res) => {
    if (handlers.some((own) => own(req, res))) return;
    if (!handler(req, res)) {
      send(res, 404, "application/json; charset=utf-8", json({ error: "not_found" }), req.method === "HEAD");
    }
  });

  return {
    server,
    handler,
    listen() {
      return new Promise<AddressInfo>((resolve, reject) => {
        const onError = (err: Error) => reject(err);
        server.once("error", onError);
        server.listen(port, host, () => {
          server.off("error", onError);
          const address = server.address() as AddressInfo;
          logger?.info({ address: address.address, port: address.port }, "admin server listening");
          resolve(address);
        });
      });
    },
    close() {
      return new Promise<void>((resolve, reject) => {
        if (!server.listening) {
          resolve();
          return;
        }
        const force = setTimeout(() => server.closeAllConnections(), CLOSE_FORCE_MS);
        force.unref();
        server.close((err) => {
          clearTimeout(force);
          if (err) reject(err);
          else resolve();
        });
        server.closeIdleConnections();
      });
    },
  };
}
