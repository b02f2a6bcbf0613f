import { existsSync } from "node:fs";
import { availableParallelism } from "node:os";
import { fileURLToPath } from "node:url";
import { Piscina } from "piscina";
import type { Clock } from "./clock.js";
import { CollectorError } from "./errors.js";
import type { TaskOutcome } from "./parse-tasks.js";
import { createTrackedRunner, type ParsePool, type ParseRunner } from "./task-tracker.js";
import type { ParseJob } from "./workers/parse-worker.js";

export interface PoolOptions {
  /** The compiled worker. Default: dist/workers/parse-worker.js beside this module. */
  workerUrl?: URL;
  minThreads?: number;
  /** Default: min(2, available parallelism). Parsing /proc is light; two threads keep up. */
  maxThreads?: number;
  /** Idle threads exit after this long. Default 30 s. */
  idleTimeoutMs?: number;
  clock?: Clock;
}

/** Where the compiled worker lives relative to the compiled pool module. */
export function defaultWorkerUrl(): URL {
  return new URL("./workers/parse-worker.js", import.meta.url);
}

/**
 * A Piscina pool running {@link ParseJob}s in `dist/workers/parse-worker.js`, tracked for the
 * `jobs` view. Prefer {@link getPool} (one pool per process); this factory is for tests.
 * Throws `WW_COLLECTOR_POOL` when the worker file is missing: it exists only after
 * `pnpm --filter @wirewatch/collector build` (running from TypeScript sources, pass a
 * `workerUrl` into a built dist).
 */
export function createParsePool(options: PoolOptions = {}): ParsePool {
  const workerUrl = options.workerUrl ?? defaultWorkerUrl();
  const workerPath = fileURLToPath(workerUrl);
  if (!existsSync(workerPath)) {
    throw new CollectorError(
      "WW_COLLECTOR_POOL",
      `parse worker not found at ${workerPath}; run \`pnpm --filter @wirewatch/collector build\` first`,
    );
  }
  const maxThreads = Math.max(1, options.maxThreads ?? Math.min(2, availableParallelism()));
  const piscina = new Piscina<ParseJob, TaskOutcome>({
    filename: workerUrl.href,
    minThreads: Math.min(options.minThreads ?? 1, maxThreads),
    maxThreads,
    idleTimeout: options.idleTimeoutMs ?? 30_000,
  });
  return createTrackedRunner({
    execute: (name, input, signal) => piscina.run({ name, input }, signal ? { signal } : {}),
    queuedCount: () => piscina.queueSize,
    threads: () => piscina.threads.length,
    close: () => piscina.close({ force: true }),
    ...(options.clock ? { clock: options.clock } : {}),
  });
}

let shared: ParsePool | null = null;

/** The process-wide pool, created on first use; later options are ignored. */
export function getPool(options?: PoolOptions): ParsePool {
  shared ??= createParsePool(options);
  return shared;
}

/** Closes the process-wide pool (graceful shutdown); a later {@link getPool} creates a new one. */
export async function closePool(): Promise<void> {
  const pool = shared;
  shared = null;
  await pool?.close();
}

/** A runner that creates the shared pool only when the first task arrives. */
export const lazyPoolRunner: ParseRunner = {
  runTask: (name, input, options) => getPool().runTask(name, input, options),
};
