import type { BusEvent } from "@wirewatch/protocol";
import { type RedisServer, startRedis, startTcpProxy, type TcpProxy, waitFor } from "@wirewatch/testkit";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { type Bus, BusError, createRedisBus, type RedisBusOptions, waitForReady } from "../src/index.js";
import { recordingLogger } from "./redis-harness.js";

const CHANNEL = "system.stats";
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
/** Short probe and reply timeouts, so an outage is noticed in about a second. */
const FAST: Partial<RedisBusOptions> = { probeIntervalMs: 200, probeTimeoutMs: 600, replyTimeoutMs: 800 };

/**
 * Issue 14, defects 1 and 4: a Redis connection that stays open while nothing passes (a proxy
 * that stopped forwarding, a Redis frozen with SIGSTOP) must not starve subscribers silently nor
 * hold publishes that run late.
 */
describe("RedisBus liveness", () => {
  let server: RedisServer;
  let proxy: TcpProxy | undefined;
  let buses: Bus[];
  const logger = recordingLogger();

  const connect = async (redisUrl: string) => {
    const bus = createRedisBus({ redisUrl, logger, historyMaxLen: 10_000, ...FAST });
    buses.push(bus);
    await waitForReady(bus);
    return bus;
  };

  beforeEach(async () => {
    server = await startRedis();
    buses = [];
    logger.lines.length = 0;
  });
  afterEach(async () => {
    server.thaw();
    await Promise.all(buses.map((bus) => bus.close()));
    await proxy?.stop();
    proxy = undefined;
    await server.stop();
  });

  it("notices a subscribing connection that delivers nothing, reconnects it and fills the gap", async () => {
    proxy = await startTcpProxy({ targetPort: server.port });
    const subscriber = await connect(`redis://127.0.0.1:${proxy.port}`);
    const publisher = await connect(server.url);
    const readiness: boolean[] = [];
    subscriber.onReadyChange((ready) => readiness.push(ready));
    const received: BusEvent[] = [];
    await subscriber.subscribe(CHANNEL, (event) => received.push(event)).subscribed;

    const sealed: BusEvent[] = [];
    let publishing = true;
    const loop = (async () => {
      for (let n = 0; publishing; n++) {
        sealed.push(await publisher.publish({ channel: CHANNEL, host: "nas1", data: { n } }));
        await sleep(10);
      }
    })();
    await waitFor(() => received.length >= 20, { description: "events before the fault" });

    expect(proxy.blackhole(/wirewatch-bus-subscribe/)).toBe(1);
    const atFault = sealed.length;
    await waitFor(() => readiness.includes(false), {
      description: "ready() to turn false",
      timeoutMs: 10_000,
    });
    expect(
      logger.lines.some((line) => line.level === "warn" && /liveness probe missed/.test(line.msg ?? "")),
    ).toBe(true);
    await waitFor(() => subscriber.ready(), { description: "ready again on a new connection" });
    await waitFor(() => sealed.length >= atFault + 100, { description: "more events after the fault" });
    publishing = false;
    await loop;

    await waitFor(() => received.length === sealed.length, { description: "every event, gap filled" });
    expect(received).toEqual(sealed);
    expect(readiness).toEqual([false, true]);
  });

  it("fails publishes fast while Redis is frozen, and none of them happens after it thaws", async () => {
    const subscriber = await connect(server.url);
    const publisher = await connect(server.url);
    const received: BusEvent[] = [];
    await subscriber.subscribe(CHANNEL, (event) => received.push(event)).subscribed;
    const before = await publisher.publish({ channel: CHANNEL, host: "nas1", data: { phase: "before" } });

    server.freeze();
    const attempts = Array.from({ length: 10 }, (_, i) =>
      publisher.publish({ channel: CHANNEL, host: "nas1", data: { phase: "frozen", i } }),
    );
    const settled = Promise.allSettled(attempts);
    let settledWhileFrozen = false;
    const outcome = await Promise.race([
      settled.then((results) => {
        settledWhileFrozen = true;
        return results;
      }),
      sleep(8_000).then(() => undefined),
    ]);
    expect(settledWhileFrozen).toBe(true);
    for (const result of outcome ?? []) {
      expect(result.status).toBe("rejected");
      const reason = (result as PromiseRejectedResult).reason;
      expect(reason).toBeInstanceOf(BusError);
      expect((reason as BusError).code).toBe("WW_BUS_DOWN");
    }
    await waitFor(() => !publisher.ready() && !subscriber.ready(), { description: "both not ready" });

    server.thaw();
    await waitFor(() => publisher.ready() && subscriber.ready(), { description: "ready after the thaw" });
    const after = await publisher.publish({ channel: CHANNEL, host: "nas1", data: { phase: "after" } });
    await waitFor(() => received.some((event) => event.seq === after.seq), { description: "the new event" });

    const history = await publisher.history(CHANNEL);
    expect(history.events.map((event) => event.data)).toEqual([{ phase: "before" }, { phase: "after" }]);
    expect(after.seq).toBe(before.seq + 1);
    expect(received.map((event) => event.data)).toEqual([{ phase: "before" }, { phase: "after" }]);
  });
});
