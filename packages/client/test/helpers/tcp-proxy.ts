import { createServer, type Server, type Socket, connect as tcpConnect } from "node:net";

/**
 * A raw TCP forwarder on a loopback port, standing in for a load balancer in front of gateway
 * replicas: it can be pointed at another backend, cut every connection at once (what a client
 * sees when a replica is SIGKILLed), or freeze the connections it has (a half-open path: bytes
 * go nowhere, nothing is closed) while new connections still work.
 */
export interface TcpProxy {
  port: number;
  /** `ws://127.0.0.1:PORT/api/v1/ws` */
  url: string;
  /** Connections accepted so far. */
  readonly accepted: number;
  setTarget(port: number): void;
  /** Destroys every open connection (both sides). */
  dropAll(): void;
  /** Stops forwarding in both directions on every open connection, without closing them. */
  freezeAll(): void;
  close(): Promise<void>;
}

export async function startTcpProxy(targetPort: number): Promise<TcpProxy> {
  let target = targetPort;
  let accepted = 0;
  const pairs = new Set<{ client: Socket; upstream: Socket; frozen: boolean }>();
  const server: Server = createServer((client) => {
    accepted++;
    const upstream = tcpConnect({ host: "127.0.0.1", port: target });
    const pair = { client, upstream, frozen: false };
    pairs.add(pair);
    const forward = (from: Socket, to: Socket) =>
      from.on("data", (chunk: Buffer) => {
        if (!pair.frozen) to.write(chunk);
      });
    forward(client, upstream);
    forward(upstream, client);
    const end = () => {
      pairs.delete(pair);
      client.destroy();
      upstream.destroy();
    };
    client.on("close", end).on("error", () => {});
    upstream.on("close", end).on("error", () => {});
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  const port = typeof address === "object" && address ? address.port : 0;
  return {
    port,
    url: `ws://127.0.0.1:${port}/api/v1/ws`,
    get accepted() {
      return accepted;
    },
    setTarget(next) {
      target = next;
    },
    dropAll() {
      for (const { client, upstream } of pairs) {
        client.destroy();
        upstream.destroy();
      }
      pairs.clear();
    },
    freezeAll() {
      for (const pair of pairs) pair.frozen = true;
    },
    async close() {
      for (const { client, upstream } of pairs) {
        client.destroy();
        upstream.destroy();
      }
      pairs.clear();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
