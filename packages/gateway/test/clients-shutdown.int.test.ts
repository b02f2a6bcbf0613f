import { CLOSE_CODES } from "@wirewatch/protocol";
import { waitFor } from "@wirewatch/testkit";
import { afterEach, describe, expect, it } from "vitest";
import { connect, ofType, refused, type TestClient } from "./helpers/client.js";
import {
  ADMIN_TOKEN,
  type Harness,
  PUBLISH_TOKEN,
  READ_TOKEN,
  startHarness,
  stats,
} from "./helpers/harness.js";

let h: Harness | undefined;
let clients: TestClient[] = [];
const open = async (token: string, headers: Record<string, string> = {}) => {
  const c = await connect(`${h!.wsUrl}?token=${token}`, { headers });
  clients.push(c);
  return c;
};

afterEach(async () => {
  for (const c of clients) c.ws.terminate();
  clients = [];
  await h?.close();
  h = undefined;
});

describe("gateway.clients", () => {
  it("publishes one entry per connection to admin subscribers", async () => {
    h = await startHarness({ clientsIntervalMs: 50 });
    const reader = await open(READ_TOKEN, { "user-agent": "reader-agent/1.0" });
    reader.send({ type: "subscribe", channels: ["system.stats", "sensors@nas1"] });
    await reader.next(ofType("subscription_ack"));
    reader.send({ type: "ping" });
    await reader.next(ofType("pong"));
    const admin = await open(ADMIN_TOKEN, { "user-agent": "admin-agent/2.0" });
    admin.send({ type: "subscribe", channel: "gateway.clients" });
    const event = await admin.next(ofType("gateway.clients"));
    expect(event).toMatchObject({ channel: "gateway.clients", host: "gw-test" });
    const list = (event.data as { clients: Record<string, unknown>[] }).clients;
    expect(list).toHaveLength(2);
    const entry = list.find((c) => c.user_agent === "reader-agent/1.0")!;
    expect(entry).toMatchObject({
      address: "127.0.0.1",
      dialect: "native",
      principal: "reader",
      channels: ["system.stats", "sensors@nas1"],
      messages_in: 2,
    });
    expect(typeof entry.id).toBe("string");
    expect(Number.isNaN(Date.parse(String(entry.start)))).toBe(false);
    expect(entry.bytes_in as number).toBeGreaterThan(0);
    expect(entry.bytes_out as number).toBeGreaterThan(0);
    expect(entry.messages_out as number).toBeGreaterThanOrEqual(2);
    expect(JSON.stringify(event)).not.toContain(READ_TOKEN);
  });

  it("is refused to tokens without admin", async () => {
    h = await startHarness({ clientsIntervalMs: 50 });
    const pub = await open(PUBLISH_TOKEN);
    pub.send({ type: "subscribe", channel: "gateway.clients" });
    expect(await pub.next(ofType("error"))).toMatchObject({ code: "forbidden_channel" });
  });
});

describe("shutdown", () => {
  it("closes every socket with 1001 and a reconnect hint, then refuses new connections", async () => {
    h = await startHarness({ reconnectAfterMs: 1000 });
    const a = await open(READ_TOKEN);
    const b = await open(READ_TOKEN);
    expect(h.gateway.ready()).toBe(true);
    const closing = h.gateway.close();
    expect(h.gateway.ready()).toBe(false);
    for (const c of [a, b]) {
      const closed = await c.waitClose();
      expect(closed.code).toBe(CLOSE_CODES.goingAway);
      expect(Buffer.byteLength(closed.reason)).toBeLessThanOrEqual(123);
      const hint = JSON.parse(closed.reason) as { reconnect: boolean; retry_after_ms: number };
      expect(hint.reconnect).toBe(true);
      expect(hint.retry_after_ms).toBeGreaterThanOrEqual(1000);
      expect(hint.retry_after_ms).toBeLessThanOrEqual(2000);
    }
    await closing;
    const late = await refused(`${h.wsUrl}?token=${READ_TOKEN}`);
    expect(late.status).toBe(503);
    expect(late.headers["retry-after"]).toBe("1");
    await waitFor(() => h!.gateway.stats().connections === 0);
  });
});

describe("metrics and mounting", () => {
  it("counts connections, messages in and events out on the injected registry", async () => {
    h = await startHarness();
    const c = await open(READ_TOKEN);
    c.send({ type: "subscribe", channel: "system.stats" });
    await c.next(ofType("subscription_ack"));
    await h.bus.publish({ channel: "system.stats", host: "nas1", data: stats() });
    await c.next(ofType("system.stats"));
    const value = async (name: string) =>
      (await h!.registry.getSingleMetric(name)?.get())?.values.find((v) => v.labels.dialect === "native")
        ?.value;
    expect(await value("wirewatch_gateway_connections")).toBe(1);
    expect(await value("wirewatch_gateway_messages_in_total")).toBe(1);
    expect(await value("wirewatch_gateway_events_out_total")).toBe(1);
    // A second socket on the channel: the event still comes in from the bus once.
    const d = await open(READ_TOKEN);
    d.send({ type: "subscribe", channel: "system.stats", snapshot: false });
    await d.next(ofType("subscription_ack"));
    await h.bus.publish({ channel: "system.stats", host: "nas1", data: stats() });
    await d.next(ofType("system.stats"));
    const eventsIn = (await h.registry.getSingleMetric("wirewatch_gateway_events_in_total")?.get())?.values;
    expect(eventsIn).toEqual([expect.objectContaining({ labels: { channel: "system.stats" }, value: 2 })]);
    expect(await value("wirewatch_gateway_events_out_total")).toBe(3);
    d.close();
    await d.waitClose();
    c.close();
    await c.waitClose();
    await waitFor(async () => (await value("wirewatch_gateway_connections")) === 0);
  });

  it("serves extra handlers (admin routes) on the gateway's port, and 404 elsewhere", async () => {
    const { createGateway, listenGateway } = await import("../src/index.js");
    const { createMemoryBus, silentLogger } = await import("@wirewatch/bus");
    const bus = createMemoryBus({ logger: silentLogger });
    const gateway = createGateway({ bus, auth: { mode: "none" } });
    const listening = await listenGateway(gateway, {
      host: "127.0.0.1",
      port: 0,
      extraHandlers: [
        (req, res) => {
          if (req.url !== "/livez") return false;
          res.end("live");
          return true;
        },
      ],
    });
    try {
      const base = `http://127.0.0.1:${listening.port}`;
      expect(await (await fetch(`${base}/livez`)).text()).toBe("live");
      expect((await fetch(`${base}/nothing`)).status).toBe(404);
      const c = await connect(`${listening.url}/api/v1/ws`);
      clients.push(c);
      c.send({ type: "ping" });
      await c.next(ofType("pong"));
    } finally {
      await listening.close();
      await bus.close();
    }
  });
});
