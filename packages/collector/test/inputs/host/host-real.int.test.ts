import {
  checkPayload,
  type DraftEvent,
  type HostProcesses,
  type HostStats,
  type HostStorage,
} from "@wirewatch/protocol";
import { afterAll, describe, expect, it } from "vitest";
import { createParsePool } from "../../../src/pool.js";
import { createPoolStatusReporter } from "../../../src/pool-status.js";
import { createInputs } from "../../../src/registry.js";
import { createScheduler } from "../../../src/scheduler.js";
import type { TaskStatus } from "../../../src/task-health.js";
import "../../../src/index.js";
import { requireBuiltWorker } from "../../helpers/built-worker.js";

const pool = createParsePool({ workerUrl: requireBuiltWorker() });
afterAll(() => pool.close());

describe("host input on this machine's /proc, through the worker pool", () => {
  it("produces valid system.stats, system.processes, storage.status and collector.status events", async () => {
    const events: DraftEvent[] = [];
    const publisher = { publish: async (draft: DraftEvent) => void events.push(draft) };
    const scheduler = createScheduler({ publisher, host: "itest" });
    const reporter = createPoolStatusReporter({ pool, publisher, host: "itest" });
    for (const input of createInputs({ host: {} }, { host: "itest", runner: pool })) scheduler.add(input);

    await scheduler.runNow();
    await new Promise((resolve) => setTimeout(resolve, 250)); // a real window for the rates
    await scheduler.runNow();
    reporter.stop();
    await scheduler.stop();

    for (const event of events) {
      expect(checkPayload(event.channel, event.data), `${event.channel}`).toEqual({ ok: true });
      expect(event.host).toBe("itest");
    }
    const statuses = events.filter((e) => e.channel === "collector.status").map((e) => e.data as TaskStatus);
    expect(statuses.map((s) => [s.input, s.state, s.error])).toEqual([
      ["host.stats", "ok", null],
      ["host.processes", "ok", null],
      ["host.storage", "ok", null],
    ]);

    const stats = events.filter((e) => e.channel === "system.stats").map((e) => e.data as HostStats);
    expect(stats).toHaveLength(2);
    expect(stats[1]?.rate_window_s).toBeGreaterThan(0);
    expect(stats[1]?.memory_total).toBeGreaterThan(0);
    expect(stats[1]?.cpu_per_core.length).toBe(stats[1]?.cpu_count);
    expect(stats[1]?.counters.cpu.length).toBe(stats[1]?.cpu_count);

    const processes = events
      .filter((e) => e.channel === "system.processes")
      .map((e) => e.data as HostProcesses);
    expect(processes[1]?.total).toBeGreaterThan(0);
    const rss = processes[1]?.by_memory.map((p) => p.rss_bytes) ?? [];
    expect(rss.length).toBe(Math.min(10, processes[1]?.total ?? 0));
    expect([...rss].sort((a, b) => b - a)).toEqual(rss);

    const storage = events.filter((e) => e.channel === "storage.status").map((e) => e.data as HostStorage);
    expect(storage[0]?.disks.some((d) => d.mountpoint === "/")).toBe(true);
    expect(events.some((e) => e.channel === "jobs")).toBe(true);
  });
});
