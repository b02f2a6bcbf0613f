import { describe, expect, it } from "vitest";
import { createMetricsRegistry, isRuntimeError } from "../src/index.js";
import { invalidExpositionLines } from "./helpers.js";

describe("createMetricsRegistry", () => {
  it("exposes build info, default process metrics and component metrics as valid Prometheus text", async () => {
    const metrics = createMetricsRegistry({ version: "1.2.3", defaultLabels: { app: "gateway" } });
    const sent = metrics.counter({
      name: "wirewatch_gateway_messages_sent_total",
      help: "Frames sent to clients.",
      labelNames: ["dialect"],
    });
    sent.inc({ dialect: "native" }, 3);
    metrics
      .histogram({ name: "wirewatch_bus_publish_seconds", help: "Publish latency.", buckets: [0.01, 0.1] })
      .observe(0.05);

    const text = await metrics.metrics();
    expect(invalidExpositionLines(text)).toEqual([]);
    expect(text).toContain(`wirewatch_build_info{version="1.2.3",node="${process.version}",app="gateway"} 1`);
    expect(text).toContain('wirewatch_gateway_messages_sent_total{dialect="native",app="gateway"} 3');
    expect(text).toContain('wirewatch_bus_publish_seconds_bucket{le="0.1",app="gateway"} 1');
    expect(text).toMatch(/^process_cpu_user_seconds_total/m);
    expect(text).toMatch(/^nodejs_heap_size_used_bytes/m);
    expect(metrics.contentType).toMatch(/^text\/plain/);
  });

  it("rejects names without the prefix or with invalid characters", () => {
    const metrics = createMetricsRegistry({ collectDefaultMetrics: false });
    for (const name of ["node_load1", "gateway_clients", "wirewatch_bad-name"]) {
      let caught: unknown;
      try {
        metrics.gauge({ name, help: "x" });
      } catch (err) {
        caught = err;
      }
      expect(isRuntimeError(caught, "WW_METRIC_NAME_INVALID")).toBe(true);
    }
  });

  it("returns the same metric for the same definition and refuses a conflicting one", () => {
    const metrics = createMetricsRegistry({ collectDefaultMetrics: false });
    const a = metrics.gauge({ name: "wirewatch_clients", help: "Clients.", labelNames: ["dialect"] });
    const b = metrics.gauge({ name: "wirewatch_clients", help: "Clients.", labelNames: ["dialect"] });
    expect(b).toBe(a);
    expect(() => metrics.counter({ name: "wirewatch_clients", help: "x", labelNames: ["dialect"] })).toThrow(
      expect.objectContaining({ code: "WW_METRIC_CONFLICT" }),
    );
    expect(() => metrics.gauge({ name: "wirewatch_clients", help: "x" })).toThrow(
      expect.objectContaining({ code: "WW_METRIC_CONFLICT" }),
    );
  });

  it("reports wirewatch_component_up from probes at scrape time", async () => {
    const metrics = createMetricsRegistry({ collectDefaultMetrics: false, probeTimeoutMs: 20 });
    let busUp = true;
    metrics.trackComponent("bus", () => busUp);
    metrics.trackComponent("collector.ups", async () => {
      throw new Error("upsd refused");
    });
    const untrackHung = metrics.trackComponent("hung", () => new Promise<boolean>(() => {}));

    let text = await metrics.metrics();
    expect(invalidExpositionLines(text)).toEqual([]);
    expect(text).toContain('wirewatch_component_up{component="bus"} 1');
    expect(text).toContain('wirewatch_component_up{component="collector.ups"} 0');
    expect(text).toContain('wirewatch_component_up{component="hung"} 0');

    busUp = false;
    untrackHung();
    text = await metrics.metrics();
    expect(text).toContain('wirewatch_component_up{component="bus"} 0');
    expect(text).not.toContain('component="hung"');
    expect(() => metrics.trackComponent("bus", () => true)).toThrow(
      expect.objectContaining({ code: "WW_METRIC_CONFLICT" }),
    );
  });

  it("keeps separate registries independent", async () => {
    const one = createMetricsRegistry({ collectDefaultMetrics: false });
    const two = createMetricsRegistry({ collectDefaultMetrics: false });
    one.counter({ name: "wirewatch_only_here_total", help: "x" }).inc();
    expect(await one.metrics()).toContain("wirewatch_only_here_total 1");
    expect(await two.metrics()).not.toContain("wirewatch_only_here_total");
  });
});
