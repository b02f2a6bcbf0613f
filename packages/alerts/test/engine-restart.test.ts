import { afterEach, describe, expect, it } from "vitest";
import type { AlertState } from "../src/alert-state.js";
import { createMemoryStateStore, type MemoryStateStore } from "../src/memory-state-store.js";
import { observingPublisher } from "../src/observing-publisher.js";
import type { RuleEntry } from "../src/rule.js";
import type { Silence } from "../src/silences.js";
import type { AlertStateStore } from "../src/state-store.js";
import { type EngineHarness, startEngine } from "./helpers/engine-harness.js";
import { createManualClock } from "./helpers/manual-clock.js";
import { stats } from "./helpers/samples.js";

const cpu: RuleEntry = {
  name: "cpu",
  channel: "system.stats",
  field: "cpu_percent",
  op: ">",
  warning: 90,
  critical: 95,
  unit: "%",
  subject: "CPU usage",
};

const harnesses: EngineHarness[] = [];
const track = (h: EngineHarness) => {
  harnesses.push(h);
  return h;
};
afterEach(async () => {
  for (const h of harnesses.splice(0)) await h.engine.close();
});

/** A store whose writes (or loads) fail while `down` is true, like Redis during an outage. */
function flakyStore(inner: MemoryStateStore): AlertStateStore & { down: boolean; loads: number } {
  const store = {
    kind: "redis" as const,
    down: false,
    loads: 0,
    async load() {
      store.loads += 1;
      if (store.down) throw new Error("ECONNREFUSED");
      return inner.load();
    },
    async saveAlert(state: AlertState) {
      if (store.down) throw new Error("ECONNREFUSED");
      return inner.saveAlert(state);
    },
    async deleteAlert(id: string) {
      if (store.down) throw new Error("ECONNREFUSED");
      return inner.deleteAlert(id);
    },
    async saveSilence(silence: Silence) {
      if (store.down) throw new Error("ECONNREFUSED");
      return inner.saveSilence(silence);
    },
    async deleteSilence(id: string) {
      if (store.down) throw new Error("ECONNREFUSED");
      return inner.deleteSilence(id);
    },
    close: async () => {},
  };
  return store;
}

describe("restarts (same store, new engine)", () => {
  it("a firing alert survives: no second alert while true, one recovery from the first fresh sample", async () => {
    const first = track(await startEngine({ rules: [cpu] }));
    await first.sample("system.stats", stats(93));
    expect((first.store as MemoryStateStore).alerts.size).toBe(1);
    const second = track(await first.restart());
    expect(second.engine.list().alerts).toEqual([
      expect.objectContaining({ state: "firing", severity: "warning", value: 93 }),
    ]);
    await second.sample("system.stats", stats(94));
    await second.sample("system.stats", stats(92));
    expect(second.alertLog()).toEqual(["firing:warning:fired"]);
    await second.sample("system.stats", stats(30));
    await second.sample("system.stats", stats(30));
    expect(second.alertLog()).toEqual(["firing:warning:fired", "resolved:warning:resolved"]);
    expect((second.store as MemoryStateStore).alerts.size).toBe(0);
  });

  it("a severity change across the restart is an escalation, not a new alert", async () => {
    const first = track(await startEngine({ rules: [cpu] }));
    await first.sample("system.stats", stats(93));
    const second = track(await first.restart());
    await second.sample("system.stats", stats(99));
    expect(second.alertLog()).toEqual(["firing:warning:fired", "firing:critical:escalated"]);
  });

  it("an unknown alert and an acknowledgement survive too", async () => {
    const first = track(await startEngine({ rules: [cpu] }));
    await first.sample("system.stats", stats(93));
    await first.engine.ack(first.engine.list().alerts[0]?.alert_id ?? "", "admin");
    await first.sample("collector.status", {
      input: "host.stats",
      state: "stale",
      last_success: null,
      error: null,
    });
    const second = track(await first.restart());
    expect(second.engine.list().alerts[0]).toMatchObject({
      state: "unknown",
      acknowledged: true,
      acknowledged_by: "admin",
    });
    await second.sample("system.stats", stats(10));
    expect(second.alertLog().at(-1)).toBe("resolved:warning:resolved");
  });

  it("silences survive; one that expired while the process was down ends at load and the channel catches up", async () => {
    const clock = createManualClock();
    const first = track(await startEngine({ rules: [cpu], clock }));
    await first.engine.silence({ rule: "cpu", durationMs: 60_000, reason: "x", by: "admin" });
    await first.sample("system.stats", stats(93));
    expect(first.alertLog()).toEqual([]);
    await first.engine.close();
    await clock.advance(120_000);
    const second = track(await first.restart());
    await second.engine.flush();
    expect(second.engine.list().silences).toEqual([]);
    expect(second.alertLog()).toEqual(["firing:warning:catch_up"]);
  });

  it("an alert whose rule was removed from the configuration is dropped with a log line", async () => {
    const first = track(await startEngine({ rules: [cpu] }));
    await first.sample("system.stats", stats(93));
    const second = track(await first.restart({ rules: [{ ...cpu, name: "cpu2" }] }));
    await second.engine.flush();
    expect(second.engine.list().alerts).toEqual([]);
    expect(String(second.publisher.logs().at(-1)?.text)).toMatch(
      /rule 'cpu' dropped: the rule is no longer configured/,
    );
    expect((second.store as MemoryStateStore).alerts.size).toBe(0);
  });

  it("skips unreadable records", async () => {
    const store = createMemoryStateStore();
    (store.alerts as Map<string, string>).set("bad", "{not json");
    const h = track(await startEngine({ rules: [cpu], store }));
    expect(h.engine.ready()).toBe(true);
    expect(h.engine.list().alerts).toEqual([]);
  });
});

describe("failures: the bus and the store", () => {
  it("an alert event the bus refused is published on the next sample, once", async () => {
    const h = track(await startEngine({ rules: [cpu] }));
    h.publisher.failAll(true);
    await h.sample("system.stats", stats(93));
    expect(h.alertLog()).toEqual([]);
    h.publisher.failAll(false);
    await h.sample("system.stats", stats(93));
    await h.sample("system.stats", stats(93));
    expect(h.alertLog()).toEqual(["firing:warning:catch_up"]);
    h.publisher.failAll(true);
    await h.sample("system.stats", stats(20));
    h.publisher.failAll(false);
    await h.sample("system.stats", stats(20));
    expect(h.alertLog()).toEqual(["firing:warning:catch_up", "resolved:warning:catch_up"]);
  });

  it("store writes that fail are retried until they succeed", async () => {
    const inner = createMemoryStateStore();
    const store = flakyStore(inner);
    const h = track(await startEngine({ rules: [cpu], store }));
    store.down = true;
    await h.sample("system.stats", stats(93));
    expect(inner.alerts.size).toBe(0);
    await h.at(5);
    expect(inner.alerts.size).toBe(0);
    store.down = false;
    await h.at(6);
    expect(inner.alerts.size).toBe(1);
    expect(h.alertLog()).toEqual(["firing:warning:fired"]);
  });

  it("start waits for the store, retrying, and ignores samples until the state is loaded", async () => {
    const inner = createMemoryStateStore();
    const seeded = track(await startEngine({ rules: [cpu], store: inner }));
    await seeded.sample("system.stats", stats(93));
    const store = flakyStore(inner);
    store.down = true;
    const clock = createManualClock();
    const h = track(await startEngine({ rules: [cpu], store, clock, start: false }));
    const started = h.engine.start();
    await clock.advance(3_000);
    expect(h.engine.ready()).toBe(false);
    await h.sample("system.stats", stats(10));
    store.down = false;
    await clock.advance(1_000);
    await started;
    expect(store.loads).toBeGreaterThanOrEqual(4);
    expect(h.engine.list().alerts).toHaveLength(1);
    await h.sample("system.stats", stats(10));
    expect(h.alertLog().filter((a) => a.startsWith("resolved"))).toEqual(["resolved:warning:resolved"]);
  });
});

describe("observingPublisher", () => {
  it("publishes each draft, then has the engine observe it, even when the bus refuses it", async () => {
    const h = track(await startEngine({ rules: [cpu] }));
    const seen: string[] = [];
    const bus = {
      async publish(draft: { channel: string }) {
        seen.push(`bus ${draft.channel}`);
        if (draft.channel === "system.stats" && seen.length > 1) throw new Error("bus down");
      },
    };
    const publisher = observingPublisher(bus, {
      observe(event) {
        seen.push(`engine ${event.channel}`);
        h.engine.observe(event);
      },
    });
    await publisher.publish({ channel: "system.stats", host: "nas1", data: stats(50) });
    await expect(
      publisher.publish({ channel: "system.stats", host: "nas1", data: stats(99) }),
    ).rejects.toThrow("bus down");
    await h.engine.flush();
    expect(seen).toEqual([
      "bus system.stats",
      "engine system.stats",
      "bus system.stats",
      "engine system.stats",
    ]);
    expect(h.alertLog()).toEqual(["firing:critical:fired"]);
  });
});
