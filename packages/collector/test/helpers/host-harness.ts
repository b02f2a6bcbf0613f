import { checkPayload, silentLogger } from "@wirewatch/protocol";
import type { Collector } from "../../src/collector.js";
import { createInlineRunner } from "../../src/inline-runner.js";
import { hostConfigSchema } from "../../src/inputs/host/config.js";
import { hostInput } from "../../src/inputs/host/index.js";
import { createScheduler, type Scheduler } from "../../src/scheduler.js";
import type { TaskStatus } from "../../src/task-health.js";
import type { FakeRoot } from "./fake-root.js";
import { createManualClock, type ManualClock } from "./manual-clock.js";
import { createRecordingPublisher, type RecordingPublisher } from "./recording-publisher.js";

/** The host input over a fake root, run through a real scheduler with a recording publisher. */
export interface HostHarness {
  clock: ManualClock;
  publisher: RecordingPublisher;
  scheduler: Scheduler;
  input: Collector;
  /** Runs one schedule (`host.stats`, `host.processes`, `host.storage`) once. */
  run(task: "stats" | "processes" | "storage"): Promise<void>;
  statuses(): TaskStatus[];
  /** Every published event must pass its channel's schema; throws naming the first that does not. */
  assertAllValid(): void;
}

export function createHostHarness(root: FakeRoot, config: Record<string, unknown> = {}): HostHarness {
  const clock = createManualClock();
  const publisher = createRecordingPublisher();
  const scheduler = createScheduler({ publisher, clock, host: "nas1" });
  const input = hostInput.create(hostConfigSchema.parse({ paths: root.paths, ...config }), {
    host: "nas1",
    runner: createInlineRunner({ clock }),
    clock,
    logger: silentLogger,
  });
  scheduler.add(input);
  return {
    clock,
    publisher,
    scheduler,
    input,
    run: (task) => scheduler.runNow(`host.${task}`),
    statuses: () => publisher.data<TaskStatus>("collector.status"),
    assertAllValid() {
      for (const event of publisher.events) {
        const check = checkPayload(event.channel, event.data);
        if (!check.ok) throw new Error(`${event.channel} event fails its schema: ${check.reason}`);
      }
    },
  };
}

/**
 * Adds `deltas` (field index → increment) to the counters of the line whose first three
 * whitespace-separated tokens include `key` (`cpu0`, `eth0:`, `md2`): how the tests build a
 * second sample from a recorded one, with known increments.
 */
export function bump(text: string, key: string, deltas: Record<number, number>): string {
  let found = false;
  const out = text.split("\n").map((line) => {
    const fields = line.trim().split(/\s+/);
    if (!fields.slice(0, 3).includes(key)) return line;
    found = true;
    return fields.map((f, i) => (deltas[i] === undefined ? f : String(Number(f) + deltas[i]))).join(" ");
  });
  if (!found) throw new Error(`no line with ${key}`);
  return out.join("\n");
}
