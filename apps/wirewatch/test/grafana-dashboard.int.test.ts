import { readFileSync } from "node:fs";
import { type PrometheusServer, scrapeEverySecondConfig, startPrometheus, waitFor } from "@wirewatch/testkit";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import WebSocket from "ws";
import { writeAlwaysFiringConfig } from "./helpers/always-firing.js";
import { type Started, startWirewatch } from "./helpers/start-process.js";

/**
 * infra/grafana/dashboards/wirewatch.json against the real thing: `wirewatch start` (with a rule
 * that always fires and a WebSocket client streaming), scraped every second by a real
 * Prometheus as infra/prometheus configures it (`honor_labels`). Every panel's query must parse
 * and return series, so a renamed metric or a broken expression fails here, not on a user's wall.
 */
const DASHBOARD = new URL("../../../infra/grafana/dashboards/wirewatch.json", import.meta.url);

interface Panel {
  title: string;
  type: string;
  targets?: { expr: string; legendFormat?: string }[];
}
const dashboard = JSON.parse(readFileSync(DASHBOARD, "utf8")) as {
  uid: string;
  panels: Panel[];
  templating: { list: { name: string; query: { query: string } }[] };
};

/**
 * Series only a scaled-out exporter app has (it counts events it could not translate); the
 * query must still parse.
 */
const ONLY_SCALED_OUT = /wirewatch_exporter_event_errors_total/;

const config = writeAlwaysFiringConfig();

let ww: Started;
let ws: WebSocket;
let prometheus: PrometheusServer;

beforeAll(async () => {
  ww = await startWirewatch(["--config", config], { WIREWATCH_COLLECTOR__HOSTNAME: "dashhost" });
  ws = new WebSocket(ww.wsUrl);
  ws.on("error", () => {});
  let frames = 0;
  ws.on("message", () => frames++);
  await new Promise<void>((resolve) => ws.once("open", () => resolve()));
  ws.send(JSON.stringify({ type: "subscribe", channel: "system.stats" }));
  ws.send("not json"); // an invalid client frame: wirewatch_gateway_dropped_total{reason="invalid"}
  await waitFor(() => frames >= 3 || undefined, { timeoutMs: 15_000, description: "frames streaming" });
  prometheus = await startPrometheus({
    config: scrapeEverySecondConfig(`127.0.0.1:${ww.port}`),
  });
}, 60_000);

afterAll(async () => {
  ws?.terminate();
  await prometheus?.stop();
  await ww?.stop();
});

/** A panel's query as Grafana sends it for host `dashhost` over a 10 s rate window. */
const asSent = (expr: string) =>
  expr.replaceAll("$__rate_interval", "10s").replaceAll("$instance", "dashhost");

describe("the wirewatch Grafana dashboard", () => {
  const targets = dashboard.panels.flatMap((panel) =>
    (panel.targets ?? []).map((target) => ({
      title: panel.title,
      expr: target.expr,
      legend: target.legendFormat ?? "",
    })),
  );

  it("has panels with queries, and its host variable lists the host", async () => {
    expect(dashboard.uid).toBe("wirewatch");
    expect(targets.length).toBeGreaterThanOrEqual(12);
    const variable = dashboard.templating.list.find((v) => v.name === "instance");
    expect(variable?.query.query).toBe("label_values(wirewatch_collector_up, instance)");
    const hosts = await waitFor(async () => {
      const r = await prometheus.query("wirewatch_collector_up");
      return r.length > 0 ? r : undefined;
    });
    expect(hosts.map((s) => s.metric.instance)).toContain("dashhost");
  });

  it("every panel query parses in Prometheus and returns series from wirewatch start", async () => {
    // Rates need a few scrapes; the always-true rule fires once its first sample is evaluated.
    await waitFor(
      async () => {
        const rates = await prometheus.query(asSent(targets.find((t) => /events_out/.test(t.expr))!.expr));
        const alerts = await prometheus.query("wirewatch_alert_active");
        return rates.length > 0 && alerts.length > 0 ? true : undefined;
      },
      { timeoutMs: 30_000, intervalMs: 500, description: "rates and the firing alert in Prometheus" },
    );
    const empty: string[] = [];
    const blankLegends: string[] = [];
    for (const { title, expr, legend } of targets) {
      const result = await prometheus.query(asSent(expr)); // rejects on a parse error
      if (result.length === 0 && !ONLY_SCALED_OUT.test(expr)) empty.push(`${title}: ${expr}`);
      // Every label a legend shows ({{instance}} {{app}}) is on every series the query returns.
      for (const [, label] of legend.matchAll(/\{\{\s*(\w+)\s*\}\}/g)) {
        if (result.some((sample) => !sample.metric[label as string]))
          blankLegends.push(`${title}: {{${label}}}`);
      }
    }
    expect(empty).toEqual([]);
    expect(blankLegends).toEqual([]);
    // `count(...) or vector(0)` always answers: check every metric name a query uses exists too.
    const names = new Set(
      targets.flatMap((t) => t.expr.match(/\b(?:wirewatch|process|nodejs)_[a-z0-9_]+/g) ?? []),
    );
    const missing: string[] = [];
    for (const name of names) {
      if (ONLY_SCALED_OUT.test(name)) continue;
      if ((await prometheus.query(`count({__name__="${name}"})`)).length === 0) missing.push(name);
    }
    expect(missing).toEqual([]);
    expect(names.size).toBeGreaterThanOrEqual(10);
    const firing = await prometheus.query(asSent('wirewatch_alert_active{instance=~"$instance"}'));
    expect(firing[0]?.metric).toMatchObject({ rule: "up", state: "firing", channel: "resource.alert" });
  }, 60_000);

  it("a query Prometheus cannot parse is rejected, so the check above can fail", async () => {
    await expect(prometheus.query("sum by (dialect (wirewatch_gateway_connections)")).rejects.toThrow();
  });
});
