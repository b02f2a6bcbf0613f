import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { connect, ofType, type TestClient } from "./helpers/client.js";
import {
  ADMIN_TOKEN,
  type Harness,
  LIMITED_TOKEN,
  PUBLISH_TOKEN,
  READ_TOKEN,
  startHarness,
} from "./helpers/harness.js";

let h: Harness;
let clients: TestClient[] = [];
const open = async (token: string) => {
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

describe("publish over WebSocket", () => {
  it("delivers to every subscriber and acks with the seq when the command has an id", async () => {
    const reader = await open(READ_TOKEN);
    reader.send({ type: "subscribe", channel: "custom.backup" });
    await reader.next(ofType("subscription_ack"));
    const pub = await open(PUBLISH_TOKEN);
    pub.send({ type: "publish", id: "b1", channel: "custom.backup", data: { progress: 42 } });
    const ack = await pub.next(ofType("publish_ack"));
    expect(ack).toMatchObject({ id: "b1", channel: "custom.backup", seq: 1 });
    const event = await reader.next(ofType("custom.backup"));
    expect(event).toMatchObject({
      channel: "custom.backup",
      host: "gw-test",
      seq: 1,
      data: { progress: 42 },
    });
  });

  it("sends no ack without an id", async () => {
    const pub = await open(PUBLISH_TOKEN);
    pub.send({ type: "publish", channel: "custom.check", host: "nas1", data: { ok: true } });
    pub.send({ type: "ping", id: "after" });
    await pub.next(ofType("pong"));
    expect(pub.messages.filter(ofType("publish_ack"))).toHaveLength(0);
    expect(await h.bus.last("custom.check")).toMatchObject({ host: "nas1", data: { ok: true } });
  });

  it("publishes jobs events (readable by admins only)", async () => {
    const admin = await open(ADMIN_TOKEN);
    admin.send({ type: "subscribe", channel: "jobs" });
    await admin.next(ofType("subscription_ack"));
    const pub = await open(PUBLISH_TOKEN);
    pub.send({
      type: "publish",
      id: 1,
      channel: "jobs",
      data: { type: "command-progress", id: "t1", percentage: 50 },
    });
    await pub.next(ofType("publish_ack"));
    expect(await admin.next(ofType("jobs"))).toMatchObject({
      data: { type: "command-progress", percentage: 50 },
    });
  });
});

describe("POST /api/v1/publish", () => {
  const post = (body: unknown, init: { token?: string; query?: string; type?: string; raw?: string } = {}) =>
    fetch(`${h.httpUrl}/api/v1/publish${init.query ?? ""}`, {
      method: "POST",
      headers: {
        "content-type": init.type ?? "application/json",
        ...(init.token ? { authorization: `Bearer ${init.token}` } : {}),
      },
      body: init.raw ?? JSON.stringify(body),
    });

  it("answers 202 with the seq and delivers to subscribers", async () => {
    const reader = await open(READ_TOKEN);
    reader.send({ type: "subscribe", channel: "custom.backup" });
    await reader.next(ofType("subscription_ack"));
    const res = await post(
      { channel: "custom.backup", data: { progress: 7 }, host: "nas9" },
      { token: PUBLISH_TOKEN },
    );
    expect(res.status).toBe(202);
    expect(await res.json()).toEqual({ channel: "custom.backup", seq: 1 });
    expect(await reader.next(ofType("custom.backup"))).toMatchObject({ host: "nas9", data: { progress: 7 } });
    const viaQuery = await post(
      { channel: "custom.backup", data: { progress: 8 } },
      { query: `?token=${PUBLISH_TOKEN}` },
    );
    expect(viaQuery.status).toBe(202);
  });

  it("429 with Retry-After past the message rate, per token and address; other tokens unaffected", async () => {
    await h.close();
    h = await startHarness({ limits: { rateLimit: { messagesPerSecond: 0.5, burst: 3 } } });
    const statuses: number[] = [];
    for (let i = 0; i < 5; i++) {
      const res = await post({ channel: "custom.backup", data: { i } }, { token: PUBLISH_TOKEN });
      statuses.push(res.status);
      if (res.status === 429) {
        expect(res.headers.get("retry-after")).toBe("2");
        expect(await res.json()).toMatchObject({ error: "rate_limited" });
      } else await res.body?.cancel();
    }
    expect(statuses).toEqual([202, 202, 202, 429, 429]);
    expect((await h.bus.history("custom.backup")).events).toHaveLength(3);
    const other = await post({ channel: "custom.backup", data: {} }, { token: ADMIN_TOKEN });
    expect(other.status).toBe(202);
  });

  it("403 bad_publish for a new custom channel past maxCustomChannels, over HTTP and WebSocket", async () => {
    await h.close();
    h = await startHarness({ limits: { maxCustomChannels: 2 } });
    for (const channel of ["custom.a", "custom.b"])
      expect((await post({ channel, data: {} }, { token: PUBLISH_TOKEN })).status).toBe(202);
    const refused = await post({ channel: "custom.c", data: {} }, { token: PUBLISH_TOKEN });
    expect(refused.status).toBe(403);
    expect(await refused.json()).toMatchObject({
      error: "bad_publish",
      message: expect.stringContaining("gateway.maxCustomChannels"),
    });
    const ws = await open(PUBLISH_TOKEN);
    ws.send({ type: "publish", channel: "custom.d", data: {}, id: "d" });
    expect(await ws.next(ofType("error"))).toMatchObject({ code: "bad_publish", id: "d" });
    ws.send({ type: "publish", channel: "custom.a", data: {}, id: "a" });
    expect(await ws.next(ofType("publish_ack"))).toMatchObject({ channel: "custom.a", id: "a" });
    expect(await h.bus.last("custom.c")).toBeUndefined();
  });

  it("401 without or with a wrong token", async () => {
    const missing = await post({ channel: "custom.backup", data: {} });
    expect(missing.status).toBe(401);
    expect(missing.headers.get("www-authenticate")).toContain("Bearer");
    expect(
      (await post({ channel: "custom.backup", data: {} }, { token: "wrong-token-0123456789" })).status,
    ).toBe(401);
  });

  it("403 without the publish permission or outside the token's channels", async () => {
    const res = await post({ channel: "custom.backup", data: {} }, { token: READ_TOKEN });
    expect(res.status).toBe(403);
    expect(await res.json()).toMatchObject({ error: "forbidden" });
    const limited = await post({ channel: "custom.other", data: {} }, { token: LIMITED_TOKEN });
    expect(limited.status).toBe(403);
    expect(await limited.json()).toMatchObject({ error: "forbidden_channel" });
  });

  it("400 for invalid JSON, a malformed body, bad channels and payloads", async () => {
    const cases: [string, number, string][] = [];
    const check = async (res: Response, status: number, error: string) => {
      cases.push([String(res.status), status, error]);
      expect(res.status).toBe(status);
      expect(await res.json()).toMatchObject({ error });
    };
    await check(await post(null, { token: PUBLISH_TOKEN, raw: "{nope" }), 400, "invalid_json");
    await check(await post([1], { token: PUBLISH_TOKEN }), 400, "invalid_message");
    await check(
      await post({ channel: "custom.*", data: {} }, { token: PUBLISH_TOKEN }),
      400,
      "invalid_channel",
    );
    await check(
      await post({ channel: "nope.nope", data: {} }, { token: PUBLISH_TOKEN }),
      400,
      "unknown_channel",
    );
    await check(
      await post({ channel: "system.stats", data: {} }, { token: PUBLISH_TOKEN }),
      400,
      "bad_publish",
    );
    await check(
      await post({ channel: "custom.x", data: "text" }, { token: PUBLISH_TOKEN }),
      400,
      "bad_publish",
    );
    await check(
      await post({ channel: "jobs", data: { type: "nope" } }, { token: PUBLISH_TOKEN }),
      400,
      "bad_publish",
    );
    expect(cases).toHaveLength(7);
  });

  it("413 past the frame limit, 415 for other content types, 405 for other methods", async () => {
    const big = await post(
      { channel: "custom.x", data: { blob: "x".repeat(70_000) } },
      { token: PUBLISH_TOKEN },
    );
    expect(big.status).toBe(413);
    expect(await big.json()).toMatchObject({ error: "frame_too_big" });
    const noRoom = await post(
      { channel: "custom.x", data: { blob: "x".repeat(65_300) } },
      { token: PUBLISH_TOKEN },
    );
    expect(noRoom.status).toBe(413);
    expect(await noRoom.json()).toMatchObject({ error: "bad_publish" });
    const text = await post(null, { token: PUBLISH_TOKEN, type: "text/plain", raw: "{}" });
    expect(text.status).toBe(415);
    const get = await fetch(`${h.httpUrl}/api/v1/publish`, {
      headers: { authorization: `Bearer ${PUBLISH_TOKEN}` },
    });
    expect(get.status).toBe(405);
    expect(get.headers.get("allow")).toBe("POST");
  });
});
