/** The `gateway` section: the WebSocket server, its limits and its network trust settings. */
import { z } from "zod";
import { ipOrCidr, nonEmpty, origin, port, positiveInt } from "./common.js";
import { dialectsSchema } from "./dialects.js";

const rateLimitSchema = z
  .strictObject({
    messagesPerSecond: z
      .number()
      .positive()
      .default(50)
      .describe("Sustained client messages per second allowed on one socket (token bucket refill rate)."),
    burst: positiveInt().default(100).describe("Messages a socket may send at once before the rate applies."),
  })
  .describe("Per-socket limit on client messages; abusers are closed with 4429.");

const slowConsumerSchema = z
  .strictObject({
    maxBufferedBytes: positiveInt()
      .default(1024 * 1024)
      .describe("Bytes waiting in a socket's send buffer before the client counts as slow."),
    maxQueuedEvents: positiveInt()
      .default(1000)
      .describe("Events queued for one socket before it counts as slow."),
  })
  .describe("When a client cannot keep up it is closed with 4008 rather than buffering without bound.");

export const gatewaySchema = z
  .strictObject({
    host: nonEmpty().default("0.0.0.0").describe("Address the gateway listens on."),
    port: port().default(34600).describe("Port the gateway listens on (0 = any free port)."),
    path: z
      .string()
      .regex(/^\/\S*$/, { message: "must be a URL path starting with /" })
      .default("/api/v1/ws")
      .describe("Path of the native WebSocket endpoint."),
    pingIntervalMs: positiveInt()
      .default(25000)
      .describe("Interval of server-side WebSocket pings; a peer that misses a pong is closed."),
    maxFrameBytes: positiveInt()
      .default(65536)
      .describe("Largest client frame accepted; bigger ones close with 1009."),
    rateLimit: rateLimitSchema.prefault({}),
    maxConnectionsPerIp: positiveInt()
      .default(256)
      .describe("Concurrent connections allowed from one client IP."),
    maxSubscriptionsPerSocket: positiveInt().default(64).describe("Channels one socket may subscribe to."),
    maxCustomChannels: positiveInt()
      .default(100)
      .describe(
        "custom.<name> channels one gateway accepts publishes for (each keeps history); a publish that " +
          "would create one more is refused with bad_publish.",
      ),
    slowConsumer: slowConsumerSchema.prefault({}),
    allowedOrigins: z
      .array(origin())
      .default([])
      .describe(
        "Browser origins allowed to connect, e.g. https://dash.example.com. Empty: any origin with a valid " +
          "token; with auth off, only same-origin browsers and non-browser clients.",
      ),
    trustedProxies: z
      .array(ipOrCidr())
      .default([])
      .describe("Proxies (IPs or CIDR ranges) whose X-Forwarded-For is believed for per-IP limits."),
    dialects: dialectsSchema.prefault({}),
  })
  .superRefine((gw, ctx) => {
    const taken = new Map<string, string>([[gw.path, "path"]]);
    for (const [name, dialect] of Object.entries(gw.dialects)) {
      if (!dialect.enabled) continue;
      const owner = taken.get(dialect.path);
      if (owner !== undefined) {
        ctx.addIssue({
          code: "custom",
          path: ["dialects", name, "path"],
          message: `${dialect.path} is already served by gateway.${owner}`,
        });
      }
      taken.set(dialect.path, `dialects.${name}.path`);
    }
  })
  .describe("WebSocket gateway.");

export type GatewayConfig = z.infer<typeof gatewaySchema>;
