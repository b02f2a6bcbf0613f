import type { BusEvent } from "@wirewatch/protocol";
import { type RedisServer, startRedis, waitFor } from "@wirewatch/testkit";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { type Bus, BusError, createRedisBus, waitForReady } from "../src/index.js";
import { busConnections, recordingLogger } from "./redis-harness.js";

const CHANNEL = "system.stats";
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Publishes one event every `intervalMs` until stopped, keeping every outcome: the fault tests
 * publish through the fault and check what each publish did.
 */
function steadyPublisher(bus: Bus, intervalMs: number) {
  const sealed: BusEvent[] = [];
  const failures: unknown[] = [];
  let running = true;
  let n = 0;
  const loop = (async () => {
    while (running) {
      try {
        sealed.push(await bus.publish({ channel: CHANNEL, host: "nas1", data: { n: n++ } }));
      } catch (error) {
        failures.push(error);
      }
      await sleep(intervalMs);
    }
  })();
  return {
    sealed,
    failures,
    stop: async () => {
      running = false;
      await loop;
    },
  };
}

function expectContiguous(events: BusEvent[]): void {
  expect(events.map((event) => event.seq)).toEqual(Array.from({ length: events.length }, (_, i) => i + 1));
}

describe("RedisBus faults", () => {
  let server: RedisServer;
  let buses: Bus[];
  const unhandled: unknown[] = [];
  const onUnhandled = (reason: unknown) => unhandled.push(reason);
  const logger = recordingLogger();

  const connect = async () => {
    const bus = createRedisBus({ redisUrl: server.url, logger, historyMaxLen: 10_000 });
    buses.push(bus);
    await waitForReady(bus);
    return bus;
  };
  const watchReady = (bus: Bus) => {
    const changes: boolean[] = [];
    bus.onReadyChange((ready) => changes.push(ready));
    return changes;
  };

  beforeAll(() => {
    process.on("unhandledRejection", onUnhandled);
  });
  afterAll(() => {
    process.off("unhandledRejection", onUnhandled);
  });
  beforeEach(async () => {
    server = await startRedis();
    buses = [];
    unhandled.length = 0;
    logger.lines.length = 0;
  });
  afterEach(async () => {
    await Promise.all(buses.map((bus) => bus.close()));
    await server.stop();
    expect(unhandled).toEqual([]);
    expect(logger.lines.filter((line) => line.level === "error")).toEqual([]);
  });

  it("survives CLIENT KILL TYPE pubsub: ready drops and returns, resubscribes, fills the gap", async () => {
    const subscriber = await connect();
    const publisher = await connect();
    const changes = watchReady(subscriber);
    const received: BusEvent[] = [];
    await subscriber.subscribe(CHANNEL, (event) => received.push(event)).subscribed;
    const stream = steadyPublisher(publisher, 2);
    await waitFor(() => received.length >= 50, { description: "50 events before the kill" });
    const atKill = stream.sealed.length;
    // Both buses' subscribing connections: every bus subscribes its liveness probe channel.
    expect(await server.cli(["client", "kill", "type", "pubsub"])).toBe("2");
    await waitFor(() => changes.length >= 2, { description: "ready to go false and back" });
    expect(changes).toEqual([false, true]);
    await waitFor(() => received.length >= atKill + 50, { description: "50 events after the kill" });
    await stream.stop();
    await waitFor(() => received.length === stream.sealed.length, { description: "every published event" });
    expect(stream.failures).toEqual([]);
    expectContiguous(received);
    expect(received).toEqual(stream.sealed);
    expect((await server.cli(["pubsub", "numsub", `ww:ev:${CHANNEL}`])).split("\n")[1]).toBe("1");
    // The events published while the subscriber was away came from history.
    const filled = logger.lines.filter((line) => line.msg === "bus filled missed events from history");
    expect(filled.length).toBeGreaterThan(0);
  });

  it("survives a Redis restart mid-stream: fails fast while down, resubscribes, new epoch", async () => {
    const subscriber = await connect();
    const publisher = await connect();
    const changes = watchReady(subscriber);
    const received: BusEvent[] = [];
    await subscriber.subscribe(CHANNEL, (event) => received.push(event)).subscribed;
    const stream = steadyPublisher(publisher, 2);
    await waitFor(() => received.length >= 50, { description: "50 events before the restart" });

    await server.stop();
    await waitFor(() => !subscriber.ready() && !publisher.ready(), { description: "both buses not ready" });
    const started = performance.now();
    const down = await publisher
      .publish({ channel: CHANNEL, host: "nas1", data: "while down" })
      .catch((e) => e);
    expect(performance.now() - started).toBeLessThan(1_000);
    expect(down).toBeInstanceOf(BusError);
    expect((down as BusError).code).toBe("WW_BUS_DOWN");
    await expect(publisher.history(CHANNEL)).rejects.toMatchObject({ code: "WW_BUS_DOWN" });
    await expect(publisher.last(CHANNEL)).rejects.toMatchObject({ code: "WW_BUS_DOWN" });
    await waitFor(() => stream.failures.length >= 3, { description: "the stream's publishes failing" });
    const beforeRestart = stream.sealed.length;
    const oldEpoch = stream.sealed[0]?.epoch as string;

    await server.start();
    const restarted = performance.now();
    await waitFor(() => subscriber.ready() && publisher.ready(), { description: "both buses ready again" });
    // Backoff is capped at 1 s (plus jitter and the ready check); allow for a slow machine.
    expect(performance.now() - restarted).toBeLessThan(3_000);
    await waitFor(() => stream.sealed.length >= beforeRestart + 50, {
      description: "50 events after restart",
    });
    await stream.stop();
    await waitFor(() => received.length === stream.sealed.length, { description: "every published event" });

    expect(changes.slice(0, 2)).toEqual([false, true]);
    expect(stream.failures.every((error) => error instanceof BusError && error.code === "WW_BUS_DOWN")).toBe(
      true,
    );
    const oldRun = received.filter((event) => event.epoch === oldEpoch);
    const newRun = received.filter((event) => event.epoch !== oldEpoch);
    expect(oldRun).toHaveLength(beforeRestart);
    expectContiguous(oldRun);
    expectContiguous(newRun);
    expect(new Set(newRun.map((event) => event.epoch)).size).toBe(1);
    expect(received).toEqual(stream.sealed);
    const resumed = await publisher.history(CHANNEL, { seq: beforeRestart, epoch: oldEpoch });
    expect(resumed.recovered).toBe(false);
    expect(resumed.epoch).toBe(newRun[0]?.epoch);
    expect(
      logger.lines.some((line) => line.level === "warn" && line.msg === "bus redis connection lost"),
    ).toBe(true);
    expect(await busConnections(server)).toBe(4);
  });

  it("rejects publishes in flight when Redis dies, leaving none pending", async () => {
    const publisher = await connect();
    const inFlight = Array.from({ length: 20_000 }, (_, i) =>
      publisher.publish({ channel: CHANNEL, host: "nas1", data: { i } }),
    );
    const settled = Promise.allSettled(inFlight);
    await server.stop({ signal: "SIGKILL" });
    const results = await settled;
    const failed = results.filter((result): result is PromiseRejectedResult => result.status === "rejected");
    expect(
      failed.every((result) => result.reason instanceof BusError && result.reason.code === "WW_BUS_DOWN"),
    ).toBe(true);
    expect(results.filter((result) => result.status === "fulfilled").length + failed.length).toBe(20_000);
  });

  it("starts while Redis is down, fails fast, and becomes ready when it comes up", async () => {
    await server.stop();
    const bus = createRedisBus({ redisUrl: server.url, logger });
    buses.push(bus);
    const changes = watchReady(bus);
    await sleep(200);
    expect(bus.ready()).toBe(false);
    await expect(bus.publish({ channel: CHANNEL, host: "nas1", data: 1 })).rejects.toMatchObject({
      code: "WW_BUS_DOWN",
    });
    const received: BusEvent[] = [];
    const off = bus.subscribe(CHANNEL, (event) => received.push(event));
    await server.start();
    expect(await off.subscribed).toBe(true);
    await waitFor(() => bus.ready(), { description: "ready" });
    expect(changes).toEqual([true]);
    const event = await bus.publish({ channel: CHANNEL, host: "nas1", data: 2 });
    await waitFor(() => received.length === 1, { description: "the event" });
    expect(received).toEqual([event]);
  });
});
