import type { PublishAck } from "@wirewatch/protocol";
import { afterEach, beforeEach, describe, expect, expectTypeOf, it, vi } from "vitest";
import { type ClientError, createClient, isClientError } from "../src/index.js";
import { BrowserFakeSocket, eventFrame, FakeSocket, statsData } from "./helpers/fake-socket.js";
import { flush, makeClient, openAndAck, record, URL_ } from "./helpers/setup.js";

beforeEach(() => {
  FakeSocket.reset();
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

describe("connecting", () => {
  it("sends the token as a Bearer header with a ws-like implementation", async () => {
    const client = makeClient();
    await flush();
    expect(FakeSocket.last.url).toBe(URL_);
    expect(FakeSocket.last.options?.headers).toEqual({ Authorization: "Bearer tok" });
    await client.close();
  });

  it("puts the token in the query when the implementation cannot send headers (browsers)", async () => {
    const client = makeClient({ WebSocket: BrowserFakeSocket });
    await flush();
    expect(FakeSocket.last.url).toBe(`${URL_}?token=tok`);
    expect(FakeSocket.last.options).toBeUndefined();
    await client.close();
  });

  it("offers the subprotocol pair when asked, keeping the token out of the URL", async () => {
    const client = makeClient({ tokenIn: "subprotocol" });
    await flush();
    expect(FakeSocket.last.url).toBe(URL_);
    expect(FakeSocket.last.protocols).toEqual(["wirewatch", "token.tok"]);
    await client.close();
  });

  it("asks a token function before every attempt", async () => {
    let n = 0;
    const client = makeClient({ token: async () => `jwt-${++n}`, tokenIn: "query" });
    await flush();
    expect(FakeSocket.last.url).toContain("token=jwt-1");
    FakeSocket.last.serverClose(1006);
    await vi.advanceTimersByTimeAsync(500);
    expect(FakeSocket.last.url).toContain("token=jwt-2");
    await client.close();
  });

  it("rejects bad options synchronously with stable codes", () => {
    expect(() => createClient({ url: "not a url", WebSocket: FakeSocket })).toThrow(
      expect.objectContaining({ code: "WW_CLIENT_OPTIONS_INVALID" }),
    );
    expect(() => createClient({ url: "ftp://x/", WebSocket: FakeSocket })).toThrow(/ws:\/\/ or wss:\/\//);
    expect(() =>
      createClient({ url: URL_, WebSocket: FakeSocket, reconnect: { minDelayMs: 900, maxDelayMs: 100 } }),
    ).toThrow(/maxDelayMs/);
    const saved = (globalThis as { WebSocket?: unknown }).WebSocket;
    (globalThis as { WebSocket?: unknown }).WebSocket = undefined;
    try {
      expect(() => createClient({ url: URL_ })).toThrow(
        expect.objectContaining({ code: "WW_CLIENT_NO_WEBSOCKET" }),
      );
    } finally {
      (globalThis as { WebSocket?: unknown }).WebSocket = saved;
    }
  });

  it("accepts http(s) URLs as ws(s)", async () => {
    const client = makeClient({ url: "https://gw.test/api/v1/ws" });
    await flush();
    expect(FakeSocket.last.url).toBe("wss://gw.test/api/v1/ws");
    await client.close();
  });
});

describe("subscribe", () => {
  it("is typed per channel, resolves on subscription_ack and delivers events once, in order", async () => {
    const client = makeClient();
    const events = record(client);
    const cpu: number[] = [];
    const sub = client.subscribe("system.stats", (ev) => {
      expectTypeOf(ev.data.cpu_percent).toEqualTypeOf<number>();
      cpu.push(ev.data.cpu_percent);
    });
    expect(sub.channel).toBe("system.stats");
    let acked = false;
    void sub.then(() => {
      acked = true;
    });
    await flush();
    const ws = FakeSocket.last;
    ws.open();
    expect(ws.subscribes()).toEqual([
      { type: "subscribe", id: expect.any(String), channels: ["system.stats"] },
    ]);
    await flush();
    expect(acked).toBe(false);
    ws.receive({
      type: "subscription_ack",
      id: ws.subscribes()[0]?.id,
      channels: ["system.stats"],
      status: "subscribed",
      timestamp: "t",
    });
    const handle = await sub;
    expect(handle.active).toBe(true);
    for (const [seq, value] of [
      [1, 10],
      [2, 20],
      [2, 20],
      [5, 50],
    ] as const) {
      ws.receive(eventFrame("system.stats", seq, "e1", statsData(value)));
    }
    expect(cpu).toEqual([10, 20, 50]);
    expect(events.of("event").map((e) => e.seq)).toEqual([1, 2, 5]);
    expect(client.stats()).toMatchObject({ state: "open", events: 3, duplicatesDropped: 1, gaps: 0 });
    expect(client.positions()).toEqual({ "system.stats": { epoch: "e1", seq: 5 } });
    await client.close();
  });

  it("rejects an awaited subscribe refused by the server, with the server's code, and emits it", async () => {
    const client = makeClient();
    const events = record(client);
    const sub = client.subscribe("gateway.clients");
    await flush();
    const ws = FakeSocket.last;
    ws.open();
    const id = ws.subscribes()[0]?.id;
    ws.receive({
      type: "error",
      id,
      code: "forbidden_channel",
      message: "gateway.clients: admin only",
      timestamp: "t",
    });
    const err = await sub.then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(isClientError(err, "forbidden_channel")).toBe(true);
    expect((err as ClientError).channel).toBe("gateway.clients");
    expect(sub.active).toBe(false);
    expect(events.of<ClientError>("error").map((e) => [e.code, e.channel, e.id])).toEqual([
      ["forbidden_channel", "gateway.clients", id],
    ]);
    // refused for good: not asked for again after a reconnect
    ws.serverClose(1006);
    await vi.advanceTimersByTimeAsync(1000);
    FakeSocket.last.open();
    expect(FakeSocket.last.subscribes()).toEqual([]);
    await client.close();
  });

  it("throws for a malformed reference; normalizes @host references", async () => {
    const client = makeClient();
    expect(() => client.subscribe("system.*" as "system.stats")).toThrow(
      expect.objectContaining({ code: "WW_CLIENT_INVALID_CHANNEL" }),
    );
    expect(client.subscribe("system.stats@nas1").channel).toBe("system.stats@nas1");
    // @ts-expect-error a typo in a channel name does not compile
    expect(() => client.subscribe("system.stat")).not.toThrow();
    await client.close();
  });

  it("a second handler on a reference shares it; the last unsubscribe tells the gateway", async () => {
    const client = makeClient();
    const a: number[] = [];
    const b: number[] = [];
    const subA = client.subscribe("custom.backup", (ev) => a.push(ev.seq));
    const ws = await openAndAck();
    const subB = client.subscribe("custom.backup", (ev) => b.push(ev.seq));
    await subB;
    expect(ws.subscribes()).toHaveLength(1);
    ws.receive(eventFrame("custom.backup", 1, "e1"));
    subA.unsubscribe();
    expect(ws.sent.filter((m) => m.type === "unsubscribe")).toEqual([]);
    ws.receive(eventFrame("custom.backup", 2, "e1"));
    subB.unsubscribe();
    subB.unsubscribe();
    expect(ws.sent.filter((m) => m.type === "unsubscribe")).toEqual([
      { type: "unsubscribe", id: expect.any(String), channel: "custom.backup" },
    ]);
    ws.receive(eventFrame("custom.backup", 3, "e1"));
    expect(a).toEqual([1]);
    expect(b).toEqual([1, 2]);
    await client.close();
  });

  it("a handler that throws is reported as handler_error and does not stop the others", async () => {
    const client = makeClient();
    const events = record(client);
    const seen: number[] = [];
    client.subscribe("custom.x", () => {
      throw new Error("boom");
    });
    client.subscribe("custom.x", (ev) => seen.push(ev.seq));
    const ws = await openAndAck();
    ws.receive(eventFrame("custom.x", 1, "e1"));
    expect(seen).toEqual([1]);
    expect(events.of<ClientError>("error").map((e) => e.code)).toEqual(["handler_error"]);
    await client.close();
  });

  it("reports undecodable frames as bad_frame and keeps going", async () => {
    const client = makeClient();
    const events = record(client);
    const ws = await openAndAck();
    ws.receive("not json");
    ws.receive("[1,2]");
    expect(events.of<ClientError>("error").map((e) => e.code)).toEqual(["bad_frame", "bad_frame"]);
    expect(client.state).toBe("open");
    await client.close();
  });
});

describe("requests", () => {
  it("resolves with the reply carrying the id, rejects on an error reply", async () => {
    const client = makeClient();
    const published = client.publish("custom.backup", { progress: 42 });
    const ws = await openAndAck();
    const sent = ws.sent.find((m) => m.type === "publish");
    expect(sent).toEqual({
      type: "publish",
      id: expect.any(String),
      channel: "custom.backup",
      data: { progress: 42 },
    });
    ws.receive({ type: "publish_ack", id: sent?.id, channel: "custom.backup", seq: 17, timestamp: "t" });
    const ack = await published;
    expectTypeOf(ack).toEqualTypeOf<PublishAck>();
    expect(ack.seq).toBe(17);

    const listing = client.request({ type: "list_channels" });
    const id = ws.sent.at(-1)?.id;
    ws.receive({ type: "error", id, code: "unavailable", message: "later", timestamp: "t" });
    await expect(listing).rejects.toMatchObject({ code: "unavailable" });
    expect(() => client.request({ type: "subscribe", channel: "log" })).toThrow(/client.subscribe/);
    await client.close();
  });

  it("rejects a request on the wire when the connection drops, and everything on close()", async () => {
    const client = makeClient();
    const ws = await openAndAck();
    const inFlight = client.request({ type: "list_subscriptions" });
    ws.serverClose(1006);
    await expect(inFlight).rejects.toMatchObject({ code: "disconnected" });
    const waiting = client.request({ type: "list_subscriptions" });
    await client.close();
    await expect(waiting).rejects.toMatchObject({ code: "closed" });
    await expect(client.request({ type: "ping" })).rejects.toMatchObject({ code: "closed" });
  });
});

describe("close()", () => {
  it("closes the socket with 1000 and leaves no timer behind", async () => {
    const client = makeClient();
    client.subscribe("system.stats");
    const ws = await openAndAck();
    const events = record(client);
    await client.close();
    expect(ws.closedWith).toEqual({ code: 1000, reason: "client closed" });
    expect(vi.getTimerCount()).toBe(0);
    expect(client.state).toBe("closed");
    expect(events.of("close")).toEqual([
      { code: 1000, reason: "client closed", wasOpen: true, willReconnect: false },
    ]);
    await vi.advanceTimersByTimeAsync(60_000);
    expect(FakeSocket.instances).toHaveLength(1);
    expect(() => client.subscribe("log")).toThrow(expect.objectContaining({ code: "closed" }));
  });

  it("while waiting to reconnect cancels the retry; a pending subscribe rejects with closed", async () => {
    const client = makeClient();
    await flush();
    FakeSocket.last.serverClose(1006);
    await flush();
    expect(client.state).toBe("reconnecting");
    const sub = client.subscribe("log");
    await client.close();
    expect(vi.getTimerCount()).toBe(0);
    await expect(sub).rejects.toMatchObject({ code: "closed" });
    await vi.advanceTimersByTimeAsync(60_000);
    expect(FakeSocket.instances).toHaveLength(1);
  });

  it("drops the socket after a grace period when the server never completes the handshake", async () => {
    const client = makeClient();
    const ws = await openAndAck();
    ws.close = (code, reason) => {
      ws.closedWith = { code, reason };
    };
    const closed = client.close();
    await vi.advanceTimersByTimeAsync(2000);
    await closed;
    expect(ws.terminated).toBe(true);
    expect(vi.getTimerCount()).toBe(0);
  });
});

describe("the gateway's feed status", () => {
  it("emits status frames as `status` events, never as errors, and ignores unknown statuses", async () => {
    const client = makeClient();
    const statuses: unknown[] = [];
    const errors: unknown[] = [];
    client.on("status", (s) => statuses.push(s));
    client.on("error", (e) => errors.push(e));
    const ws = await openAndAck();
    const at = "2025-06-19T14:30:00.000Z";
    ws.receive({ type: "status", status: "bus_unavailable", message: "down", timestamp: at });
    ws.receive({ type: "status", status: "something_new", message: "?", timestamp: at });
    ws.receive({ type: "status", status: "bus_available", timestamp: at });
    await flush();
    expect(statuses).toEqual([
      { status: "bus_unavailable", message: "down" },
      { status: "bus_available", message: "" },
    ]);
    expect(errors).toEqual([]);
    await client.close();
  });
});
