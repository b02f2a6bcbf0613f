import { type Bus, createRedisBus, silentLogger, waitForReady } from "@wirewatch/bus";
import { type RedisServer, startRedis, startTcpProxy, type TcpProxy, waitFor } from "@wirewatch/testkit";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { connect, ofType, type TestClient } from "./helpers/client.js";
import { type Harness, READ_TOKEN, startHarness } from "./helpers/harness.js";

/**
 * Issue 14, defect 1: a replica whose Redis subscription goes silent (the socket stays open, a
 * proxy forwards nothing) must not starve its clients silently. Its `/readyz` turns 503, its
 * clients get a `bus_unavailable` status, and once the bus has reconnected they get
 * `bus_available` and every event published meanwhile, in order.
 */
let redis: RedisServer;
let proxy: TcpProxy;
let cutOff: Harness;
let publisher: Bus;
const clients: TestClient[] = [];

beforeAll(async () => {
  redis = await startRedis();
  proxy = await startTcpProxy({ targetPort: redis.port });
  const bus = createRedisBus({
    redisUrl: `redis://127.0.0.1:${proxy.port}`,
    logger: silentLogger,
    keyPrefix: "cutoff",
    probeIntervalMs: 200,
    probeTimeoutMs: 600,
  });
  await waitForReady(bus, 10_000);
  cutOff = await startHarness({ bus, hostName: "replica-a" });
  publisher = createRedisBus({ redisUrl: redis.url, logger: silentLogger, keyPrefix: "cutoff" });
  await waitForReady(publisher, 10_000);
});
afterAll(async () => {
  for (const c of clients) c.ws.terminate();
  await cutOff?.close();
  await publisher?.close();
  await proxy?.stop();
  await redis?.stop();
});

describe("a replica cut off from Redis", () => {
  it("says so on /readyz and to its clients, then delivers what it missed", async () => {
    const client = await connect(`${cutOff.wsUrl}?token=${READ_TOKEN}`);
    clients.push(client);
    // No last value: this test is about the cut-off, not the snapshot read racing a live event.
    client.send({ type: "subscribe", channel: "custom.backup", snapshot: false });
    await client.next(ofType("subscription_ack"));
    const publish = (progress: number) =>
      publisher.publish({ channel: "custom.backup", host: "nas1", data: { progress } });
    await publish(0);
    await client.next(ofType("custom.backup"));

    expect(proxy.blackhole(/wirewatch-bus-subscribe/)).toBe(1);
    for (let progress = 1; progress <= 5; progress++) await publish(progress);
    const statuses = () => client.messages.filter(ofType("status")).map((m) => m.status);
    await waitFor(() => statuses().length >= 1, { description: "a status frame" });
    expect(statuses()).toEqual(["bus_unavailable"]);
    expect(cutOff.gateway.ready()).toBe(false);

    await waitFor(() => statuses().length >= 2, { description: "the feed back", timeoutMs: 15_000 });
    expect(statuses()).toEqual(["bus_unavailable", "bus_available"]);
    await publish(6);
    await waitFor(() => client.messages.filter(ofType("custom.backup")).length === 7, {
      description: "all seven events",
    });
    const progress = client.messages
      .filter(ofType("custom.backup"))
      .map((m) => (m.data as { progress: number }).progress);
    expect(progress).toEqual([0, 1, 2, 3, 4, 5, 6]);
    expect(cutOff.gateway.ready()).toBe(true);
  });

  it("tells a client that connects while the feed is down", async () => {
    const down = new Promise<boolean>((resolve) => {
      const off = cutOff.bus.onReadyChange((ready) => {
        if (!ready) {
          off();
          resolve(true);
        }
      });
    });
    expect(proxy.blackhole(/wirewatch-bus-subscribe/)).toBe(1);
    await down;
    const client = await connect(`${cutOff.wsUrl}?token=${READ_TOKEN}`);
    clients.push(client);
    const statuses = () => client.messages.filter(ofType("status")).map((m) => m.status);
    await waitFor(() => statuses().length >= 2, { description: "down, then back", timeoutMs: 15_000 });
    expect(statuses()).toEqual(["bus_unavailable", "bus_available"]);
  });
});
