import { redisStateKeys } from "@wirewatch/alerts";
import { configSchema, type WirewatchConfigInput } from "@wirewatch/config";
import { createLogger } from "@wirewatch/runtime";
import { type RedisServer, startRedis, waitFor } from "@wirewatch/testkit";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import WebSocket from "ws";
import { createBusFromConfig } from "../src/bus-from-config.js";
import { startCollectorApp } from "../src/collector-app.js";
import { startExporterApp } from "../src/exporter-app.js";
import { startGatewayApp } from "../src/gateway-app.js";

/**
 * The scaled-out apps in-process, on a real Redis and ephemeral loopback ports: the collector
 * publishes host samples, the gateway streams them and the exporter serves them to Prometheus,
 * /readyz follows Redis, and stop() (what SIGTERM runs) closes clients with 1001 and ends with
 * exit code 0.
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

  it("collector → Redis → exporter: the real host sample as node_* series on /metrics; readiness follows Redis", async () => {
    const exits: number[] = [];
    const exporter = await startExporterApp(config(), { installSignals: false, exit: (c) => exits.push(c) });
    await waitFor(async () => (await status(`${exporter.adminUrl}/readyz`)) === 200);
    const collector = await startCollectorApp(config({ collector: { hostname: "exported-host" } }), {
      installSignals: false,
      exit: (c) => exits.push(c),
    });
    const scrape = async (query = "") => (await fetch(`${exporter.adminUrl}/metrics${query}`)).text();
    const text = await waitFor(
      async () => ((await scrape()).includes('node_load1{instance="exported-host"}') ? scrape() : undefined),
      { timeoutMs: 15_000, description: "the collector's sample on the exporter" },
    );
    expect(text).toMatch(/^node_cpu_seconds_total\{instance="exported-host",cpu="0",mode="idle"\} \d/m);
    expect(text).toMatch(/^wirewatch_build_info\{.*app="wirewatch-exporter".*\} 1$/m);
    expect(exporter.exporter.hosts()).toEqual(["exported-host"]);
    expect(await scrape("?target=exported-host")).toMatch(/^node_load1 \d/m);
    expect(await collector.stop("SIGTERM")).toBe(0);

    await redis.stop();
    await waitFor(async () => (await status(`${exporter.adminUrl}/readyz`)) === 503);
    expect(await scrape()).toContain('node_load1{instance="exported-host"}'); // latest values stay
    await redis.start();
    await waitFor(async () => (await status(`${exporter.adminUrl}/readyz`)) === 200, { timeoutMs: 5000 });
    expect(await exporter.stop("SIGTERM")).toBe(0);
    expect(exits).toEqual([0, 0]);
  });

  it("the collector app started while Redis is down samples nothing until Redis is up, then drops nothing", async () => {
    const late = await startRedis();
    await late.stop();
    const exits: number[] = [];
    const lateConfig = configSchema.parse({
      log: { level: "silent" },
      bus: { redis: { url: late.url } },
      admin: { host: "127.0.0.1", port: 0 },
      collector: { hostname: "late-host" },
    });
    const collector = await startCollectorApp(lateConfig, {
      installSignals: false,
      exit: (c) => exits.push(c),
    });
    try {
      expect(await status(`${collector.adminUrl}/readyz`)).toBe(503);
      // Nothing was sampled (so nothing counted as dropped) while Redis could not be reached.
      expect(collector.collector.scheduler.stats()).toMatchObject({ published: 0, failed: 0 });
      await late.start();
      await waitFor(() => collector.collector.scheduler.stats().published >= 3 || undefined, {
        timeoutMs: 15_000,
        description: "samples published once Redis is up",
      });
      expect(collector.collector.scheduler.stats().failed).toBe(0);
      expect(Number(await late.cli(["LLEN", "ww:{system.stats}:history"]))).toBeGreaterThan(0);
      expect(await collector.stop("SIGTERM")).toBe(0);
    } finally {
      await late.stop();
    }
    expect(exits).toEqual([0]);
  });

  it("the collector app evaluates alert rules: fires once on the bus, state in Redis, no refire after a restart", async () => {
    const host = "alerts-host";
    const alertsConfig = () =>
      config({
        collector: { hostname: host },
        alerts: {
          defaults: false,
          rules: [
            {
              name: "memory-total",
              channel: "system.stats",
              field: "memory_total",
              op: ">",
              warning: 1,
              forMs: 0,
              resource: "memory",
            },
          ],
        },
      });
    const keys = redisStateKeys(alertsConfig().bus.redis.keyPrefix, host);
    const observer = createBusFromConfig(alertsConfig(), { logger: createLogger({ level: "silent" }) });
    type AlertData = { rule: string; state: string; alert_id: string };
    const alerts: { channel: string; host: string; data: AlertData }[] = [];
    const samples: { host: string }[] = [];
    const subs = [
      observer.subscribe<AlertData>("resource.alert", (event) => {
        if (event.host === host) alerts.push(event);
      }),
      observer.subscribe("system.stats", (event) => {
        if (event.host === host) samples.push(event);
      }),
    ];
    await Promise.all(subs.map((sub) => sub.subscribed));
    try {
      const exits: number[] = [];
      const first = await startCollectorApp(alertsConfig(), {
        installSignals: false,
        exit: (code) => exits.push(code),
      });
      expect(first.alerts).toBeDefined();
      const firing = await waitFor(
        () => alerts.find((e) => e.data.rule === "memory-total" && e.data.state === "firing"),
        { timeoutMs: 15_000 },
      );
      expect(firing.channel).toBe("resource.alert");
      await first.alerts?.flush();
      expect(first.alerts?.list().alerts.map((a) => a.alert_id)).toEqual([firing.data.alert_id]);
      expect(await redis.cli(["hkeys", keys.state])).toBe(firing.data.alert_id);
      await waitFor(async () => (await status(`${first.adminUrl}/readyz`)) === 200);
      expect(await first.stop("SIGTERM")).toBe(0);

      // A restarted collector (same host, same Redis) loads the firing state: no second firing.
      const before = { alerts: alerts.length, samples: samples.length };
      const second = await startCollectorApp(alertsConfig(), {
        installSignals: false,
        exit: (code) => exits.push(code),
      });
      await waitFor(() => second.alerts?.ready());
      const loadedAt = samples.length;
      await waitFor(() => samples.length >= Math.max(before.samples, loadedAt) + 3, { timeoutMs: 15_000 });
      await second.alerts?.flush();
      expect(second.alerts?.list().alerts.map((a) => a.alert_id)).toEqual([firing.data.alert_id]);
      expect(alerts.length).toBe(before.alerts);
      expect(alerts.filter((e) => e.data.state === "firing")).toHaveLength(1);
      expect(await redis.cli(["hkeys", keys.state])).toBe(firing.data.alert_id);
      expect(await second.stop("SIGTERM")).toBe(0);
      expect(exits).toEqual([0, 0]);
    } finally {
      for (const sub of subs) sub();
      await observer.close();
    }
  });
});
