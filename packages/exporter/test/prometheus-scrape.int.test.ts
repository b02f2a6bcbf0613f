import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { type PrometheusServer, scrapeEverySecondConfig, startPrometheus, waitFor } from "@wirewatch/testkit";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createMetricsHandler } from "../src/index.js";
import { exporterOnBus, fixture, statsFixture } from "./helpers.js";

/**
 * A real Prometheus scrapes the exporter (on a small HTTP server, fed through a real
 * MemoryBus) every second with honor_labels; its query API then has the test host's series.
 */
describe("a real Prometheus scraping the exporter", () => {
  let env: Awaited<ReturnType<typeof exporterOnBus>>;
  let server: Server;
  let prometheus: PrometheusServer;
  let feeder: NodeJS.Timeout;

  beforeAll(async () => {
    env = await exporterOnBus();
    const stats = statsFixture();
    let tick = 0;
    const feed = () => {
      tick++;
      const next = structuredClone(stats);
      for (const cpu of next.data.counters.cpu) {
        cpu.user += tick * 0.5;
        cpu.idle += tick * 0.5;
      }
      next.timestamp = new Date().toISOString();
      void env.publish(next);
    };
    feed();
    await env.publish(fixture("storage-status"));
    await env.publish(fixture("ups-status"));
    feeder = setInterval(feed, 250);
    const handler = createMetricsHandler({ exporter: env.exporter, append: () => "wirewatch_test_up 1\n" });
    server = createServer((req, res) => {
      if (!handler(req, res)) res.writeHead(404).end();
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const { port } = server.address() as AddressInfo;
    prometheus = await startPrometheus({
      config: scrapeEverySecondConfig(`127.0.0.1:${port}`),
    });
  });

  afterAll(async () => {
    clearInterval(feeder);
    await prometheus?.stop();
    await new Promise((resolve) => server?.close(resolve));
    await env?.close();
  });

  it("scrapes the target successfully", async () => {
    const targets = await waitFor(
      async () => {
        const all = await prometheus.targets();
        return all.every((t) => t.health === "up") && all.length > 0 ? all : undefined;
      },
      { timeoutMs: 20_000, intervalMs: 200, description: "target up" },
    );
    expect(targets).toHaveLength(1);
  });

  it("has node_load1 and node_uname_info for the host", async () => {
    const load = await waitFor(async () => (await prometheus.query('node_load1{instance="nas1"}'))[0], {
      timeoutMs: 20_000,
      intervalMs: 200,
    });
    expect(Number(load.value[1])).toBeGreaterThanOrEqual(0);
    const uname = await prometheus.query("node_uname_info");
    expect(uname.map((s) => s.metric.instance)).toEqual(["nas1"]);
    expect(uname[0]?.metric).toMatchObject({ nodename: "nas1", sysname: "Linux", job: "wirewatch" });
  });

  it("computes rate(node_cpu_seconds_total[30s]) per cpu and mode", async () => {
    const rates = await waitFor(
      async () => {
        const result = await prometheus.query(
          'rate(node_cpu_seconds_total{instance="nas1",mode="user"}[30s])',
        );
        return result.length > 0 && result.every((s) => Number(s.value[1]) > 0) ? result : undefined;
      },
      { timeoutMs: 30_000, intervalMs: 250, description: "cpu rate" },
    );
    expect(rates.map((s) => s.metric.cpu).sort()).toEqual(["0", "1"]);
  });

  it("keeps UPS flags and the appended registry text in the same scrape", async () => {
    const flags = await waitFor(async () => {
      const r = await prometheus.query('network_ups_tools_ups_status{instance="nas1",flag="OL"}');
      return r.length > 0 ? r : undefined;
    });
    expect(flags[0]?.value[1]).toBe("1");
    const own = await prometheus.query("wirewatch_test_up");
    expect(own).toHaveLength(1);
  });
});
