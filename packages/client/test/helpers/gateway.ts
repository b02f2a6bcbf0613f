import { createHmac } from "node:crypto";
import {
  type Bus,
  createMemoryBroker,
  createMemoryBus,
  type MemoryBroker,
  silentLogger,
} from "@wirewatch/bus";
import { createGateway, type Gateway, type GatewayOptions, listenGateway } from "@wirewatch/gateway";

export const READ_TOKEN = "read-token-0123456789abcdef";
export const JWT_SECRET = "jwt-secret-0123456789abcdef-0123456789";

/** A real gateway over a real MemoryBus on a loopback port (0 = any free port). */
export interface TestGateway {
  bus: Bus;
  gateway: Gateway;
  port: number;
  /** `ws://127.0.0.1:PORT/api/v1/ws` */
  url: string;
  /** Gateway close (1001 + reconnect hint to every socket), then the server and the bus. */
  close(): Promise<void>;
}

export async function startGateway(
  options: { broker?: MemoryBroker; port?: number } & Partial<GatewayOptions> = {},
): Promise<TestGateway> {
  const { broker, port, ...rest } = options;
  const bus = createMemoryBus({ logger: silentLogger, broker: broker ?? createMemoryBroker() });
  const gateway = createGateway({
    hostName: "gw-test",
    auth: { mode: "token", tokens: [{ name: "reader", token: READ_TOKEN }], jwt: { secret: JWT_SECRET } },
    reconnectAfterMs: 50,
    closeTimeoutMs: 1000,
    ...rest,
    bus,
  });
  const listening = await listenGateway(gateway, { host: "127.0.0.1", port: port ?? 0 });
  return {
    bus,
    gateway,
    port: listening.port,
    url: `ws://127.0.0.1:${listening.port}/api/v1/ws`,
    async close() {
      await listening.close();
      await bus.close();
    },
  };
}

/**
 * Publishes `custom.stream` events (data `{ i }`) every `intervalMs` on its own bus of `broker`,
 * like a collector process, until stopped.
 */
export function startProducer(broker: MemoryBroker, intervalMs = 5) {
  const bus = createMemoryBus({ logger: silentLogger, broker });
  let published = 0;
  let stopped = false;
  const loop = (async () => {
    while (!stopped) {
      await bus.publish({ channel: "custom.stream", host: "nas1", data: { i: ++published } });
      await new Promise((resolve) => setTimeout(resolve, intervalMs));
    }
  })();
  return {
    get published() {
      return published;
    },
    async stop() {
      stopped = true;
      await loop;
      await bus.close();
    },
  };
}

/** An HS256 JWT the test gateway accepts (`exp` in seconds from now). */
export function signJwt(claims: Record<string, unknown>, expiresInSeconds: number): string {
  const encode = (value: unknown) => Buffer.from(JSON.stringify(value)).toString("base64url");
  const now = Math.floor(Date.now() / 1000);
  const body = `${encode({ alg: "HS256", typ: "JWT" })}.${encode({ sub: "tester", iat: now, exp: now + expiresInSeconds, ...claims })}`;
  return `${body}.${createHmac("sha256", JWT_SECRET).update(body).digest("base64url")}`;
}

/**
 * Checks seqs run one by one from `from` (default: the first one received — a subscription
 * starts with the last value), each once, in order; returns a readable complaint otherwise.
 */
export function continuity(seqs: number[], from = seqs[0] ?? 1): string | undefined {
  for (let i = 0; i < seqs.length; i++) {
    if (seqs[i] !== from + i)
      return `expected seq ${from + i} at index ${i}, got ${seqs[i]} (…${seqs.slice(Math.max(0, i - 3), i + 3).join(",")}…)`;
  }
  return undefined;
}

/** The native endpoint through a testkit TCP proxy in front of a test gateway. */
export const proxyUrl = (proxy: { port: number }): string => `ws://127.0.0.1:${proxy.port}/api/v1/ws`;
