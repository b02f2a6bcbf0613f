import { checkPayload } from "@wirewatch/protocol";
import { describe, expect, it } from "vitest";
import type { Accumulator } from "../src/collector.js";
import { createScheduler } from "../src/scheduler.js";
import { createManualClock, T0 } from "./helpers/manual-clock.js";
import { polled, setup } from "./helpers/scheduler-setup.js";

describe("scheduler: polling", () => {
  it("gathers every interval and reports ok once, then repeats the status every 10 intervals", async () => {
    const { clock, publisher, scheduler, statuses } = setup();
    let n = 0;
    scheduler.add(polled("probe", async (acc) => acc.emit("custom.probe", { n: ++n })));
    scheduler.start();
    await clock.advance(0);
    expect(publisher.data("custom.probe")).toEqual([{ n: 1 }]);
    expect(statuses()).toEqual([
      {
        input: "probe.main",
        state: "ok",
        last_success: new Date(T0).toISOString(),
        error: null,
        since: new Date(T0).toISOString(),
        consecutive_errors: 0,
        interval_ms: 1000,
      },
    ]);
    await clock.advance(5000);
    expect(publisher.data("custom.probe")).toHaveLength(6);
    expect(statuses()).toHaveLength(1); // no change, no repeat yet
    await clock.advance(5000);
    expect(statuses()).toHaveLength(2); // repeated after 10 intervals
    for (const event of publisher.events) {
      expect(event.host).toBe("nas1");
      expect(checkPayload(event.channel, event.data)).toEqual({ ok: true });
    }
    await scheduler.stop();
    expect(clock.pending()).toBe(0);
  });

  it("backs off exponentially on consecutive errors, capped, and recovers to the interval", async () => {
    const { clock, scheduler, statuses } = setup({ maxBackoffMs: 8000 });
    const attempts: number[] = [];
    let failing = true;
    scheduler.add(
      polled("flaky", async () => {
        attempts.push(clock.now() - T0);
        if (failing) throw new Error("/proc/stat: not found");
      }),
    );
    scheduler.start();
    await clock.advance(0);
    // waits after failure n: 1000 × 2^n capped at 8000 → 2000, 4000, 8000, 8000
    await clock.advance(22_000);
    expect(attempts).toEqual([0, 2000, 6000, 14000, 22000]);
    // one status on the change to error, then the unchanged one repeated at 10 000 and 20 000
    expect(statuses().map((s) => [s.state, s.consecutive_errors])).toEqual([
      ["error", 1],
      ["error", 3],
      ["error", 4],
    ]);
    expect(statuses()[0]).toMatchObject({ error: "/proc/stat: not found", last_success: null });
    failing = false;
    await clock.advance(8000);
    await clock.advance(2000);
    expect(attempts.slice(5)).toEqual([30000, 31000, 32000]);
    expect(statuses().at(-1)).toMatchObject({ state: "ok", error: null, consecutive_errors: 0 });
    await scheduler.stop();
  });

  it("abandons a gather at its deadline, aborts its signal and drops its late events", async () => {
    const { clock, publisher, scheduler, statuses } = setup();
    let seen: AbortSignal | undefined;
    let lateAcc: Accumulator | undefined;
    scheduler.add(
      polled(
        "hung",
        (acc, signal) => {
          seen = signal;
          lateAcc = acc;
          return new Promise(() => {}); // ignores its signal
        },
        { timeoutMs: 500 },
      ),
    );
    scheduler.start();
    await clock.advance(500);
    expect(seen?.aborted).toBe(true);
    expect(seen?.reason).toMatchObject({ code: "WW_COLLECTOR_TIMEOUT" });
    expect(statuses()[0]).toMatchObject({ state: "error", error: "gather did not finish within 500 ms" });
    lateAcc?.emit("custom.late", { x: 1 });
    await clock.advance(0);
    expect(publisher.data("custom.late")).toEqual([]);
    await scheduler.stop();
  });

  it("turns ok into stale when no success comes for 3 intervals", async () => {
    const { clock, scheduler, statuses } = setup();
    let hang = false;
    scheduler.add(
      polled("slow", async () => (hang ? new Promise<void>(() => {}) : undefined), { timeoutMs: 10_000 }),
    );
    scheduler.start();
    await clock.advance(0);
    hang = true;
    await clock.advance(4000); // run at 1000 hangs; heartbeat at 4000 sees 4000 ms > 3 × 1000 without success
    expect(statuses().map((s) => s.state)).toEqual(["ok", "stale"]);
    expect(statuses()[1]?.last_success).toBe(new Date(T0).toISOString());
    await clock.advance(7000); // deadline of the hung run (started at 1000) passes at 11000
    expect(statuses().map((s) => s.state)).toEqual(["ok", "stale", "error"]);
    await scheduler.stop();
  });

  it("reports acc.error and invalid payloads as failures, still publishing the valid events", async () => {
    const { scheduler, publisher, statuses } = setup();
    scheduler.add(
      polled("partial", async (acc) => {
        acc.emit("custom.good", { ok: true });
        acc.emit("system.stats", { cpu_percent: 250 });
      }),
    );
    await scheduler.runNow();
    expect(publisher.data("custom.good")).toEqual([{ ok: true }]);
    expect(publisher.data("system.stats")).toEqual([]);
    expect(statuses()[0]).toMatchObject({ state: "error" });
    expect(statuses()[0]?.error).toMatch(/^system\.stats: data\.cpu_percent: /);
    await scheduler.stop();
  });

  it("adds jitter to every wait from the injected random source", async () => {
    const { clock, scheduler } = setup({ random: () => 0.5 });
    const attempts: number[] = [];
    scheduler.add(polled("jittery", async () => void attempts.push(clock.now() - T0), { jitterMs: 200 }));
    scheduler.start();
    await clock.advance(2300);
    expect(attempts).toEqual([100, 1200, 2300]); // 0 + 100, then 1000 + 100 after each start
    await scheduler.stop();
  });
});

describe("scheduler: publishing failures", () => {
  it("counts a failing bus and keeps sampling", async () => {
    const { clock, publisher, scheduler } = setup();
    scheduler.add(polled("probe", async (acc) => acc.emit("custom.probe", { t: clock.now() })));
    publisher.failNext(3);
    scheduler.start();
    await clock.advance(3000);
    expect(scheduler.stats()).toMatchObject({ failed: 3, failingStreak: 0, lastError: "bus down" });
    expect(publisher.data("custom.probe").length).toBeGreaterThan(0);
    await scheduler.stop();
  });

  it("survives a publisher that throws synchronously", async () => {
    const clock = createManualClock();
    const scheduler = createScheduler({
      publisher: {
        publish: () => {
          throw new Error("not connected");
        },
      },
      clock,
      host: "h",
    });
    scheduler.add(polled("probe", async (acc) => acc.emit("custom.probe", {})));
    await scheduler.runNow();
    expect(scheduler.stats()).toMatchObject({ published: 0, failed: 2, lastError: "not connected" });
    expect(scheduler.status()[0]).toMatchObject({ input: "probe.main", state: "ok" });
    await scheduler.stop();
  });
});
