import { describe, expect, it } from "vitest";
import { BusError, createBus, createRedisBus, waitForReady } from "../src/index.js";
import { describeRedisUrl, reconnectDelayMs, toBusError } from "../src/redis-connection.js";
import { channelKeys } from "../src/redis-keys.js";

describe("createBus and options", () => {
  it("picks the memory bus without a Redis URL", async () => {
    const bus = createBus({ historyMaxLen: 5 });
    expect(bus.engine).toBe("memory");
    await waitForReady(bus);
    await bus.close();
    await expect(waitForReady(bus, 10)).rejects.toMatchObject({ code: "WW_BUS_DOWN" });
  });

  it("rejects bad Redis options before opening any connection", () => {
    const bad = [
      { keyPrefix: "bad prefix" },
      { keyPrefix: "ends:" },
      { historyMaxLen: 0 },
      { publishBatchMax: 1.5 },
    ];
    for (const options of bad) {
      expect(() => createRedisBus({ redisUrl: "redis://127.0.0.1:1", ...options })).toThrow(BusError);
    }
  });

  it("caps the reconnect backoff", () => {
    const delays = Array.from({ length: 30 }, (_, i) => reconnectDelayMs(i + 1, 1000));
    expect(Math.max(...delays)).toBeLessThanOrEqual(1000);
    expect(delays[0]).toBeLessThanOrEqual(60);
    expect(delays.slice(10).every((delay) => delay >= 800)).toBe(true);
  });

  it("never shows Redis credentials", () => {
    expect(describeRedisUrl("redis://user:s3cret@cache.lan:6380/2")).toBe("cache.lan:6380");
    expect(describeRedisUrl("not a url")).not.toContain("not a url");
  });

  it("maps Redis failures to stable codes", () => {
    const reply = Object.assign(new Error("OOM command not allowed"), { name: "ReplyError" });
    expect(toBusError(reply).code).toBe("WW_BUS_BACKEND_ERROR");
    expect(toBusError(new Error("Connection is closed.")).code).toBe("WW_BUS_DOWN");
    const original = new BusError("WW_BUS_QUEUE_FULL", "full");
    expect(toBusError(original)).toBe(original);
  });

  it("lays out keys per channel with a cluster hash tag", () => {
    expect(channelKeys("ww", "system.stats")).toEqual({
      meta: "ww:{system.stats}:meta",
      history: "ww:{system.stats}:history",
      index: "ww:{system.stats}:index",
      pubsub: "ww:ev:system.stats",
    });
  });
});
