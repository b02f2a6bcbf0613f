import { describe, expect, it } from "vitest";
import type { TaskOutcome } from "../src/parse-tasks.js";
import { createPoolStatusReporter, type QueueUpdate } from "../src/pool-status.js";
import { createTrackedRunner } from "../src/task-tracker.js";
import { createManualClock, T0 } from "./helpers/manual-clock.js";
import { createRecordingPublisher } from "./helpers/recording-publisher.js";

/** A tracked runner over an executor the test completes by hand, with a settable queue length. */
function controllablePool(clock: ReturnType<typeof createManualClock>) {
  const waiting: ((outcome: TaskOutcome) => void)[] = [];
  let queued = 0;
  const pool = createTrackedRunner({
    execute: () => new Promise<TaskOutcome>((resolve) => waiting.push(resolve)),
    queuedCount: () => queued,
    threads: () => 2,
    close: async () => {},
    clock,
  });
  return {
    pool,
    setQueued: (n: number) => {
      queued = n;
    },
    finishOldest: () => waiting.shift()?.({ ok: true, value: null }),
  };
}

const stats = (path: string) => ({ stat: { path, text: "cpu 1 2 3 4" } });

describe("pool status on the jobs channel", () => {
  it("reports a backlog as NZB Flow queue-updates, sampled at most once a second", async () => {
    const clock = createManualClock();
    const publisher = createRecordingPublisher();
    const { pool, setQueued, finishOldest } = controllablePool(clock);
    const reporter = createPoolStatusReporter({ pool, publisher, host: "nas1", clock });
    await clock.advance(0);
    const updates = () => publisher.data<QueueUpdate>("jobs");
    expect(updates()).toEqual([
      {
        type: "queue-update",
        queue: "collector.parse",
        active: true,
        running: 0,
        queued: 0,
        threads: 2,
        completed: 0,
        failed: 0,
        tasks: [],
        tasks_truncated: false,
      },
    ]);

    const done = [1, 2, 3].map((i) => pool.runTask("host.stats", stats(`/proc/${i}/stat`) as never));
    setQueued(1); // three in flight, one waiting for a thread
    await clock.advance(100); // looked at 100 ms after the change (and ≥ 1 s after the last update)
    expect(updates()).toHaveLength(1);
    await clock.advance(900);
    expect(updates()).toHaveLength(2);
    expect(updates()[1]).toMatchObject({ running: 2, queued: 1 });
    expect(updates()[1]?.tasks).toEqual([
      {
        id: 1,
        name: "host.stats",
        state: "running",
        input: "1 file, 11 B: /proc/1/stat",
        submitted_at: new Date(T0).toISOString(),
      },
      {
        id: 2,
        name: "host.stats",
        state: "running",
        input: "1 file, 11 B: /proc/2/stat",
        submitted_at: new Date(T0).toISOString(),
      },
      {
        id: 3,
        name: "host.stats",
        state: "queued",
        input: "1 file, 11 B: /proc/3/stat",
        submitted_at: new Date(T0).toISOString(),
      },
    ]);

    setQueued(0);
    finishOldest();
    finishOldest();
    finishOldest();
    await Promise.all(done);
    await clock.advance(1000);
    expect(updates()).toHaveLength(3);
    expect(updates()[2]).toMatchObject({ running: 0, queued: 0, completed: 3, tasks: [] });
    expect(publisher.events.every((e) => e.channel === "jobs" && e.host === "nas1")).toBe(true);
    reporter.stop();
    expect(clock.pending()).toBe(0);
  });

  it("stays quiet for tasks that finish before they are looked at", async () => {
    const clock = createManualClock();
    const publisher = createRecordingPublisher();
    const { pool, finishOldest } = controllablePool(clock);
    const reporter = createPoolStatusReporter({ pool, publisher, host: "nas1", clock });
    for (let i = 0; i < 5; i++) {
      const done = pool.runTask("parseStat", "cpu 1 2 3 4");
      finishOldest();
      await done;
      await clock.advance(1000);
    }
    expect(publisher.data("jobs")).toHaveLength(1); // the initial idle state only
    reporter.stop();
  });
});
