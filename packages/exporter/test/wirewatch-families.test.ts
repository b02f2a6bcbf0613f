import { type Bus, createMemoryBus } from "@wirewatch/bus";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createExporter, type Exporter, type ExporterOptions } from "../src/index.js";
import {
  alertEvent as alert,
  exporterOnBus,
  sampleLines,
  statsFixture,
  collectorStatusEvent as status,
} from "./helpers.js";

/**
 * wirewatch's own health from the bus: every collector's `collector.status` and every active
 * alert, as `wirewatch_collector_*` and `wirewatch_alert_active` series per host.
 */
let env: Awaited<ReturnType<typeof exporterOnBus>>;
afterEach(async () => env?.close());

const lines = (text: string, prefix: string) => sampleLines(text).filter((l) => l.startsWith(prefix));

describe("wirewatch_collector_*", () => {
  it("reports each input's state, last success and errors, replaced by its next status", async () => {
    env = await exporterOnBus();
    await env.publish(
      status("nas1", { last_success: "2026-12-05T09:00:00.000Z", consecutive_errors: 0, interval_ms: 1000 }),
    );
    await env.publish(status("nas1", { input: "ups", state: "error", error: "connection refused" }));
    let text = env.exporter.render();
    expect(lines(text, "wirewatch_collector_up")).toEqual([
      'wirewatch_collector_up{instance="nas1",input="host.stats"} 1',
      'wirewatch_collector_up{instance="nas1",input="ups"} 0',
    ]);
    expect(lines(text, 'wirewatch_collector_state{instance="nas1",input="ups"')).toEqual([
      'wirewatch_collector_state{instance="nas1",input="ups",state="ok"} 0',
      'wirewatch_collector_state{instance="nas1",input="ups",state="stale"} 0',
      'wirewatch_collector_state{instance="nas1",input="ups",state="error"} 1',
    ]);
    expect(lines(text, "wirewatch_collector_last_success_timestamp_seconds")).toEqual([
      `wirewatch_collector_last_success_timestamp_seconds{instance="nas1",input="host.stats"} ${Date.parse("2026-12-05T09:00:00.000Z") / 1000}`,
    ]);
    expect(text).toContain("# TYPE wirewatch_collector_up gauge\n");

    await env.publish(status("nas1", { state: "stale", consecutive_errors: 0 }));
    text = env.exporter.render();
    expect(lines(text, 'wirewatch_collector_up{instance="nas1",input="host.stats"}')).toEqual([
      'wirewatch_collector_up{instance="nas1",input="host.stats"} 0',
    ]);
    expect(text).toContain('wirewatch_collector_state{instance="nas1",input="host.stats",state="stale"} 1');
  });

  it("ignores a status without an input (no series, no error) and keeps serving the rest", async () => {
    const errors: unknown[] = [];
    env = await exporterOnBus({ onError: (err) => errors.push(err) });
    await env.publish({
      channel: "collector.status",
      host: "nas1",
      data: { input: "", state: "ok" } as never,
    });
    await env.publish(status("nas1", {}));
    expect(lines(env.exporter.render(), "wirewatch_collector_up")).toHaveLength(1);
    expect(errors).toEqual([]);
  });
});

describe("wirewatch_alert_active", () => {
  it("is 1 while an alert fires or is unknown and disappears when it resolves", async () => {
    env = await exporterOnBus();
    await env.publish(alert("firing"));
    const firing =
      'wirewatch_alert_active{instance="nas1",channel="resource.alert",rule="memory",key="",severity="critical",state="firing",acknowledged="false"} 1';
    expect(lines(env.exporter.render(), "wirewatch_alert_active")).toEqual([firing]);
    await env.publish(alert("unknown", { acknowledged: true }));
    expect(lines(env.exporter.render(), "wirewatch_alert_active")).toEqual([
      'wirewatch_alert_active{instance="nas1",channel="resource.alert",rule="memory",key="",severity="critical",state="unknown",acknowledged="true"} 1',
    ]);
    await env.publish(alert("resolved"));
    const text = env.exporter.render();
    expect(lines(text, "wirewatch_alert_active")).toEqual([]);
    expect(text).not.toContain("# TYPE wirewatch_alert_active");
  });

  it("keeps an alert while anything of its host reports, and drops it with the host", async () => {
    let now = 1_000_000;
    env = await exporterOnBus({ nowMs: () => now, staleAfterMs: 60_000 });
    await env.publish(statsFixture());
    await env.publish(alert("firing"));
    for (let i = 0; i < 3; i++) {
      now += 50_000; // past staleAfterMs since the alert, but the host keeps sending stats
      await env.publish(statsFixture());
      expect(lines(env.exporter.render(), "wirewatch_alert_active")).toHaveLength(1);
    }
    now += 61_000; // the host went silent
    const text = env.exporter.render();
    expect(lines(text, "wirewatch_alert_active")).toEqual([]);
    expect(lines(text, "node_load1")).toEqual([]);
  });

  it("keeps an alert of a host whose only beat is its collector's repeated status", async () => {
    let now = 1_000_000;
    env = await exporterOnBus({ nowMs: () => now, staleAfterMs: 60_000 });
    await env.publish({ ...alert("unknown"), host: "ups-box" });
    for (let i = 0; i < 4; i++) {
      await env.publish(status("ups-box", { input: "ups", state: "stale", interval_ms: 5000 }));
      now += 50_000;
      expect(lines(env.exporter.render(), "wirewatch_alert_active")).toHaveLength(1);
    }
  });

  it("keeps a collector status 25 of its input's intervals (at least staleAfterMs), whatever else its host sends", async () => {
    let now = 1_000_000;
    env = await exporterOnBus({ nowMs: () => now, staleAfterMs: 60_000 });
    await env.publish(status("nas1", { input: "smart", interval_ms: 10_000 })); // repeated every 100 s
    await env.publish(status("nas1", { input: "host.stats", interval_ms: 1000 })); // every 10 s
    for (let i = 0; i < 4; i++) {
      now += 60_000;
      await env.publish(statsFixture());
      const up = lines(env.exporter.render(), "wirewatch_collector_up");
      // host.stats lives max(60 s, 25 s); smart max(60 s, 250 s): a slow input does not flicker.
      expect(up).toEqual(
        i === 0
          ? [
              'wirewatch_collector_up{instance="nas1",input="smart"} 1',
              'wirewatch_collector_up{instance="nas1",input="host.stats"} 1',
            ]
          : ['wirewatch_collector_up{instance="nas1",input="smart"} 1'],
      );
    }
    now += 60_000; // 300 s after smart's last status: an input removed from the config goes away
    await env.publish(statsFixture());
    expect(lines(env.exporter.render(), "wirewatch_collector_up")).toEqual([]);
  });

  it("a status of a host that sends nothing else ages on its own", async () => {
    let now = 1_000_000;
    env = await exporterOnBus({ nowMs: () => now, staleAfterMs: 60_000 });
    await env.publish(status("ups-box", { input: "ups", state: "error" }));
    now += 30_000;
    expect(lines(env.exporter.render(), "wirewatch_collector_up")).toHaveLength(1);
    now += 31_000;
    expect(lines(env.exporter.render(), "wirewatch_collector_up")).toEqual([]);
  });
});

describe("history at start", () => {
  /** A real MemoryBus per test (the history's source) and the exporters made on it, closed after. */
  let bus: Bus;
  const exporters: Exporter[] = [];
  const exporterOn = (options: ExporterOptions) => {
    const exporter = createExporter(options);
    exporters.push(exporter);
    return exporter;
  };
  beforeEach(() => {
    bus = createMemoryBus({});
  });
  afterEach(async () => {
    for (const exporter of exporters.splice(0)) exporter.close();
    await bus.close();
  });

  it("a restarted exporter shows the alert firing now and the collectors' last statuses, not resolved ones", async () => {
    await bus.publish(alert("firing"));
    await bus.publish(alert("firing", { alert_id: "cpu:nas1:-", rule: "cpu", resource: "cpu" }));
    await bus.publish(alert("resolved", { alert_id: "cpu:nas1:-", rule: "cpu", resource: "cpu" }));
    await bus.publish(status("nas1", { state: "error" }));
    await bus.publish(status("nas1", { state: "ok" }));
    const exporter = exporterOn({ bus });
    expect(await exporter.subscribed).toBe(true);
    const text = exporter.render();
    expect(lines(text, "wirewatch_alert_active")).toEqual([
      'wirewatch_alert_active{instance="nas1",channel="resource.alert",rule="memory",key="",severity="critical",state="firing",acknowledged="false"} 1',
    ]);
    expect(lines(text, "wirewatch_collector_up")).toEqual([
      'wirewatch_collector_up{instance="nas1",input="host.stats"} 1',
    ]);
  });

  it("an alert that has been firing for longer than staleAfterMs survives a restart until its host reports", async () => {
    const firedAt = new Date(Date.now() - 3_600_000).toISOString();
    await bus.publish({ ...alert("firing"), timestamp: firedAt });
    const exporter = exporterOn({ bus, staleAfterMs: 60_000 });
    expect(await exporter.subscribed).toBe(true);
    expect(lines(exporter.render(), "wirewatch_alert_active")).toHaveLength(1);
  });

  it("a history that cannot be read is reported and the live stream still fills in", async () => {
    const failures: string[] = [];
    const exporter = exporterOn({
      bus: {
        subscribe: (channel, handler) => bus.subscribe(channel, handler),
        history: (channel) => Promise.reject(new Error(`no history for ${channel}`)),
      },
      onHistoryError: (err, channel) => failures.push(`${channel}: ${(err as Error).message}`),
    });
    expect(await exporter.subscribed).toBe(true);
    expect(failures).toContain("resource.alert: no history for resource.alert");
    await bus.publish(alert("firing"));
    await new Promise((resolve) => setImmediate(resolve));
    expect(lines(exporter.render(), "wirewatch_alert_active")).toHaveLength(1);
  });
  it("a live event that arrives while the history is read wins over the older replayed one", async () => {
    await bus.publish(alert("firing"));
    let release!: () => void;
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    let historyRead!: () => void;
    const read = new Promise<void>((resolve) => {
      historyRead = resolve;
    });
    const exporter = exporterOn({
      bus: {
        subscribe: (channel, handler) => bus.subscribe(channel, handler),
        history: async (channel) => {
          const result = await bus.history(channel);
          if (channel === "resource.alert") historyRead();
          await gate; // the firing event was read; the resolution arrives live meanwhile
          return result;
        },
      },
    });
    await read;
    await bus.publish(alert("resolved"));
    await new Promise((resolve) => setImmediate(resolve));
    release();
    expect(await exporter.subscribed).toBe(true);
    expect(lines(exporter.render(), "wirewatch_alert_active")).toEqual([]);
  });

  it("a history that could not be read at start is read again until it is", async () => {
    const failures: string[] = [];
    await bus.publish(alert("firing"));
    let calls = 0;
    const exporter = exporterOn({
      bus: {
        subscribe: (channel, handler) => bus.subscribe(channel, handler),
        history: (channel) => (++calls <= 5 ? Promise.reject(new Error("bus down")) : bus.history(channel)),
      },
      onHistoryError: (_err, channel) => failures.push(channel),
    });
    expect(await exporter.subscribed).toBe(true);
    expect(lines(exporter.render(), "wirewatch_alert_active")).toEqual([]);
    expect(failures).toHaveLength(5); // each channel reported once
    for (let i = 0; i < 100 && lines(exporter.render(), "wirewatch_alert_active").length === 0; i++) {
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect(lines(exporter.render(), "wirewatch_alert_active")).toHaveLength(1);
    expect(failures).toHaveLength(5);
  });
});
