import { describe, expect, it } from "vitest";
import type { Bus } from "../src/index.js";
import { createMemoryBroker, createMemoryBus, silentLogger } from "../src/index.js";
import { runBusContract } from "./contract.js";

runBusContract("MemoryBus", async ({ historyMaxLen, historyMaxBytes }) => {
  let broker = createMemoryBroker({ historyMaxLen, historyMaxBytes });
  const buses: Bus[] = [];
  return {
    async connect(options = {}) {
      const bus = createMemoryBus({ broker, logger: silentLogger, ...options });
      buses.push(bus);
      return bus;
    },
    async loseHistory() {
      broker = createMemoryBroker({ historyMaxLen, historyMaxBytes });
    },
    async teardown() {
      await Promise.all(buses.map((bus) => bus.close()));
    },
  };
});

describe("MemoryBus history over every channel", () => {
  it("stays under historyTotalMaxBytes by trimming the channel holding most, each keeping its newest", async () => {
    const broker = createMemoryBroker({ historyMaxBytes: 200 * 1024, historyTotalMaxBytes: 256 * 1024 });
    const bus = createMemoryBus({ broker, logger: silentLogger });
    const chunk = "z".repeat(10 * 1024);
    const newest = new Map<string, number>();
    for (let c = 0; c < 10; c++)
      for (let i = 0; i < 10; i++) {
        const event = await bus.publish({ channel: `custom.c${c}`, host: "h", data: { i, chunk } });
        newest.set(`custom.c${c}`, event.seq);
        expect(broker.historyBytes()).toBeLessThanOrEqual(256 * 1024);
      }
    for (const [channel, seq] of newest) expect((await bus.last(channel))?.seq).toBe(seq);
    // The channel holding most gives up first, so equal events end up spread evenly: about 24
    // of them fit in 256 KiB, 2-3 per channel.
    const kept = await Promise.all([...newest.keys()].map(async (c) => (await bus.history(c)).events.length));
    expect(Math.max(...kept) - Math.min(...kept)).toBeLessThanOrEqual(1);
    const total = kept.reduce((a, b) => a + b, 0);
    expect(total).toBeGreaterThanOrEqual(20);
    expect(total).toBeLessThanOrEqual(25);
    await bus.close();
  });
});
