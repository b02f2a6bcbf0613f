import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import {
  type AdminServer,
  createAdminServer,
  createHealth,
  createMetricsRegistry,
  createShutdown,
} from "../src/index.js";
import { baseUrl, deferred, invalidExpositionLines, memoryLogger } from "./helpers.js";

let server: AdminServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function start() {
  const log = memoryLogger();
  const metrics = createMetricsRegistry({ version: "0.1.0" });
  const health = createHealth({ metrics });
  server = createAdminServer({ host: "127.0.0.1", port: 0, registry: metrics, health, logger: log.logger });
  const address: AddressInfo = await server.listen();
  return { url: baseUrl(address), metrics, health, log, address };
}

describe("createAdminServer", () => {
  it("listens on an ephemeral port and answers /livez", async () => {
    const { url, address } = await start();
    expect(address.port).toBeGreaterThan(0);
    const res = await fetch(`${url}/livez`);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toMatch(/^application\/json/);
    expect(await res.json()).toEqual({ status: "live" });
  });

  it("/readyz is 503 naming failing components, then 200 when they recover", async () => {
    const { url, health } = await start();
    let busReady = false;
    health.register({ name: "bus", ready: () => busReady });
    health.register({ name: "gateway", ready: () => true });

    const notReady = await fetch(`${url}/readyz`);
    expect(notReady.status).toBe(503);
    expect(await notReady.json()).toMatchObject({ status: "not_ready", failing: ["bus"] });

    busReady = true;
    const ready = await fetch(`${url}/readyz?verbose=1`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toMatchObject({ status: "ready", failing: [] });
  });

  it("/readyz turns 503 as soon as shutdown begins and /livez after it finishes", async () => {
    const { url, health, log } = await start();
    health.register({ name: "bus", ready: () => true });
    const exits: number[] = [];
    const shutdown = createShutdown({
      logger: log.logger,
      health,
      graceMs: 10_000,
      exit: (c) => exits.push(c),
    });
    const gate = deferred();
    shutdown.add("drain", () => gate.promise);

    const running = shutdown.run("test");
    const during = await fetch(`${url}/readyz`);
    expect(during.status).toBe(503);
    expect(await during.json()).toMatchObject({ status: "shutting_down", failing: [] });
    expect((await fetch(`${url}/livez`)).status).toBe(200);

    gate.resolve();
    expect(await running).toBe(0);
    const after = await fetch(`${url}/livez`);
    expect(after.status).toBe(503);
    expect(await after.json()).toEqual({ status: "stopped" });
    expect(exits).toEqual([0]);
  });

  it("/metrics serves valid Prometheus text with build info and component metrics", async () => {
    const { url, metrics, health } = await start();
    health.register({ name: "bus", ready: () => true });
    metrics
      .gauge({ name: "wirewatch_gateway_clients", help: "Connected clients.", labelNames: ["dialect"] })
      .set({ dialect: "monserv" }, 2);
    const res = await fetch(`${url}/metrics`);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe(metrics.contentType);
    const text = await res.text();
    expect(invalidExpositionLines(text)).toEqual([]);
    expect(text).toContain(`wirewatch_build_info{version="0.1.0",node="${process.version}"} 1`);
    expect(text).toContain('wirewatch_component_up{component="bus"} 1');
    expect(text).toContain('wirewatch_gateway_clients{dialect="monserv"} 2');
  });

  it("answers HEAD like GET without a body", async () => {
    const { url } = await start();
    const res = await fetch(`${url}/livez`, { method: "HEAD" });
    expect(res.status).toBe(200);
    expect(await res.text()).toBe("");
  });

  it("404s unknown paths with JSON and 405s other methods", async () => {
    const { url } = await start();
    const missing = await fetch(`${url}/nope?token=abc`);
    expect(missing.status).toBe(404);
    expect(await missing.json()).toEqual({ error: "not_found" });

    const post = await fetch(`${url}/metrics`, { method: "POST", body: "x" });
    expect(post.status).toBe(405);
    expect(post.headers.get("allow")).toBe("GET, HEAD");
    expect(await post.json()).toMatchObject({ error: "method_not_allowed" });
  });

  it("returns 500 and logs when the registry fails", async () => {
    const log = memoryLogger();
    const registry = {
      contentType: "text/plain",
      metrics: () => Promise.reject(new Error("collect failed for redis://:pw@r:6379")),
    };
    server = createAdminServer({
      host: "127.0.0.1",
      port: 0,
      registry,
      health: createHealth(),
      logger: log.logger,
    });
    const url = baseUrl(await server.listen());
    const res = await fetch(`${url}/metrics`);
    expect(res.status).toBe(500);
    expect(await res.json()).toEqual({ error: "internal" });
    const failure = log.records().find((r) => r.msg === "admin endpoint failed");
    expect(failure).toMatchObject({
      path: "/metrics",
      err: { message: "collect failed for redis://:***@r:6379" },
    });
  });

  it("tries its own handlers first: one owning /metrics replaces the registry's", async () => {
    const metrics = createMetricsRegistry({ version: "0.1.0" });
    server = createAdminServer({
      host: "127.0.0.1",
      port: 0,
      registry: metrics,
      health: createHealth({ metrics }),
      handlers: [
        (req, res) => {
          if (!req.url?.startsWith("/metrics")) return false;
          res.writeHead(200, { "content-type": "text/plain" }).end(`own ${req.url}\n`);
          return true;
        },
      ],
    });
    const url = baseUrl(await server.listen());
    expect(await (await fetch(`${url}/metrics?target=nas1`)).text()).toBe("own /metrics?target=nas1\n");
    expect(await (await fetch(`${url}/livez`)).json()).toEqual({ status: "live" });
    expect((await fetch(`${url}/nope`)).status).toBe(404);
  });

  it("close() resolves and frees the port; a second close is harmless", async () => {
    const { url } = await start();
    await fetch(`${url}/livez`);
    await server?.close();
    await server?.close();
    await expect(fetch(`${url}/livez`)).rejects.toThrow();
  });

  it("listen() rejects when the port is taken", async () => {
    const { address, health, metrics } = await start();
    const second = createAdminServer({ host: "127.0.0.1", port: address.port, registry: metrics, health });
    await expect(second.listen()).rejects.toMatchObject({ code: "EADDRINUSE" });
  });
});
