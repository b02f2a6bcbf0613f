import { runParseTask, type TaskOutcome } from "../parse-tasks.js";

/** A message posted to the pool: which parse task, and its input. */
export interface ParseJob {
  name: string;
  input: unknown;
}

/**
 * The Piscina worker (compiled to dist/workers/parse-worker.js). Dispatches by task name to the
 * pure parsers of {@link runParseTask}; returns an outcome instead of throwing so error codes and
 * file names survive the thread boundary.
 */
export default function parseWorker(job: ParseJob): TaskOutcome {
  return runParseTask(job.name, job.input);
}
