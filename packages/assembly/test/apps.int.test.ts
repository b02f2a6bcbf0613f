import { configSchema, type WirewatchConfigInput } from "@wirewatch/config";
import { type RedisServer, startRedis, waitFor } from "@wirewatch/testkit";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import WebSocket from "ws";
import { startCollectorApp } from "../src/collector-app.js";
import { startGatewayApp } from "../src/gateway-app.js";

/**
 * The scaled-out apps in-process, on a real Redis and ephemeral loopback ports: the collector
 * publishes host samples, the gateway streams them, /readyz follows Redis, and stop() (what
 * SIGTERM runs) closes clients with 1001 and ends with exit code 0.
 */
const TOKEN = "assembly-test-token-0123456789";
let redis: RedisServer;

beforeAll(async () => {
  redis = await startRedis();
});
afterAll(async () => {
  await redis?.stop();
});

const config = (extra: WirewatchConfigInput = {}) =>
  configSchema.parse({
    log: { level: "silent" },
    bus: { redis: { url: redis.url } },
    gateway: { host: "127.0.0.1", port: 0 },
    admin: { host: "127.0.0.1", port: 0 },
    auth: { tokens: [{ name: "test", token: TOKEN, permissions: ["read", "publish", "admin"] }] },
    collector: { hostname: "assembly-host" },
    ...extra,
  });

const status = async (url: string) => (await fetch(url)).status;

describe("scaled-out apps", () => {
  it("collector → Redis → gateway → client; readiness follows Redis; stop() closes 1001 and exits 0", async () => {
    const exits: { app: string; code: number }[] = [];
    const gateway = await startGatewayApp(config(), {
      installSignals: false,
      exit: (code) => exits.push({ app: "gateway", code }),
    });
    const collector = await startCollectorApp(config(), {
      installSignals: false,
      exit: (code) => exits.push({ app: "collector", code }),
    });
    await waitFor(async () => (await status(`${gateway.adminUrl}/readyz`)) === 200);
    await waitFor(async () => (await status(`${collector.adminUrl}/readyz`)) === 200);
    expect(await status(`${gateway.adminUrl}/livez`)).toBe(200);
    expect(await (await fetch(`${gateway.adminUrl}/metrics`)).text()).toContain(
      "wirewatch_gateway_connections",
    );

    const ws = new WebSocket(`${gateway.listening.url}/api/v1/ws`, {
      headers: { authorization: `Bearer ${TOKEN}` },
    });
    const frames: { type: string; host?: string }[] = [];
    ws.on("message", (raw) => frames.push(JSON.parse(String(raw))));
    const closed = new Promise<{ code: number; reason: string }>((resolve) =>
      ws.on("close", (code, reason) => resolve({ code, reason: String(reason) })),
    );
    await new Promise((resolve) => ws.once("open", resolve));
    ws.send(JSON.stringify({ type: "subscribe", channel: "system.stats" }));
    const sample = await waitFor(() => frames.find((f) => f.type === "system.stats"), { timeoutMs: 15_000 });
    expect(sample.host).toBe("assembly-host");

    await redis.stop();
    await waitFor(async () => (await status(`${gateway.adminUrl}/readyz`)) === 503);
    await waitFor(async () => (await status(`${collector.adminUrl}/readyz`)) === 503);
    await redis.start();
    await waitFor(async () => (await status(`${gateway.adminUrl}/readyz`)) === 200, { timeoutMs: 5000 });

    expect(await gateway.stop("SIGTERM")).toBe(0);
    const close = await closed;
    expect(close.code).toBe(1001);
    expect(JSON.parse(close.reason)).toMatchObject({ reconnect: true });
    expect(await collector.stop("SIGTERM")).toBe(0);
    expect(exits).toEqual([
      { app: "gateway", code: 0 },
      { app: "collector", code: 0 },
    ]);
  });
});
