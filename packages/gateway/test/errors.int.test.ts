import { CLOSE_CODES } from "@wirewatch/protocol";
import { afterEach, describe, expect, it } from "vitest";
import { connect, ofType, type TestClient } from "./helpers/client.js";
import {
  ADMIN_TOKEN,
  type Harness,
  LIMITED_TOKEN,
  PUBLISH_TOKEN,
  READ_TOKEN,
  startHarness,
} from "./helpers/harness.js";

let h: Harness | undefined;
let clients: TestClient[] = [];
const start = async (options: Parameters<typeof startHarness>[0] = {}) => {
  h = await startHarness(options);
  return h;
};
const open = async (token = READ_TOKEN) => {
  const c = await connect(`${h!.wsUrl}?token=${token}`);
  clients.push(c);
  return c;
};
/** The socket stays usable after an error: a ping still gets its pong. */
const stillOpen = async (c: TestClient) => {
  const id = `alive-${c.messages.length}`;
  c.send({ type: "ping", id });
  await c.next((m) => m.type === "pong" && m.id === id);
  expect(c.closed).toBeUndefined();
};

afterEach(async () => {
  for (const c of clients) c.ws.terminate();
  clients = [];
  await h?.close();
  h = undefined;
});

describe("error frames (the socket stays open)", () => {
  it("invalid_json", async () => {
    await start();
    const c = await open();
    c.sendRaw("{not json");
    const err = await c.next(ofType("error"));
    expect(err).toMatchObject({ code: "invalid_json" });
    expect(typeof err.message).toBe("string");
    await stillOpen(c);
  });

  it("invalid_message for a non-object, a missing type and a wrong field type", async () => {
    await start();
    const c = await open();
    c.sendRaw("[1,2]");
    c.send({ id: "no-type" });
    c.send({ type: "subscribe", id: "s" });
    c.send({ type: "subscribe", channel: 42, id: "n" });
    await c.next((m) => m.id === "n");
    const errors = c.messages.filter(ofType("error"));
    expect(errors.map((e) => [e.code, e.id])).toEqual([
      ["invalid_message", undefined],
      ["invalid_message", "no-type"],
      ["invalid_message", "s"],
      ["invalid_message", "n"],
    ]);
    await stillOpen(c);
  });

  it("unknown_type, echoing the id", async () => {
    await start();
    const c = await open();
    c.send({ type: "frobnicate", id: 3 });
    expect(await c.next(ofType("error"))).toMatchObject({ code: "unknown_type", id: 3 });
    await stillOpen(c);
  });

  it("invalid_channel for wildcards, bad hosts and control characters", async () => {
    await start();
    const c = await open();
    for (const channel of [
      "system.*",
      "system.stats@",
      "system.stats@bad host",
      "sys\u0000tem",
      "SYSTEM.STATS",
    ]) {
      c.send({ type: "subscribe", channel, id: channel });
      expect(await c.next((m) => m.id === channel)).toMatchObject({ type: "error", code: "invalid_channel" });
    }
    await stillOpen(c);
  });

  it("unknown_channel", async () => {
    await start();
    const c = await open();
    c.send({ type: "subscribe", channel: "nope.channel", id: 1 });
    expect(await c.next(ofType("error"))).toMatchObject({ code: "unknown_channel", id: 1 });
    await stillOpen(c);
  });

  it("forbidden_channel for admin-only channels and for channels outside a token's list", async () => {
    await start();
    const reader = await open(READ_TOKEN);
    for (const channel of ["gateway.clients", "log", "jobs"]) {
      reader.send({ type: "subscribe", channel, id: channel });
      expect(await reader.next((m) => m.id === channel)).toMatchObject({
        type: "error",
        code: "forbidden_channel",
      });
    }
    const limited = await open(LIMITED_TOKEN);
    limited.send({ type: "subscribe", channels: ["system.stats", "docker.events"], id: "x" });
    expect(await limited.next((m) => m.id === "x")).toMatchObject({
      type: "error",
      code: "forbidden_channel",
    });
    // all-or-nothing: the allowed one was not subscribed either
    limited.send({ type: "list_subscriptions" });
    expect(await limited.next(ofType("subscriptions"))).toMatchObject({ channels: [] });
    const admin = await open(ADMIN_TOKEN);
    admin.send({ type: "subscribe", channels: ["gateway.clients", "log", "jobs"] });
    expect(await admin.next(ofType("subscription_ack"))).toMatchObject({ status: "subscribed" });
    await stillOpen(reader);
  });

  it("subscription_limit", async () => {
    await start({ limits: { maxSubscriptionsPerSocket: 2 } });
    const c = await open();
    c.send({ type: "subscribe", channels: ["system.stats", "docker.events"] });
    await c.next(ofType("subscription_ack"));
    c.send({ type: "subscribe", channel: "sensors", id: "third" });
    expect(await c.next(ofType("error"))).toMatchObject({ code: "subscription_limit", id: "third" });
    // re-subscribing an existing reference does not count
    c.send({ type: "subscribe", channel: "system.stats", id: "again" });
    expect(await c.next((m) => m.type === "subscription_ack" && m.id === "again")).toBeTruthy();
    await stillOpen(c);
  });

  it("invalid_message for one `since` point given with several channels", async () => {
    await start();
    const c = await open();
    c.send({
      type: "subscribe",
      channels: ["system.stats", "sensors"],
      since: { seq: 1, epoch: "e" },
      id: "m",
    });
    expect(await c.next(ofType("error"))).toMatchObject({ code: "invalid_message", id: "m" });
    await stillOpen(c);
  });

  it("forbidden for a publish without the publish permission", async () => {
    await start();
    const c = await open(READ_TOKEN);
    c.send({ type: "publish", channel: "custom.backup", data: { pct: 1 }, id: "p" });
    expect(await c.next(ofType("error"))).toMatchObject({ code: "forbidden", id: "p" });
    await stillOpen(c);
  });

  it("bad_publish for refused publishes", async () => {
    await start();
    const c = await open(PUBLISH_TOKEN);
    const cases: [string, Record<string, unknown>][] = [
      ["not publishable", { channel: "system.stats", data: { cpu_percent: 1 } }],
      ["host in the channel", { channel: "custom.backup@nas1", data: { pct: 1 } }],
      ["payload fails the schema", { channel: "jobs", data: { type: "not-a-job-type" } }],
      ["too big for one event frame", { channel: "custom.big", data: { blob: "x".repeat(65_300) } }],
      ["bad host", { channel: "custom.backup", data: { pct: 1 }, host: "bad host!" }],
    ];
    for (const [id, body] of cases) {
      c.send({ type: "publish", id, ...body });
      expect(await c.next((m) => m.id === id), id).toMatchObject({ type: "error", code: "bad_publish" });
    }
    await stillOpen(c);
  });

  it("forbidden_channel for a publish outside the token's channel list", async () => {
    await start();
    const c = await open(LIMITED_TOKEN);
    c.send({ type: "publish", channel: "custom.other", data: { a: 1 }, id: "o" });
    expect(await c.next(ofType("error"))).toMatchObject({ code: "forbidden_channel", id: "o" });
    c.send({ type: "publish", channel: "custom.allowed", data: { a: 1 }, id: "a" });
    expect(await c.next(ofType("publish_ack"))).toMatchObject({ channel: "custom.allowed", id: "a" });
  });

  it("unavailable when the bus is gone", async () => {
    await start();
    const c = await open(PUBLISH_TOKEN);
    await h!.bus.close();
    c.send({ type: "publish", channel: "custom.backup", data: { pct: 1 }, id: "u" });
    expect(await c.next(ofType("error"))).toMatchObject({ code: "unavailable", id: "u" });
    c.send({ type: "subscribe", channel: "system.stats", id: "s" });
    expect(await c.next((m) => m.type === "error" && m.id === "s")).toMatchObject({ code: "unavailable" });
    c.send({ type: "list_subscriptions" });
    expect(await c.next(ofType("subscriptions"))).toMatchObject({ channels: [] });
    await stillOpen(c);
  });
});

describe("bad input that must stay bad input", () => {
  it("bad_publish (not internal) for a publish nested 10 000 levels deep", async () => {
    await start();
    const c = await open(PUBLISH_TOKEN);
    const deep = `${'{"a":'.repeat(10_000)}1${"}".repeat(10_000)}`;
    c.sendRaw(`{"type":"publish","channel":"custom.deep","id":"deep","data":${deep}}`);
    expect(await c.next(ofType("error"))).toMatchObject({ code: "bad_publish", id: "deep" });
    await stillOpen(c);
    expect(await h!.bus.last("custom.deep")).toBeUndefined();
  });
});

describe("abuse closes the socket", () => {
  it("closes 1003 on a binary frame: the protocol is JSON text", async () => {
    await start();
    const c = await open();
    c.sendRaw(Buffer.from('{"type":"ping"}'));
    expect(await c.waitClose()).toMatchObject({ code: CLOSE_CODES.unsupportedData });
    expect(c.messages.filter(ofType("pong"))).toHaveLength(0);
  });

  it("closes 1008 after too many invalid messages in a minute, valid ones between", async () => {
    await start({ limits: { maxConsecutiveInvalid: 3, maxInvalidPerMinute: 4 } });
    const c = await open();
    for (let i = 0; i < 3; i++) {
      c.sendRaw("x");
      c.send({ type: "ping", id: i });
      await c.next((m) => m.type === "pong" && m.id === i);
    }
    expect(c.closed).toBeUndefined();
    c.sendRaw("y");
    expect(await c.waitClose()).toMatchObject({ code: CLOSE_CODES.policy });
  });

  it("closes 1008 after too many invalid messages in a row", async () => {
    await start({ limits: { maxConsecutiveInvalid: 3 } });
    const c = await open();
    c.sendRaw("x");
    c.sendRaw("y");
    c.send({ type: "ping" }); // a valid one resets the count
    c.sendRaw("z");
    c.sendRaw("w");
    await c.next(ofType("pong"));
    expect(c.closed).toBeUndefined();
    c.sendRaw("v");
    expect(await c.waitClose()).toMatchObject({ code: CLOSE_CODES.policy });
    expect(c.messages.filter(ofType("error"))).toHaveLength(5);
  });
});
