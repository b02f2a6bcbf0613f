/**
 * Graceful shutdown (architecture §8). Components `add` a close step when they start; the app calls
 * `install()` once so SIGINT/SIGTERM trigger `run()`.
 *
 * `run(reason)`:
 *  1. marks readiness false (`health.beginShutdown()`), so load balancers stop routing;
 *  2. runs the steps one after another in ascending `order` (ties: the order they were
 *     added), awaiting each; a step that throws or rejects is logged and the next one runs;
 *  3. exits 0 when all steps have settled — or, if that takes longer than `graceMs`, logs the
 *     unfinished steps, aborts the signal handed to every step and exits 1.
 * `run` is idempotent: later calls return the first call's promise. A second signal while a
 * shutdown is running exits 1 at once.
 */
import { RuntimeError } from "./errors.js";
import type { Health } from "./health.js";
import type { Logger } from "./logger.js";

/** Conventional step orders: stop accepting → close sockets (1001) → drain → pools → bus → admin. */
export const SHUTDOWN_ORDER = {
  stopAccepting: 10,
  closeSockets: 20,
  drain: 30,
  closePools: 40,
  closeBus: 50,
  closeAdmin: 90,
} as const;

/** A close step; `signal` aborts when the grace period is over. */
export type CloseFn = (signal: AbortSignal) => unknown;

export interface ShutdownOptions {
  logger: Logger;
  /** Hard deadline for all steps together. Default 10 000 ms. */
  graceMs?: number;
  health?: Health;
  /** Ends the process. Default `process.exit`; tests inject a recorder. */
  exit?: (code: number) => void;
}

export interface Shutdown {
  /** Adds a step (default order 0). Returns a function that removes it (before `run`). */
  add(name: string, close: CloseFn, options?: { order?: number }): () => void;
  /** Shuts down; resolves with the exit code after calling `exit`. Idempotent. */
  run(reason: string): Promise<number>;
  /** Hooks the signals (default SIGINT, SIGTERM). Returns a function that unhooks them. */
  install(signals?: readonly NodeJS.Signals[]): () => void;
  readonly started: boolean;
}

interface Step {
  name: string;
  close: CloseFn;
  order: number;
  seq: number;
}

export function createShutdown(options: ShutdownOptions): Shutdown {
  const { logger, graceMs = 10_000, health } = options;
  const exit = options.exit ?? ((code: number) => process.exit(code));
  const steps: Step[] = [];
  let seq = 0;
  let running: Promise<number> | undefined;

  async function execute(reason: string): Promise<number> {
    health?.beginShutdown();
    const ordered = [...steps].sort((a, b) => a.order - b.order || a.seq - b.seq);
    const unfinished = new Set(ordered.map((s) => s.name));
    const failed: string[] = [];
    const controller = new AbortController();
    logger.info({ reason, graceMs, steps: [...unfinished] }, "shutdown started");

    let timer: NodeJS.Timeout | undefined;
    const deadline = new Promise<number>((resolve) => {
      timer = setTimeout(() => resolve(1), graceMs);
    });
    const work = (async () => {
      for (const step of ordered) {
        if (controller.signal.aborted) break;
        try {
          await step.close(controller.signal);
          logger.debug({ step: step.name }, "shutdown step done");
        } catch (err) {
          failed.push(step.name);
          logger.error({ err, step: step.name }, "shutdown step failed");
        }
        unfinished.delete(step.name);
      }
      return 0;
    })();

    const code = await Promise.race([work, deadline]);
    clearTimeout(timer);
    if (code !== 0) {
      controller.abort(new RuntimeError("WW_SHUTDOWN_TIMEOUT", `shutdown exceeded ${graceMs} ms`));
      logger.error(
        { code: "WW_SHUTDOWN_TIMEOUT", reason, graceMs, unfinished: [...unfinished] },
        "shutdown deadline exceeded; exiting",
      );
    } else if (failed.length > 0) {
      logger.warn({ reason, failed }, "shutdown complete with failed steps");
    } else {
      logger.info({ reason }, "shutdown complete");
    }
    health?.finishShutdown();
    exit(code);
    return code;
  }

  const shutdown: Shutdown = {
    add(name, close, stepOptions = {}) {
      if (running) {
        throw new RuntimeError("WW_SHUTDOWN_IN_PROGRESS", `cannot add "${name}": shutdown has begun`);
      }
      if (steps.some((s) => s.name === name)) {
        throw new RuntimeError("WW_SHUTDOWN_STEP_DUPLICATE", `shutdown step "${name}" already added`);
      }
      const step: Step = { name, close, order: stepOptions.order ?? 0, seq: seq++ };
      steps.push(step);
      return () => {
        const i = steps.indexOf(step);
        if (i !== -1 && !running) steps.splice(i, 1);
      };
    },
    run(reason) {
      running ??= execute(reason);
      return running;
    },
    install(signals = ["SIGINT", "SIGTERM"]) {
      const onSignal = (signal: NodeJS.Signals) => {
        if (!running) {
          shutdown.run(signal).catch(() => exit(1));
          return;
        }
        logger.warn({ signal }, "second signal during shutdown; exiting now");
        exit(1);
      };
      for (const signal of signals) process.on(signal, onSignal);
      return () => {
        for (const signal of signals) process.off(signal, onSignal);
      };
    },
    get started() {
      return running !== undefined;
    },
  };
  return shutdown;
}
