import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import type { Gateway } from "../create-gateway.js";

/** A plain HTTP route: answers the request and returns true, or returns false (not its path). */
export type RequestHandler = (req: IncomingMessage, res: ServerResponse) => boolean;

export interface ListenOptions {
  /** Default `0.0.0.0`. */
  host?: string;
  /** Default 34600; 0 picks a free port. */
  port?: number;
  extraHandlers?: readonly RequestHandler[];
  /**
   * More ports served by the same gateway and handlers (every path on each), for clients that
   * hard-code a dialect's original port (MonServ 18904, NZB Flow 3001, Tvheadend 9981).
   */
  extraPorts?: readonly number[];
}

export interface ListeningGateway {
  readonly server: Server;
  readonly host: string;
  readonly port: number;
  /** The ports of `extraPorts`, as bound (0 resolved). */
  readonly extraPorts: readonly number[];
  /** `ws://host:port` (loopback spelled 127.0.0.1 when bound to every address). */
  readonly url: string;
  /** Closes the gateway (1001 to every socket), then the server and its idle connections. */
  close(code?: number, reason?: string): Promise<void>;
}

/** The gateway's port (UMA's). */
export const DEFAULT_GATEWAY_PORT = 34600;

/**
 * Serves a gateway on a node:http server (one per port): `upgrade` goes to the gateway; requests go to each
 * `extraHandlers` entry in turn (runtime's admin handler for /livez /readyz /metrics in
 * `wirewatch start`, the dashboard), then to the gateway's HTTP routes, else 404.
 */
export async function listenGateway(
  gateway: Gateway,
  options: ListenOptions = {},
): Promise<ListeningGateway> {
  const handlers = options.extraHandlers ?? [];
  const host = options.host ?? "0.0.0.0";
  const servers: Server[] = [];
  try {
    for (const port of [options.port ?? DEFAULT_GATEWAY_PORT, ...(options.extraPorts ?? [])]) {
      servers.push(await serve(gateway, handlers, host, port));
    }
  } catch (error) {
    for (const server of servers) server.close();
    throw error;
  }
  const server = servers[0]!;
  const address = server.address() as AddressInfo;
  const shownHost = address.address === "0.0.0.0" || address.address === "::" ? "127.0.0.1" : address.address;
  let closing: Promise<void> | undefined;
  return {
    server,
    host: address.address,
    port: address.port,
    extraPorts: servers.slice(1).map((s) => (s.address() as AddressInfo).port),
    url: `ws://${shownHost.includes(":") ? `[${shownHost}]` : shownHost}:${address.port}`,
    close(code, reason) {
      closing ??= (async () => {
        await gateway.close(code, reason);
        await Promise.all(
          servers.map(
            (s) =>
              new Promise<void>((resolve) => {
                s.close(() => resolve());
                s.closeAllConnections();
              }),
          ),
        );
      })();
      return closing;
    },
  };
}

async function serve(
  gateway: Gateway,
  handlers: readonly RequestHandler[],
  host: string,
  port: number,
): Promise<Server> {
  const server = createServer((req, res) => {
    for (const handler of handlers) if (handler(req, res)) return;
    if (gateway.handleHttp(req, res)) return;
    const body = `${JSON.stringify({ error: "not_found" })}\n`;
    res.writeHead(404, {
      "content-type": "application/json; charset=utf-8",
      "content-length": Buffer.byteLength(body),
    });
    res.end(body);
  });
  server.on("upgrade", (req, socket, head) => gateway.handleUpgrade(req, socket, head));
  server.on("clientError", (_err, socket) => {
    if (socket.writable) socket.end("HTTP/1.1 400 Bad Request\r\nConnection: close\r\n\r\n");
    else socket.destroy();
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, () => {
      server.off("error", reject);
      resolve();
    });
  });
  return server;
}
