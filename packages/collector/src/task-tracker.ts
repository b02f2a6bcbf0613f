import { type Clock, errorText, systemClock } from "@wirewatch/protocol";
import { describeInput } from "./describe-input.js";
import { CollectorError, deserializeError } from "./errors.js";
import type { ParseTaskName, TaskInput, TaskOutcome, TaskOutput } from "./parse-tasks.js";

export interface RunTaskOptions {
  /** Aborts the task (a queued task is dropped; a running one is abandoned). */
  signal?: AbortSignal;
  /** What the `jobs` view shows as the input; default: a summary of the files it carries. */
  summary?: string;
}

/** What inputs need from the pool: run a named parse task. */
export interface ParseRunner {
  runTask<N extends ParseTaskName>(
    name: N,
    input: TaskInput<N>,
    options?: RunTaskOptions,
  ): Promise<TaskOutput<N>>;
}

export interface TrackedTask {
  id: number;
  name: string;
  state: "running" | "queued";
  /** Summary of the input (file names and sizes). */
  input: string;
  submitted_at: string;
}

export interface PoolSnapshot {
  running: number;
  queued: number;
  /** Tasks finished (ok or failed) since the pool started. */
  completed: number;
  failed: number;
  threads: number;
  /** In-flight tasks, oldest first. */
  tasks: TrackedTask[];
}

/** A runner that knows what it is doing: the shape of the process-wide pool. */
export interface ParsePool extends ParseRunner {
  snapshot(): PoolSnapshot;
  /** Called synchronously whenever a task is submitted or settles; returns an unsubscribe. */
  onChange(listener: () => void): () => void;
  close(): Promise<void>;
}

export interface TrackedRunnerOptions {
  execute(name: string, input: unknown, signal: AbortSignal | undefined): Promise<TaskOutcome>;
  /** Tasks waiting for a thread right now. */
  queuedCount(): number;
  threads(): number;
  close(): Promise<void>;
  clock?: Clock;
}

/** An executor rejection (pool crash, abort) as an outcome; an abort keeps the deadline's text. */
function executorFailure(name: string, err: unknown, signal: AbortSignal | undefined): TaskOutcome {
  if (signal?.aborted)
    return { ok: false, error: { code: "WW_COLLECTOR_TIMEOUT", message: errorText(signal.reason) } };
  return {
    ok: false,
    error: { code: "WW_COLLECTOR_POOL", message: `parse task ${name} failed: ${errorText(err)}` },
  };
}

/**
 * Wraps an executor (Piscina, or the in-process runner) with bookkeeping: in-flight tasks with
 * their names and input summaries, completion counters, change notifications, and the
 * conversion of error outcomes back into {@link CollectorError}s with their codes.
 *
 * Running vs queued: the executor reports only how many tasks wait; since tasks start in
 * submission order, the oldest `inFlight − queued` tasks are taken to be the running ones.
 */
export function createTrackedRunner(options: TrackedRunnerOptions): ParsePool {
  const clock = options.clock ?? systemClock;
  // The input summary is made only when a snapshot lists the task (most finish unseen).
  const inFlight = new Map<number, Omit<TrackedTask, "state" | "input"> & { describe: () => string }>();
  const listeners = new Set<() => void>();
  let nextId = 1;
  let completed = 0;
  let failed = 0;
  let closed = false;
  const notify = (): void => {
    for (const listener of listeners) listener();
  };

  return {
    async runTask(name, input, runOptions = {}) {
      if (closed) throw new CollectorError("WW_COLLECTOR_POOL", "the parse pool is closed");
      const id = nextId++;
      const { summary } = runOptions;
      const describe = summary === undefined ? () => describeInput(input) : () => summary;
      inFlight.set(id, { id, name, describe, submitted_at: new Date(clock.now()).toISOString() });
      notify();
      let outcome: TaskOutcome;
      try {
        outcome = await options.execute(name, input, runOptions.signal);
      } catch (err) {
        outcome = executorFailure(name, err, runOptions.signal);
      } finally {
        inFlight.delete(id);
      }
      completed += 1;
      if (!outcome.ok) failed += 1;
      notify();
      if (!outcome.ok) throw deserializeError(outcome.error);
      return outcome.value as TaskOutput<typeof name>;
    },
    snapshot() {
      const tasks = [...inFlight.values()].sort((a, b) => a.id - b.id);
      const queued = Math.min(options.queuedCount(), tasks.length);
      const running = tasks.length - queued;
      return {
        running,
        queued,
        completed,
        failed,
        threads: options.threads(),
        tasks: tasks.map((task, i) => ({
          id: task.id,
          name: task.name,
          input: task.describe(),
          submitted_at: task.submitted_at,
          state: i < running ? "running" : "queued",
        })),
      };
    },
    onChange(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    async close() {
      if (closed) return;
      closed = true;
      await options.close();
    },
  };
}
