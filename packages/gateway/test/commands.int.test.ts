import { waitFor } from "@wirewatch/testkit";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { connect, ofType, type TestClient } from "./helpers/client.js";
import { type Harness, READ_TOKEN, startHarness, stats, storage } from "./helpers/harness.js";

let h: Harness;
let clients: TestClient[] = [];
const open = async (token = READ_TOKEN) => {
  const c = await connect(`${h.wsUrl}?token=${token}`);
  clients.push(c);
  return c;
};

beforeEach(async () => {
  h = await startHarness();
});
afterEach(async () => {
  for (const c of clients) c.ws.terminate();
  clients = [];
  await h.close();
});

describe("subscribe", () => {
  it("acks, sends the last value at once, then live events", async () => {
    await h.bus.publish({ channel: "system.stats", host: "nas1", data: stats(10) });
    const c = await open();
    c.send({ type: "subscribe", channel: "system.stats" });
    const ack = await c.next(ofType("subscription_ack"));
    expect(ack).toMatchObject({ channels: ["system.stats"], status: "subscribed" });
    expect(typeof ack.timestamp).toBe("string");
    const first = await c.next(ofType("system.stats"));
    expect(first).toMatchObject({ channel: "system.stats", host: "nas1", seq: 1, data: { cpu_percent: 10 } });
    expect(c.messages.indexOf(ack)).toBeLessThan(c.messages.indexOf(first));
    await h.bus.publish({ channel: "system.stats", host: "nas1", data: stats(20) });
    const live = await c.next((m) => m.type === "system.stats" && m.seq === 2);
    expect(live).toMatchObject({ data: { cpu_percent: 20 } });
    expect(live.recovered).toBeUndefined();
  });

  it("sends each host's last value of a latest channel, oldest first", async () => {
    await h.bus.publish({ channel: "system.stats", host: "nas1", data: stats(1) });
    await h.bus.publish({ channel: "system.stats", host: "nas2", data: stats(2) });
    await h.bus.publish({ channel: "system.stats", host: "nas1", data: stats(3) });
    const c = await open();
    c.send({ type: "subscribe", channel: "system.stats" });
    await c.next((m) => m.type === "system.stats" && m.host === "nas1");
    const events = c.messages.filter(ofType("system.stats"));
    expect(events.map((e) => [e.host, e.seq])).toEqual([
      ["nas2", 2],
      ["nas1", 3],
    ]);
  });

  it("accepts `channels` and an id, echoed in the ack", async () => {
    const c = await open();
    c.send({ type: "subscribe", id: "s1", channels: ["system.stats", "storage.status@nas1"] });
    const ack = await c.next(ofType("subscription_ack"));
    expect(ack).toMatchObject({
      id: "s1",
      channels: ["system.stats", "storage.status@nas1"],
      status: "subscribed",
    });
  });

  it("filters name@host per socket", async () => {
    const one = await open();
    const all = await open();
    one.send({ type: "subscribe", channel: "storage.status@nas1" });
    all.send({ type: "subscribe", channel: "storage.status" });
    await one.next(ofType("subscription_ack"));
    await all.next(ofType("subscription_ack"));
    await h.bus.publish({ channel: "storage.status", host: "nas2", data: storage(1) });
    await h.bus.publish({ channel: "storage.status", host: "nas1", data: storage(3) });
    await all.next((m) => m.type === "storage.status" && m.host === "nas1");
    const got = await one.next(ofType("storage.status"));
    expect(got).toMatchObject({ host: "nas1", seq: 2 });
    expect(one.messages.filter(ofType("storage.status"))).toHaveLength(1);
    expect(all.messages.filter(ofType("storage.status")).map((m) => m.host)).toEqual(["nas2", "nas1"]);
  });

  it("skips the last value with snapshot: false", async () => {
    await h.bus.publish({ channel: "system.stats", host: "nas1", data: stats(10) });
    const c = await open();
    c.send({ type: "subscribe", channel: "system.stats", snapshot: false });
    await c.next(ofType("subscription_ack"));
    c.send({ type: "ping", id: "after" });
    await c.next(ofType("pong"));
    expect(c.messages.filter(ofType("system.stats"))).toHaveLength(0);
    await h.bus.publish({ channel: "system.stats", host: "nas1", data: stats(11) });
    expect(await c.next(ofType("system.stats"))).toMatchObject({ seq: 2 });
  });

  it("holds one bus subscription per channel however many sockets subscribe", async () => {
    const a = await open();
    const b = await open();
    for (const c of [a, b]) {
      c.send({ type: "subscribe", channels: ["system.stats", "system.stats@nas1"] });
      await c.next(ofType("subscription_ack"));
    }
    expect(h.gateway.stats().channels).toEqual(["system.stats"]);
    a.send({ type: "unsubscribe", channels: ["system.stats", "system.stats@nas1"] });
    await a.next(ofType("unsubscription_ack"));
    expect(h.gateway.stats().channels).toEqual(["system.stats"]);
    b.close();
    await b.waitClose();
    await expectEventually(() => h.gateway.stats().channels.length === 0);
  });
});

describe("unsubscribe and listing", () => {
  it("unsubscribes and stops delivery", async () => {
    const c = await open();
    c.send({ type: "subscribe", channel: "system.stats" });
    await c.next(ofType("subscription_ack"));
    c.send({ type: "unsubscribe", channel: "system.stats", id: 7 });
    const ack = await c.next(ofType("unsubscription_ack"));
    expect(ack).toMatchObject({ id: 7, channels: ["system.stats"], status: "unsubscribed" });
    await h.bus.publish({ channel: "system.stats", host: "nas1", data: stats() });
    c.send({ type: "ping" });
    await c.next(ofType("pong"));
    expect(c.messages.filter(ofType("system.stats"))).toHaveLength(0);
  });

  it("answers not_subscribed for a channel the socket does not have", async () => {
    const c = await open();
    c.send({ type: "unsubscribe", channel: "system.stats", id: "u" });
    expect(await c.next(ofType("error"))).toMatchObject({ code: "not_subscribed", id: "u" });
  });

  it("lists subscriptions in subscription order", async () => {
    const c = await open();
    c.send({ type: "subscribe", channels: ["docker.events", "system.stats@nas1"] });
    await c.next(ofType("subscription_ack"));
    c.send({ type: "list_subscriptions" });
    expect(await c.next(ofType("subscriptions"))).toMatchObject({
      channels: ["docker.events", "system.stats@nas1"],
    });
  });

  it("lists readable channels with their hosts", async () => {
    await h.bus.publish({ channel: "system.stats", host: "nas2", data: stats() });
    await h.bus.publish({ channel: "system.stats", host: "nas1", data: stats() });
    const c = await open();
    c.send({ type: "list_channels", id: 1 });
    const reply = await c.next(ofType("channels"));
    const channels = reply.channels as { name: string; kind: string; hosts: string[] }[];
    expect(channels.find((ch) => ch.name === "system.stats")).toMatchObject({
      kind: "latest",
      hosts: ["nas1", "nas2"],
    });
    expect(channels.find((ch) => ch.name === "docker.events")).toMatchObject({ kind: "events", hosts: [] });
    // admin-only channels are not listed for a read-only token
    expect(channels.map((ch) => ch.name)).not.toContain("gateway.clients");
    expect(reply.id).toBe(1);
  });

  it("answers ping with pong and the id", async () => {
    const c = await open();
    c.send({ type: "ping", id: "p" });
    const pong = await c.next(ofType("pong"));
    expect(pong.id).toBe("p");
    expect(Number.isNaN(Date.parse(String(pong.timestamp)))).toBe(false);
  });
});

async function expectEventually(check: () => boolean): Promise<void> {
  await waitFor(check, { timeoutMs: 5000 });
}
