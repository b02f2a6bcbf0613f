import type { Collector, GatherTask } from "../../src/collector.js";
import { createScheduler } from "../../src/scheduler.js";
import type { TaskStatus } from "../../src/task-health.js";
import { createManualClock } from "./manual-clock.js";
import { createRecordingPublisher } from "./recording-publisher.js";

/** A one-schedule input named `name` (its schedule is `<name>.main`, every second). */
export function polled(
  name: string,
  gather: GatherTask["gather"],
  extra: Partial<GatherTask> = {},
): Collector {
  return {
    name,
    tasks: [{ name: "main", intervalMs: 1000, gather, ...extra }],
    close: async () => {},
  };
}

/** A scheduler for host `nas1` on a hand-driven clock, publishing into a recording publisher. */
export function setup(options: { random?: () => number; maxBackoffMs?: number } = {}) {
  const clock = createManualClock();
  const publisher = createRecordingPublisher();
  const scheduler = createScheduler({ publisher, clock, host: "nas1", ...options });
  const statuses = () => publisher.data<TaskStatus>("collector.status");
  return { clock, publisher, scheduler, statuses };
}
