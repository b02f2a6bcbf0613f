import { createMemoryBus, silentLogger } from "@wirewatch/bus";
import { configSchema } from "@wirewatch/config";
import { createLogger, createMetricsRegistry } from "@wirewatch/runtime";
import { describe, expect, it } from "vitest";
import { createBusFromConfig } from "../src/bus-from-config.js";
import { createCollectorFromConfig } from "../src/collector-from-config.js";
import { gatewayOptionsFromConfig } from "../src/gateway-from-config.js";

const logger = createLogger({ level: "silent" });

describe("gatewayOptionsFromConfig", () => {
  it("maps every gateway option, the publish host and the native path", () => {
    const config = configSchema.parse({
      collector: { hostname: "nas1" },
      gateway: {
        path: "/ws/native",
        pingIntervalMs: 1000,
        maxFrameBytes: 4096,
        rateLimit: { messagesPerSecond: 5, burst: 7 },
        maxConnectionsPerIp: 3,
        maxSubscriptionsPerSocket: 4,
        slowConsumer: { maxBufferedBytes: 100, maxQueuedEvents: 10 },
        allowedOrigins: ["https://dash.example.com"],
        trustedProxies: ["127.0.0.1"],
      },
    });
    const bus = createMemoryBus({ logger: silentLogger });
    const registry = createMetricsRegistry().registry;
    const options = gatewayOptionsFromConfig(config, { bus, logger, auth: { mode: "none" }, registry });
    expect(options).toMatchObject({
      bus,
      hostName: "nas1",
      auth: { mode: "none" },
      limits: {
        rateLimit: { messagesPerSecond: 5, burst: 7 },
        maxConnectionsPerIp: 3,
        maxSubscriptionsPerSocket: 4,
        slowConsumer: { maxBufferedBytes: 100, maxQueuedEvents: 10 },
      },
      pingIntervalMs: 1000,
      maxFrameBytes: 4096,
      allowedOrigins: ["https://dash.example.com"],
      trustedProxies: ["127.0.0.1"],
      registry,
    });
    expect(options.dialects?.[0]).toMatchObject({ name: "native", path: "/ws/native" });
  });
});

describe("createBusFromConfig", () => {
  it("is a memory bus without a Redis URL and a Redis bus with one", async () => {
    const memory = createBusFromConfig(configSchema.parse({}), { logger });
    expect(memory.engine).toBe("memory");
    await memory.close();
    const redis = createBusFromConfig(
      configSchema.parse({ bus: { redis: { url: "redis://127.0.0.1:1" } } }),
      { logger },
    );
    expect(redis.engine).toBe("redis");
    expect(redis.ready()).toBe(false);
    await redis.close();
  });
});

describe("createCollectorFromConfig", () => {
  it("builds the enabled inputs for the configured host and runs nothing before start()", async () => {
    const bus = createMemoryBus({ logger: silentLogger });
    const on = createCollectorFromConfig(configSchema.parse({ collector: { hostname: "nas1" } }), {
      publisher: bus,
      logger,
    });
    expect(on.inputs).toContain("host");
    expect(on.scheduler.stats().published).toBe(0);
    await on.stop();
    const off = createCollectorFromConfig(
      configSchema.parse({ collector: { inputs: { host: { enabled: false } } } }),
      { publisher: bus, logger },
    );
    expect(off.inputs).not.toContain("host");
    await off.stop();
    await bus.close();
  });
});
