import { existsSync } from "node:fs";
import { createRequire } from "node:module";
import { availableParallelism } from "node:os";
import { fileURLToPath } from "node:url";
import type { Clock } from "@wirewatch/protocol";
import type { Piscina } from "piscina";
import { measureInput } from "./describe-input.js";
import { CollectorError } from "./errors.js";
import { runParseTask, type TaskOutcome } from "./parse-tasks.js";
import { createTrackedRunner, type ParsePool, type ParseRunner } from "./task-tracker.js";
import type { ParseJob } from "./workers/parse-worker.js";

/**
 * {@link getPool}'s `inlineMaxBytes`: inputs up to 256 KiB of file text are parsed on the
 * calling thread. Measured on a 2-core EPYC VM (Node 20, parsers warm): `host.processes` parses
 * ~160 B/µs (105 processes, 158 KiB: 1 ms), `host.stats` ~35 B/µs (4 KiB: 0.13 ms), so the
 * largest inline parse blocks the event loop for about as long as one slice of synchronous
 * reads (MAX_SYNC_MS, 2 ms) — and saves the structured clone, the message round trip, the
 * thread wake-up and the ~8-10 MB of a worker isolate kept alive for it.
 */
export const DEFAULT_INLINE_MAX_BYTES = 256 * 1024;

export interface PoolOptions {
  /** The compiled worker. Default: dist/workers/parse-worker.js beside this module. */
  workerUrl?: URL;
  /** Threads kept alive while idle. Default 0: no worker exists until a task needs one. */
  minThreads?: number;
  /** Default: min(2, available parallelism). Parsing /proc is light; two threads keep up. */
  maxThreads?: number;
  /** Idle threads (beyond `minThreads`) exit after this long. Default 30 s. */
  idleTimeoutMs?: number;
  /**
   * Tasks whose input carries at most this many bytes of text (file contents; see
   * `measureInput`) run at once on the calling thread instead of in a worker — same parsers,
   * same outcome and error codes, same `jobs` bookkeeping. Default 0 here (every task goes to a
   * worker); {@link getPool} defaults to {@link DEFAULT_INLINE_MAX_BYTES}.
   */
  inlineMaxBytes?: number;
  clock?: Clock;
}

/** A small task on the calling thread: synchronous, so an abort can only have come before it. */
async function runInline(
  name: string,
  input: unknown,
  signal: AbortSignal | undefined,
): Promise<TaskOutcome> {
  if (signal?.aborted) throw signal.reason;
  return runParseTask(name, input);
}

/** Where the compiled worker lives relative to the compiled pool module. */
export function defaultWorkerUrl(): URL {
  return new URL("./workers/parse-worker.js", import.meta.url);
}

/**
 * A Piscina pool running {@link ParseJob}s in `dist/workers/parse-worker.js`, tracked for the
 * `jobs` view; tasks below `inlineMaxBytes` run on the calling thread. Workers start on demand
 * and exit after `idleTimeoutMs` idle. Prefer {@link getPool} (one pool per process, small
 * tasks inline); this factory, which sends every task to a worker by default, is for tests.
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
  const inlineMaxBytes = Math.max(0, options.inlineMaxBytes ?? 0);
  const minThreads = Math.min(options.minThreads ?? 0, maxThreads);
  // Piscina is loaded and created with the first task that needs a worker (at once when threads
  // are to be kept alive): a process whose every task runs inline never loads it.
  let piscina: Piscina<ParseJob, TaskOutcome> | null = null;
  const workers = (): Piscina<ParseJob, TaskOutcome> => {
    if (!piscina) {
      const { Piscina: PiscinaClass } = createRequire(import.meta.url)("piscina") as typeof import("piscina");
      piscina = new PiscinaClass<ParseJob, TaskOutcome>({
        filename: workerUrl.href,
        minThreads,
        maxThreads,
        idleTimeout: options.idleTimeoutMs ?? 30_000,
      });
    }
    return piscina;
  };
  if (minThreads > 0) workers();
  return createTrackedRunner({
    execute: (name, input, signal) =>
      inlineMaxBytes > 0 && measureInput(input, inlineMaxBytes).bytes <= inlineMaxBytes
        ? runInline(name, input, signal)
        : workers().run({ name, input }, signal ? { signal } : {}),
    queuedCount: () => piscina?.queueSize ?? 0,
    threads: () => piscina?.threads.length ?? 0,
    close: async () => {
      await piscina?.close({ force: true });
    },
    ...(options.clock ? { clock: options.clock } : {}),
  });
}

let shared: ParsePool | null = null;

/**
 * The process-wide pool, created on first use; later options are ignored. Unless told otherwise
 * it parses inputs up to {@link DEFAULT_INLINE_MAX_BYTES} on the calling thread (the host
 * input's every task on a host with a few hundred processes) and starts workers only for larger
 * ones; idle workers exit after 30 s.
 */
export function getPool(options: PoolOptions = {}): ParsePool {
  shared ??= createParsePool({ inlineMaxBytes: DEFAULT_INLINE_MAX_BYTES, ...options });
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
