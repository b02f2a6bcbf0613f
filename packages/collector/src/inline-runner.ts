import type { Clock } from "@wirewatch/protocol";
import { runParseTask } from "./parse-tasks.js";
import { createTrackedRunner, type ParsePool } from "./task-tracker.js";

/**
 * Runs parse tasks on the calling thread, through the same dispatch table, outcome encoding
 * and structured cloning as the worker pool — for unit tests (no build needed) and for hosts
 * where worker threads are unwanted. Never reports queued tasks.
 */
export function createInlineRunner(options: { clock?: Clock } = {}): ParsePool {
  return createTrackedRunner({
    execute: async (name, input) => {
      await Promise.resolve();
      return structuredClone(runParseTask(name, structuredClone(input)));
    },
    queuedCount: () => 0,
    threads: () => 0,
    close: async () => {},
    ...(options.clock ? { clock: options.clock } : {}),
  });
}
