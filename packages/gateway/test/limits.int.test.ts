import { CLOSE_CODES } from "@wirewatch/protocol";
import { waitFor } from "@wirewatch/testkit";
import { afterEach, describe, expect, it } from "vitest";
import type WebSocket from "ws";
import { connect, ofType, type TestClient } from "./helpers/client.js";
import { type Harness, READ_TOKEN, startHarness, stats } from "./helpers/harness.js";
import { rawUpgrade } from "./helpers/raw-client.js";

let h: Harness | undefined;
let clients: TestClient[] = [];
const start = async (options: Parameters<typeof startHarness>[0] = {}) => {
  h = await startHarness(options);
  return h;
};
const open = async () => {
  const c = await connect(`${h!.wsUrl}?token=${READ_TOKEN}`);
  clients.push(c);
  return c;
};
const droppedCount = async (reason: string): Promise<number> => {
  const metric = await h!.registry.getSingleMetric("wirewatch_gateway_dropped_total")?.get();
  return metric?.values.find((v) => v.labels.reason === reason)?.value ?? 0;
};

afterEach(async () => {
  for (const c of clients) c.ws.terminate();
  clients = [];
  await h?.close();
  h = undefined;
});

describe("frame limit", () => {
  it("accepts a frame of exactly maxFrameBytes and closes 1009 above it", async () => {
    await start({ maxFrameBytes: 1024 });
    const c = await open();
    c.sendRaw("x".repeat(1024));
    expect(await c.next(ofType("error"))).toMatchObject({ code: "invalid_json" });
    c.sendRaw("x".repeat(1025));
    expect((await c.waitClose()).code).toBe(CLOSE_CODES.tooBig);
    expect(await droppedCount("frame_too_big")).toBe(1);
  });

  it("defaults to 64 KiB", async () => {
    await start();
    const c = await open();
    c.sendRaw(JSON.stringify({ type: "ping", pad: "x".repeat(60_000) }));
    await c.next(ofType("pong"));
    c.sendRaw("x".repeat(64 * 1024 + 1));
    expect((await c.waitClose()).code).toBe(CLOSE_CODES.tooBig);
  });
});

describe("message rate limit", () => {
  it("answers rate_limited once, then closes 4429", async () => {
    await start({ limits: { rateLimit: { messagesPerSecond: 0.01, burst: 5 } } });
    const c = await open();
    for (let i = 0; i < 5; i++) c.send({ type: "ping", id: i });
    await c.next((m) => m.type === "pong" && m.id === 4);
    c.send({ type: "ping", id: "over" });
    const err = await c.next(ofType("error"));
    expect(err).toMatchObject({ code: "rate_limited" });
    expect(c.closed).toBeUndefined();
    c.send({ type: "ping", id: "again" });
    expect((await c.waitClose()).code).toBe(CLOSE_CODES.rateLimited);
    expect(c.messages.filter(ofType("pong"))).toHaveLength(5);
  });
});

describe("heartbeat", () => {
  it("terminates a peer that does not answer pings and keeps one that does", async () => {
    await start({ pingIntervalMs: 300 });
    const good = await open();
    let pings = 0;
    good.ws.on("ping", () => pings++);
    const silent = await rawUpgrade(h!.listening.port, `/api/v1/ws?token=${READ_TOKEN}`);
    await silent.ended;
    expect(await droppedCount("heartbeat")).toBe(1);
    const seen = pings;
    await waitFor(() => pings >= seen + 3, { description: "three more pings" });
    good.send({ type: "ping" });
    await good.next(ofType("pong"));
    expect(good.closed).toBeUndefined();
  });
});

describe("slow consumers", () => {
  it("closes a client that stopped reading with 4008 while another keeps receiving every event", async () => {
    await start({ limits: { slowConsumer: { maxBufferedBytes: 64 * 1024, maxQueuedEvents: 50 } } });
    const fast = await open();
    const slow = await open();
    for (const c of [fast, slow]) {
      c.send({ type: "subscribe", channel: "custom.flood" });
      await c.next(ofType("subscription_ack"));
    }
    const slowId = h!.gateway.clients()[1]!.id;
    const rawSocket = (slow.ws as WebSocket & { _socket: import("node:net").Socket })._socket;
    rawSocket.pause();

    const blob = "x".repeat(8 * 1024);
    let published = 0;
    const slowOpen = () => h!.gateway.stats().connections === 2;
    while (slowOpen() && published < 4000) {
      for (let i = 0; i < 20; i++) {
        await h!.bus.publish({ channel: "custom.flood", host: "gen", data: { i: published, blob } });
        published++;
      }
      const target = published;
      await waitFor(() => fast.messages.filter(ofType("custom.flood")).length === target, {
        description: `the fast client to receive ${target} events`,
      });
    }
    expect(slowOpen()).toBe(false);
    expect(h!.gateway.clients().map((c) => c.id)).not.toContain(slowId);
    expect(await droppedCount("slow_consumer")).toBe(1);

    // the fast client is unaffected: every event, in order, and it still gets new ones
    for (let i = 0; i < 10; i++) {
      await h!.bus.publish({ channel: "custom.flood", host: "gen", data: { i: published, blob } });
      published++;
    }
    await waitFor(() => fast.messages.filter(ofType("custom.flood")).length === published);
    const seqs = fast.messages.filter(ofType("custom.flood")).map((m) => m.seq);
    expect(seqs).toEqual(Array.from({ length: published }, (_, i) => i + 1));
    expect(fast.closed).toBeUndefined();

    // the slow client, once it reads again, finds the 4008 close after what was buffered
    rawSocket.resume();
    expect((await slow.waitClose(30_000)).code).toBe(CLOSE_CODES.slowConsumer);
    expect(slow.messages.filter(ofType("custom.flood")).length).toBeLessThan(published);
  });

  it("keeps only the newest state per channel and host of a latest channel for a lagging client", async () => {
    await start({ limits: { slowConsumer: { maxBufferedBytes: 64 * 1024, maxQueuedEvents: 5 } } });
    const fast = await open();
    const slow = await open();
    for (const c of [fast, slow]) {
      c.send({ type: "subscribe", channel: "system.stats" });
      await c.next(ofType("subscription_ack"));
    }
    const rawSocket = (slow.ws as WebSocket & { _socket: import("node:net").Socket })._socket;
    rawSocket.pause();
    const pad = "x".repeat(8 * 1024);
    let published = 0;
    while ((await droppedCount("coalesced")) < 50 && published < 4000) {
      for (let i = 0; i < 20; i++) {
        const host = i % 2 === 0 ? "nas1" : "nas2";
        await h!.bus.publish({ channel: "system.stats", host, data: { ...stats(published % 100), pad } });
        published++;
      }
      const target = published;
      await waitFor(() => fast.messages.filter(ofType("system.stats")).length === target);
    }
    expect(await droppedCount("coalesced")).toBeGreaterThanOrEqual(50);
    expect(h!.gateway.stats().connections).toBe(2);
    rawSocket.resume();
    // the lagging client catches up to each host's newest state, in order, without a close
    await slow.next((m) => m.type === "system.stats" && m.seq === published, { timeoutMs: 30_000 });
    await slow.next((m) => m.type === "system.stats" && m.seq === published - 1, { timeoutMs: 30_000 });
    const seqs = slow.messages.filter(ofType("system.stats")).map((m) => m.seq as number);
    expect(seqs.length).toBeLessThan(published);
    expect([...seqs].sort((a, b) => a - b)).toEqual(seqs);
    expect(slow.closed).toBeUndefined();
  });
});
