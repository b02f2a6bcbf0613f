import { silentLogger } from "@wirewatch/protocol";
import { describe, expect, it } from "vitest";
import { createPublishSink } from "../src/publish-sink.js";
import type { RunnerContext } from "../src/runner-context.js";
import { createTaskRunner } from "../src/task-runner.js";
import { T0 } from "./helpers/manual-clock.js";
import { polled, setup } from "./helpers/scheduler-setup.js";

describe("scheduler: inputs", () => {
  it("runs a single-gather input under its own name and each task of a multi-task input", async () => {
    const { scheduler, publisher } = setup();
    const closed: string[] = [];
    scheduler.add({
      name: "ups",
      intervalMs: 5000,
      gather: async (acc) => acc.emit("custom.ups", {}),
      close: async () => void closed.push("ups"),
    });
    scheduler.add({
      name: "host",
      tasks: [
        { name: "a", intervalMs: 1000, gather: async (acc) => acc.emit("custom.a", {}) },
        { name: "b", intervalMs: 3000, gather: async () => Promise.reject(new Error("b broke")) },
      ],
      close: async () => void closed.push("host"),
    });
    await scheduler.runNow("host.a");
    expect(publisher.events.map((e) => e.channel)).toEqual(["custom.a", "collector.status"]);
    await scheduler.runNow();
    expect(scheduler.status().map((s) => [s.input, s.state, s.interval_ms])).toEqual([
      ["ups", "ok", 5000],
      ["host.a", "ok", 1000],
      ["host.b", "error", 3000],
    ]);
    await scheduler.stop();
    expect(closed).toEqual(["ups", "host"]);
  });

  it("emits for another host when the input says so", async () => {
    const { scheduler, publisher } = setup();
    scheduler.add(
      polled("ssh", async (acc) => acc.emit("custom.remote", {}, { host: "web1", timestamp: 0 })),
    );
    await scheduler.runNow();
    expect(publisher.events[0]).toEqual({
      channel: "custom.remote",
      host: "web1",
      timestamp: "1970-01-01T00:00:00.000Z",
      data: {},
    });
    await scheduler.stop();
  });

  it("gives a schedule that names its host that host for its events and its collector.status", async () => {
    const { scheduler, publisher } = setup();
    scheduler.add({
      name: "ssh",
      tasks: [
        { name: "web1", host: "web1", intervalMs: 1000, gather: async (acc) => acc.emit("custom.r", {}) },
        { name: "local", intervalMs: 1000, gather: async (acc) => acc.emit("custom.r", {}) },
      ],
      close: async () => {},
    });
    await scheduler.runNow();
    expect(publisher.events.map((e) => [e.channel, e.host])).toEqual([
      ["custom.r", "web1"],
      ["collector.status", "web1"],
      ["custom.r", "nas1"],
      ["collector.status", "nas1"],
    ]);
    await scheduler.stop();
  });

  it("restarts an event stream with backoff and aborts it on stop", async () => {
    const { clock, scheduler, publisher, statuses } = setup();
    const starts: number[] = [];
    let lastSignal: AbortSignal | undefined;
    scheduler.add({
      name: "docker",
      start: async (acc, signal) => {
        starts.push(clock.now() - T0);
        lastSignal = signal;
        acc.emit("custom.event", { n: starts.length });
        if (starts.length < 3) throw new Error("connection reset");
        await new Promise<void>((resolve) => signal.addEventListener("abort", () => resolve()));
      },
      close: async () => {},
    });
    scheduler.start();
    await clock.advance(10_000);
    // restart delays 1000 × 2^1 after the first failure, × 2^1 again (an emit resets the count)
    expect(starts).toEqual([0, 2000, 4000]);
    expect(publisher.data("custom.event")).toHaveLength(3);
    expect(statuses().map((s) => s.state)).toEqual(["ok", "error", "ok", "error", "ok"]);
    expect(statuses()[1]).toMatchObject({ input: "docker", error: "connection reset", interval_ms: null });
    await scheduler.stop();
    expect(lastSignal?.aborted).toBe(true);
  });
});

describe("scheduler: lifecycle", () => {
  it("starts each schedule once, even when start() is called again mid-run, and refuses inputs after stop", async () => {
    const { clock, publisher } = setup();
    const ctx: RunnerContext = {
      host: "nas1",
      clock,
      random: () => 0,
      logger: silentLogger,
      sink: createPublishSink(publisher, silentLogger),
      validate: true,
      staleAfterIntervals: 3,
      statusEveryIntervals: 10,
      maxBackoffMs: 60_000,
    };
    const attempts: number[] = [];
    let release: () => void = () => {};
    const firstRun = new Promise<void>((resolve) => {
      release = resolve;
    });
    const runner = createTaskRunner(ctx, "once.main", {
      name: "main",
      intervalMs: 1000,
      gather: async () => {
        attempts.push(clock.now() - T0);
        if (attempts.length === 1) await firstRun;
      },
    });
    runner.start();
    await clock.advance(0); // first run in flight: no timer is armed at this moment
    runner.start();
    release();
    await clock.advance(3000);
    expect(attempts).toEqual([0, 1000, 2000, 3000]); // one loop, not two
    await runner.stop();
    expect(clock.pending()).toBe(0);
  });

  it("refuses inputs after stop", async () => {
    const { scheduler } = setup();
    await scheduler.stop();
    expect(() => scheduler.add(polled("late", async () => {}))).toThrow(
      expect.objectContaining({ code: "WW_COLLECTOR_STOPPED" }),
    );
  });
});
