import { describe, expect, it } from "vitest";
import { createHealth, createMetricsRegistry } from "../src/index.js";

describe("createHealth", () => {
  it("is ready with no checks, live, and running", async () => {
    const health = createHealth();
    expect(await health.readiness()).toEqual({ ready: true, shuttingDown: false, components: [] });
    expect(health.isLive()).toBe(true);
    expect(health.phase).toBe("running");
  });

  it("is ready only when every check is, and names the failing ones", async () => {
    const health = createHealth({ checkTimeoutMs: 20 });
    let busReady = false;
    health.register({ name: "bus", ready: () => busReady });
    health.register({ name: "gateway", ready: async () => true });
    health.register({
      name: "collector.ssh",
      ready: () => {
        throw new Error("auth failed for ssh://root:pw@nas1");
      },
    });
    health.register({ name: "slow", ready: () => new Promise<boolean>(() => {}) });

    const report = await health.readiness();
    expect(report.ready).toBe(false);
    expect(report.components).toEqual([
      { name: "bus", ready: false, error: "not ready" },
      { name: "gateway", ready: true },
      { name: "collector.ssh", ready: false, error: "auth failed for ssh://root:***@nas1" },
      { name: "slow", ready: false, error: "no answer within 20 ms" },
    ]);

    busReady = true;
    const later = await health.readiness();
    expect(later.components.filter((c) => !c.ready).map((c) => c.name)).toEqual(["collector.ssh", "slow"]);
  });

  it("drops a check when it is unregistered and refuses duplicate names", async () => {
    const health = createHealth();
    const unregister = health.register({ name: "bus", ready: () => false });
    expect(() => health.register({ name: "bus", ready: () => true })).toThrow(
      expect.objectContaining({ code: "WW_HEALTH_CHECK_DUPLICATE" }),
    );
    unregister();
    expect((await health.readiness()).ready).toBe(true);
  });

  it("goes not-ready on beginShutdown and not-live on finishShutdown", async () => {
    const health = createHealth();
    health.register({ name: "bus", ready: () => true });
    health.beginShutdown();
    expect(health.phase).toBe("shutting-down");
    expect(await health.readiness()).toMatchObject({ ready: false, shuttingDown: true });
    expect(health.isLive()).toBe(true);
    health.finishShutdown();
    expect(health.phase).toBe("stopped");
    expect(health.isLive()).toBe(false);
  });

  it("drives wirewatch_component_up when given a metrics registry", async () => {
    const metrics = createMetricsRegistry({ collectDefaultMetrics: false });
    const health = createHealth({ metrics });
    const unregister = health.register({ name: "bus", ready: () => true });
    health.register({ name: "exporter", ready: () => false });
    let text = await metrics.metrics();
    expect(text).toContain('wirewatch_component_up{component="bus"} 1');
    expect(text).toContain('wirewatch_component_up{component="exporter"} 0');
    unregister();
    text = await metrics.metrics();
    expect(text).not.toContain('component="bus"');
  });
});
