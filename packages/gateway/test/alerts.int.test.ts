import { type AlertEngine, createAlertEngine, resolveRules } from "@wirewatch/alerts";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { GatewayAlerts } from "../src/index.js";
import { connect, ofType, type TestClient } from "./helpers/client.js";
import {
  ADMIN_TOKEN,
  type Harness,
  PUBLISH_TOKEN,
  READ_TOKEN,
  startHarness,
  stats,
} from "./helpers/harness.js";

/**
 * The alert commands (architecture §4, admin only) and their HTTP routes, against a real alert engine
 * publishing on the harness's MemoryBus, as `wirewatch start` wires them.
 */
let h: Harness;
let engine: AlertEngine;
let clients: TestClient[] = [];
const open = async (token = ADMIN_TOKEN) => {
  const c = await connect(`${h.wsUrl}?token=${token}`);
  clients.push(c);
  return c;
};

async function startWithEngine(): Promise<void> {
  h = await startHarness({
    alerts: {
      list: () => engine.list(),
      ack: (id, by) => engine.ack(id, by),
      silence: (request) => engine.silence(request),
      unsilence: (id, by) => engine.unsilence(id, by),
    },
  });
  engine = createAlertEngine({
    rules: resolveRules({ rules: [{ name: "cpu", forMs: 0 }] }),
    publisher: h.bus,
    host: "gw-test",
  });
  await engine.start();
}

/** Feeds a system.stats sample to the engine as the collector's publisher would. */
async function sample(cpu: number, host = "nas1"): Promise<void> {
  const draft = { channel: "system.stats", host, data: stats(cpu) };
  await h.bus.publish(draft);
  engine.observe(draft);
  await engine.flush();
}

afterEach(async () => {
  for (const c of clients) c.ws.terminate();
  clients = [];
  await engine?.close();
  await h.close();
});

describe("alert commands over the native protocol", () => {
  beforeEach(startWithEngine);

  it("lists, acknowledges, silences and unsilences, echoing ids", async () => {
    const watcher = await open(READ_TOKEN);
    watcher.send({ type: "subscribe", channel: "resource.alert", snapshot: false });
    await watcher.next(ofType("subscription_ack"));
    await sample(93.1);
    const fired = await watcher.next(ofType("resource.alert"));
    expect(fired).toMatchObject({
      host: "nas1",
      data: { state: "firing", level: "warning", message: "CPU usage warning: 93.1% (threshold: 90.0%)" },
    });

    const admin = await open();
    admin.send({ type: "alerts_list", id: 1 });
    const list = await admin.next(ofType("alerts"));
    expect(list).toMatchObject({
      id: 1,
      silences: [],
      alerts: [{ rule: "cpu", host: "nas1", state: "firing", severity: "warning" }],
    });
    const alertId = (list.alerts as { alert_id: string }[])[0]?.alert_id;
    expect(alertId).toBe((fired.data as { alert_id: string }).alert_id);

    admin.send({ type: "alert_ack", id: "a", alert_id: alertId });
    expect(await admin.next(ofType("alert_ack"))).toMatchObject({
      id: "a",
      alert_id: alertId,
      alert: { acknowledged: true, acknowledged_by: "admin" },
    });
    expect(
      await watcher.next(
        (m) =>
          m.type === "resource.alert" && (m.data as { transition: string }).transition === "acknowledged",
      ),
    ).toMatchObject({
      data: { acknowledged: true, acknowledged_by: "admin" },
    });

    admin.send({
      type: "silence",
      id: "s",
      rule: "cpu",
      host: "nas*",
      duration_ms: 3_600_000,
      reason: "upgrading the kernel",
    });
    const ack = await admin.next(ofType("silence_ack"));
    expect(ack).toMatchObject({
      id: "s",
      silence_id: expect.stringMatching(/^s-/),
      expires_at: expect.any(String),
      silence: { rule: "cpu", host: "nas*", reason: "upgrading the kernel", created_by: "admin" },
    });
    expect(Date.parse(ack.expires_at as string) - Date.now()).toBeGreaterThan(3_500_000);
    admin.send({ type: "alerts_list", id: 2 });
    const silenced = await admin.next((m) => m.type === "alerts" && m.id === 2);
    expect(silenced).toMatchObject({
      silences: [{ silence_id: ack.silence_id }],
      alerts: [{ silenced_by: [ack.silence_id] }],
    });

    admin.send({ type: "unsilence", id: "u", silence_id: ack.silence_id });
    expect(await admin.next(ofType("unsilence_ack"))).toMatchObject({
      id: "u",
      silence_id: ack.silence_id,
      silence: { reason: "upgrading the kernel" },
    });
  });

  it.each<[string, Record<string, unknown>, string]>([
    ["an unknown alert", { type: "alert_ack", id: 1, alert_id: "nope" }, "not_found"],
    ["an unknown silence", { type: "unsilence", id: 1, silence_id: "s-nope" }, "not_found"],
    [
      "a silence of an unknown rule",
      { type: "silence", id: 1, rule: "cpuu", duration_ms: 60_000, reason: "x" },
      "not_found",
    ],
    [
      "a silence without rule or host",
      { type: "silence", id: 1, duration_ms: 60_000, reason: "x" },
      "invalid_message",
    ],
    [
      "a silence without a reason",
      { type: "silence", id: 1, rule: "cpu", duration_ms: 60_000 },
      "invalid_message",
    ],
    [
      "a silence of 10 ms",
      { type: "silence", id: 1, rule: "cpu", duration_ms: 10, reason: "x" },
      "invalid_message",
    ],
    [
      "a silence of a host with a slash",
      { type: "silence", id: 1, host: "a/b", duration_ms: 60_000, reason: "x" },
      "invalid_message",
    ],
    ["an ack without alert_id", { type: "alert_ack", id: 1 }, "invalid_message"],
  ])("answers %s with %s and keeps the socket open", async (_label, command, code) => {
    const admin = await open();
    admin.send(command);
    expect(await admin.next(ofType("error"))).toMatchObject({ code, id: 1 });
    admin.send({ type: "ping", id: "p" });
    await admin.next(ofType("pong"));
  });

  it.each([
    ["reader", READ_TOKEN],
    ["publisher", PUBLISH_TOKEN],
  ])("refuses every alert command to a %s token with forbidden", async (_label, token) => {
    const c = await open(token);
    for (const [n, command] of [
      { type: "alerts_list" },
      { type: "alert_ack", alert_id: "x" },
      { type: "silence", rule: "cpu", duration_ms: 60_000, reason: "x" },
      { type: "unsilence", silence_id: "x" },
    ].entries()) {
      c.send({ ...command, id: n });
      expect(await c.next((m) => m.type === "error" && m.id === n)).toMatchObject({ code: "forbidden" });
    }
    expect(engine.list().silences).toEqual([]);
  });
});

describe("alert commands without an alert engine", () => {
  it("answer unavailable over WebSocket and 503 over HTTP", async () => {
    h = await startHarness();
    const admin = await open();
    admin.send({ type: "alerts_list", id: 7 });
    expect(await admin.next(ofType("error"))).toMatchObject({ code: "unavailable", id: 7 });
    const res = await fetch(`${h.httpUrl}/api/v1/alerts`, {
      headers: { authorization: `Bearer ${ADMIN_TOKEN}` },
    });
    expect(res.status).toBe(503);
    expect(await res.json()).toMatchObject({ error: "unavailable" });
  });

  it("maps an engine failure other than not found or invalid to unavailable", async () => {
    const failing: GatewayAlerts = {
      list: () => {
        throw Object.assign(new Error("redis down"), { code: "WW_ALERTS_STORE" });
      },
      ack: async () => Promise.reject(new Error("boom")),
      silence: async () => Promise.reject(new Error("boom")),
      unsilence: async () => Promise.reject(new Error("boom")),
    };
    h = await startHarness({ alerts: failing });
    const admin = await open();
    admin.send({ type: "alerts_list", id: 1 });
    admin.send({ type: "alert_ack", id: 2, alert_id: "x" });
    expect(await admin.next((m) => m.type === "error" && m.id === 1)).toMatchObject({ code: "unavailable" });
    expect(await admin.next((m) => m.type === "error" && m.id === 2)).toMatchObject({ code: "unavailable" });
  });
});

describe("alert HTTP routes", () => {
  beforeEach(startWithEngine);
  const call = (
    path: string,
    init: { method?: string; token?: string | null; body?: unknown; type?: string } = {},
  ) =>
    fetch(`${h.httpUrl}${path}`, {
      method: init.method ?? "GET",
      headers: {
        ...(init.token === null ? {} : { authorization: `Bearer ${init.token ?? ADMIN_TOKEN}` }),
        ...(init.body !== undefined ? { "content-type": init.type ?? "application/json" } : {}),
      },
      ...(init.body !== undefined
        ? { body: typeof init.body === "string" ? init.body : JSON.stringify(init.body) }
        : {}),
    });

  it("GET /api/v1/alerts, POST ack, POST and DELETE silences", async () => {
    await sample(97);
    const listed = await call("/api/v1/alerts");
    expect(listed.status).toBe(200);
    const body = (await listed.json()) as {
      alerts: { alert_id: string; severity: string }[];
      silences: unknown[];
    };
    expect(body.alerts).toEqual([expect.objectContaining({ severity: "critical", host: "nas1" })]);
    const id = body.alerts[0]?.alert_id ?? "";

    const acked = await call(`/api/v1/alerts/${encodeURIComponent(id)}/ack`, { method: "POST" });
    expect(acked.status).toBe(200);
    expect(await acked.json()).toMatchObject({
      alert_id: id,
      alert: { acknowledged: true, acknowledged_by: "admin" },
    });

    const created = await call("/api/v1/silences", {
      method: "POST",
      body: { host: "nas1", duration_ms: 600_000, reason: "disk swap" },
    });
    expect(created.status).toBe(201);
    const silence = (await created.json()) as { silence_id: string; expires_at: string };
    expect(silence).toMatchObject({
      silence_id: expect.stringMatching(/^s-/),
      expires_at: expect.any(String),
    });
    expect(await (await call("/api/v1/silences")).json()).toEqual({
      silences: [expect.objectContaining({ silence_id: silence.silence_id })],
    });

    const removed = await call(`/api/v1/silences/${silence.silence_id}`, { method: "DELETE" });
    expect(removed.status).toBe(200);
    expect(await removed.json()).toMatchObject({
      silence_id: silence.silence_id,
      silence: { reason: "disk swap" },
    });
    expect((await call(`/api/v1/silences/${silence.silence_id}`, { method: "DELETE" })).status).toBe(404);
  });

  it("accepts the token as ?token=", async () => {
    expect((await call(`/api/v1/alerts?token=${ADMIN_TOKEN}`, { token: null })).status).toBe(200);
  });

  it.each<[string, string, Parameters<typeof call>[1], number, string]>([
    ["no token", "/api/v1/alerts", { token: null }, 401, "unauthorized"],
    ["a wrong token", "/api/v1/alerts", { token: "wrong-token-0123456789abcdef" }, 401, "unauthorized"],
    ["a read token", "/api/v1/alerts", { token: READ_TOKEN }, 403, "forbidden"],
    [
      "a publish token creating a silence",
      "/api/v1/silences",
      { token: PUBLISH_TOKEN, method: "POST", body: { rule: "cpu", duration_ms: 60_000, reason: "x" } },
      403,
      "forbidden",
    ],
    ["an unknown alert", "/api/v1/alerts/nope/ack", { method: "POST" }, 404, "not_found"],
    ["a malformed id", "/api/v1/alerts/%E0%A4%A/ack", { method: "POST" }, 400, "invalid_message"],
    [
      "a silence that is not JSON",
      "/api/v1/silences",
      { method: "POST", body: "{rule:" },
      400,
      "invalid_json",
    ],
    ["a silence that is a list", "/api/v1/silences", { method: "POST", body: [1] }, 400, "invalid_message"],
    [
      "a silence without duration",
      "/api/v1/silences",
      { method: "POST", body: { rule: "cpu", reason: "x" } },
      400,
      "invalid_message",
    ],
    [
      "a silence of an unknown rule",
      "/api/v1/silences",
      { method: "POST", body: { rule: "nope", duration_ms: 60_000, reason: "x" } },
      404,
      "not_found",
    ],
    [
      "a silence sent as text/plain",
      "/api/v1/silences",
      { method: "POST", body: "{}", type: "text/plain" },
      415,
      "invalid_message",
    ],
    [
      "a silence bigger than a frame",
      "/api/v1/silences",
      { method: "POST", body: { rule: "cpu", duration_ms: 60_000, reason: "x".repeat(70_000) } },
      413,
      "frame_too_big",
    ],
  ])("answers %s with %d %s", async (_label, path, init, status, error) => {
    const res = await call(path, init);
    expect(res.status).toBe(status);
    expect(await res.json()).toMatchObject({ error });
    expect(engine.list().silences).toEqual([]);
  });

  it("answers 405 with Allow for the wrong method", async () => {
    for (const [path, method, allow] of [
      ["/api/v1/alerts", "POST", "GET"],
      ["/api/v1/alerts/x/ack", "GET", "POST"],
      ["/api/v1/silences", "DELETE", "GET, POST"],
      ["/api/v1/silences/x", "GET", "DELETE"],
    ] as const) {
      const res = await call(path, { method });
      expect(res.status, `${method} ${path}`).toBe(405);
      expect(res.headers.get("allow")).toBe(allow);
    }
  });

  it("leaves other paths to the rest of the server", async () => {
    expect((await call("/api/v1/alerts/x")).status).toBe(404);
    expect((await call("/api/v1/silences/x/y", { method: "DELETE" })).status).toBe(404);
  });
});
