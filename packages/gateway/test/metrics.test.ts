import { Registry } from "prom-client";
import { describe, expect, it } from "vitest";
import { createGatewayMetrics } from "../src/metrics.js";

const eventsOut = async (registry: Registry) =>
  (await registry.getSingleMetric("wirewatch_gateway_events_out_total")!.get()).values.map((v) => [
    v.labels.dialect,
    v.value,
  ]);

describe("gateway metrics", () => {
  it("folds the hot-path event tallies into the counter at every scrape, without double counting", async () => {
    const registry = new Registry();
    const metrics = createGatewayMetrics(registry);
    metrics.eventsOutTally("native").n += 3;
    metrics.eventsOutTally("monserv").n += 1;
    expect(await eventsOut(registry)).toEqual([
      ["native", 3],
      ["monserv", 1],
    ]);
    expect(await eventsOut(registry)).toEqual([
      ["native", 3],
      ["monserv", 1],
    ]);
    metrics.eventsOutTally("native").n++;
    expect((await eventsOut(registry))[0]).toEqual(["native", 4]);
  });

  it("shares one tally per dialect between gateways on the same registry", async () => {
    const registry = new Registry();
    const a = createGatewayMetrics(registry);
    const b = createGatewayMetrics(registry);
    expect(a.eventsOutTally("native")).toBe(b.eventsOutTally("native"));
    a.eventsOutTally("native").n++;
    b.eventsOutTally("native").n++;
    expect(await eventsOut(registry)).toEqual([["native", 2]]);
  });

  it("counts events in per channel, every custom.* channel as one series", async () => {
    const registry = new Registry();
    const metrics = createGatewayMetrics(registry);
    metrics.eventsInTally("system.stats").n += 2;
    metrics.eventsInTally("custom.backup").n += 1;
    metrics.eventsInTally("custom.nightly").n += 4;
    const values = (await registry.getSingleMetric("wirewatch_gateway_events_in_total")!.get()).values;
    expect(values.map((v) => [v.labels.channel, v.value])).toEqual([
      ["system.stats", 2],
      ["custom.*", 5],
    ]);
  });
});
