import { createConnection, createServer, type Socket } from "node:net";

/** Options for {@link startTcpProxy}. */
export interface TcpProxyOptions {
  /** Where connections are forwarded (loopback). */
  targetPort: number;
  targetHost?: string;
}

/**
 * A loopback TCP proxy owned by one test, standing in for what sits between a client and a
 * server — a load balancer, a NAT, a firewall — for faults a real server cannot be asked to make:
 * a connection whose socket stays open while nothing passes through it (a flow the NAT forgot, a
 * half-dead balancer), every connection cut at once (what clients see when a replica is
 * SIGKILLed), and new connections sent to another backend.
 */
export interface TcpProxy {
  readonly port: number;
  /** Connections accepted so far. */
  readonly accepted: number;
  /**
   * Stops forwarding, in both directions, on every open connection whose client has sent bytes
   * matching `match` (default: every connection; e.g. `/wirewatch-bus-subscribe/`, the name a bus
   * connection gives itself). The sockets stay open: neither side sees a close or an error, and
   * new connections still work. Returns how many it detached.
   */
  blackhole(match?: RegExp): number;
  /** Destroys every open connection, both sides. */
  dropAll(): void;
  /** Where new connections go from now on (open ones stay where they are). */
  setTarget(port: number): void;
  /** Open connections (client side). */
  connections(): number;
  /** Closes the listener and every connection. */
  stop(): Promise<void>;
}

interface Pair {
  client: Socket;
  upstream: Socket;
  /** The first 4 KiB the client sent, for {@link TcpProxy.blackhole}. */
  seen: string;
  detached: boolean;
}

/** Starts a {@link TcpProxy} on a free loopback port. */
export async function startTcpProxy(options: TcpProxyOptions): Promise<TcpProxy> {
  const host = options.targetHost ?? "127.0.0.1";
  let target = options.targetPort;
  let accepted = 0;
  const pairs = new Set<Pair>();
  const dropAll = () => {
    for (const pair of pairs) {
      pair.client.destroy();
      pair.upstream.destroy();
    }
    pairs.clear();
  };
  const server = createServer((client) => {
    accepted++;
    const upstream = createConnection({ host, port: target });
    const pair: Pair = { client, upstream, seen: "", detached: false };
    pairs.add(pair);
    client.on("data", (chunk: Buffer) => {
      if (pair.seen.length < 4096) pair.seen += chunk.toString("latin1");
      if (!pair.detached) upstream.write(chunk);
    });
    upstream.on("data", (chunk: Buffer) => {
      if (!pair.detached) client.write(chunk);
    });
    const close = () => {
      pairs.delete(pair);
      client.destroy();
      upstream.destroy();
    };
    for (const socket of [client, upstream]) {
      socket.on("error", close);
      socket.on("close", close);
    }
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => resolve());
  });
  const address = server.address();
  const port = typeof address === "object" && address ? address.port : 0;
  return {
    port,
    get accepted() {
      return accepted;
    },
    blackhole(match = /(?:)/) {
      let n = 0;
      for (const pair of pairs) {
        if (pair.detached || !match.test(pair.seen)) continue;
        pair.detached = true;
        n++;
      }
      return n;
    },
    dropAll,
    setTarget(port) {
      target = port;
    },
    connections: () => pairs.size,
    async stop() {
      dropAll();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
