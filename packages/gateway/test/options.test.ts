import { createMemoryBus, silentLogger } from "@wirewatch/bus";
import { describe, expect, it } from "vitest";
import { createGateway } from "../src/create-gateway.js";
import { createNativeDialect } from "../src/dialects/native.js";
import { DEFAULTS, resolveLimits } from "../src/options.js";

const bus = createMemoryBus({ logger: silentLogger });

describe("options", () => {
  it("defaults to the architecture's limits", () => {
    expect(resolveLimits({ bus })).toEqual({
      messagesPerSecond: 50,
      burst: 100,
      maxConnectionsPerIp: 256,
      maxSubscriptionsPerSocket: 64,
      maxBufferedBytes: 1024 * 1024,
      maxQueuedEvents: 1000,
      maxConsecutiveInvalid: 20,
      maxReplayEvents: 1000,
      maxInvalidPerMinute: 30,
      maxCustomChannels: 100,
      maxFrameBytes: 65536,
    });
    expect(DEFAULTS.pingIntervalMs).toBe(25_000);
  });

  it("refuses non-positive limits with WW_GATEWAY_OPTIONS_INVALID", () => {
    expect(() => resolveLimits({ bus, maxFrameBytes: 0 })).toThrow(
      expect.objectContaining({ code: "WW_GATEWAY_OPTIONS_INVALID" }),
    );
    expect(() => resolveLimits({ bus, limits: { rateLimit: { burst: -1 } } })).toThrow();
  });

  it("refuses two dialects on one path and auth that admits nobody", () => {
    expect(() =>
      createGateway({
        bus,
        auth: { mode: "none" },
        dialects: [createNativeDialect(), createNativeDialect()],
      }),
    ).toThrow(expect.objectContaining({ code: "WW_GATEWAY_DIALECT_CONFLICT" }));
    expect(() => createGateway({ bus })).toThrow(
      expect.objectContaining({ code: "WW_GATEWAY_AUTH_UNCONFIGURED" }),
    );
  });
});
