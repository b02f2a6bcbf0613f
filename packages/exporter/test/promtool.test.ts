import { afterEach, describe, expect, it } from "vitest";
import { alertEvent, collectorStatusEvent, exporterOnBus, fixture, promtool } from "./helpers.js";

let env: Awaited<ReturnType<typeof exporterOnBus>>;
afterEach(async () => env?.close());

/** Lint findings node_exporter's own output has too: /proc/meminfo's field names are CamelCase. */
const NODE_EXPORTER_LINT = /^node_memory_\w+ metric names should be written in 'snake_case' not 'camelCase'$/;

describe("promtool check metrics", () => {
  it("accepts the output for several hosts with host, storage, UPS, collector and alert data", async () => {
    env = await exporterOnBus();
    for (const name of ["system-stats", "storage-status", "ups-status"]) await env.publish(fixture(name));
    await env.publish(collectorStatusEvent("nas1", { last_success: new Date().toISOString() }));
    await env.publish(collectorStatusEvent("nas2", { input: "ups", state: "error" }));
    await env.publish(alertEvent("firing"));
    await env.publish(alertEvent("unknown", { alert_id: "swap:nas1:-", rule: "swap", key: "swap" }));
    await env.publish({ ...fixture("system-stats"), host: "nas2" });
    await env.publish({ ...fixture("ups-status"), host: "nas2" });
    const text = env.exporter.render();
    expect(text).toContain('wirewatch_alert_active{instance="nas1",channel="resource.alert",rule="swap"');
    expect(text).toContain('wirewatch_collector_state{instance="nas2",input="ups",state="error"} 1');
    const { code, output } = await promtool(["check", "metrics"], text);
    const problems = output
      .split("\n")
      .filter((line) => line.trim() !== "" && !NODE_EXPORTER_LINT.test(line));
    expect(problems).toEqual([]);
    expect([0, 3]).toContain(code); // 3 = lint findings only (the CamelCase ones above); 1 = invalid
  });

  it("accepts a ?target render", async () => {
    env = await exporterOnBus();
    await env.publish(fixture("ups-status"));
    await env.publish(fixture("storage-status"));
    const { code, output } = await promtool(["check", "metrics"], env.exporter.render({ target: "nas1" }));
    expect(output.trim()).toBe("");
    expect(code).toBe(0);
  });

  it("rejects text that repeats a family header, so the checks above can fail", async () => {
    const text = "# TYPE node_load1 gauge\nnode_load1 1\n# TYPE node_load1 gauge\nnode_load1 2\n";
    const { code } = await promtool(["check", "metrics"], text);
    expect(code).toBe(1);
  });
});
