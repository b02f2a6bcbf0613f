import {
  type AlertEngine,
  createAlertEngine,
  createMemoryStateStore,
  observingPublisher,
  resolveRules,
} from "@wirewatch/alerts";
import { silentLogger } from "@wirewatch/bus";
import type { DraftEvent } from "@wirewatch/protocol";
import { createInlineRunner } from "../../../src/inline-runner.js";
import { registerBuiltinInputs } from "../../../src/inputs/builtin.js";
import { createRegistry } from "../../../src/registry.js";
import { createScheduler, type Scheduler } from "../../../src/scheduler.js";

/**
 * The default UPS alert rules as `wirewatch start` wires them, for tests against a real upsd: the
 * registered ups input (one server named `nas1`, polled every 500 ms) and the scheduler publishing
 * through `observingPublisher` into an alert engine with the built-in rules, every draft and alert
 * recorded in order.
 */

export type Data = Record<string, unknown>;

/** A publisher that records every draft in order and lets a test wait for one. */
export interface EventRecorder {
  events: DraftEvent[];
  publish(draft: DraftEvent): Promise<undefined>;
  /** Waits for an event matching `test` at or after index `from`; resolves with its index. */
  next(
    test: (e: DraftEvent) => boolean,
    description: string,
    from?: number,
    timeoutMs?: number,
  ): Promise<number>;
}

export function createRecorder(): EventRecorder {
  const events: DraftEvent[] = [];
  let waiters: (() => void)[] = [];
  return {
    events,
    async publish(draft) {
      events.push(draft);
      const ready = waiters;
      waiters = [];
      for (const wake of ready) wake();
      return undefined;
    },
    async next(test, description, from = 0, timeoutMs = 20_000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const index = events.findIndex((e, i) => i >= from && test(e));
        if (index !== -1) return index;
        const left = deadline - Date.now();
        if (left <= 0) throw new Error(`timed out waiting for ${description}`);
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, Math.min(left, 250));
          waiters.push(() => {
            clearTimeout(timer);
            resolve();
          });
        });
      }
    },
  };
}

/** An `infrastructure.status` sample of UPS `name` (with that `ups.status`, when given). */
export const upsSample = (name: string, status?: string) => (e: DraftEvent) => {
  if (e.channel !== "infrastructure.status") return false;
  const ups = (e.data as { ups: { name: string; status: string } }).ups;
  return ups.name === name && (status === undefined || ups.status === status);
};

/** An `infrastructure.alert` event of `rule` (with that `transition`, when given). */
export const alertOf = (rule: string, transition?: string) => (e: DraftEvent) =>
  e.channel === "infrastructure.alert" &&
  (e.data as Data).rule === rule &&
  (transition === undefined || (e.data as Data).transition === transition);

/** A `collector.status` event of `input` in `state`. */
export const health = (input: string, state: string) => (e: DraftEvent) =>
  e.channel === "collector.status" && (e.data as Data).input === input && (e.data as Data).state === state;

export interface UpsAlertRig {
  recorder: EventRecorder;
  engine: AlertEngine;
  scheduler: Scheduler;
  /** Data of every `ups-*` alert event recorded (from index `from`), in order. */
  upsAlerts(from?: number): Data[];
  stop(): Promise<void>;
}

/** Starts the engine and the ups input polling the upsd on `port` (host `nas1`, collector `collector1`). */
export async function startUpsAlertRig(port: number): Promise<UpsAlertRig> {
  const recorder = createRecorder();
  const engine = createAlertEngine({
    rules: resolveRules({ defaults: true }),
    store: createMemoryStateStore(),
    publisher: recorder,
    host: "collector1",
    logger: silentLogger,
  });
  await engine.start();
  const registry = createRegistry();
  registerBuiltinInputs(registry);
  const inputs = registry.createInputs(
    {
      host: { enabled: false },
      ups: { enabled: true, intervalMs: 500, timeoutMs: 2_000, servers: [{ port, name: "nas1" }] },
    },
    { host: "collector1", runner: createInlineRunner() },
  );
  const scheduler = createScheduler({
    publisher: observingPublisher(recorder, engine),
    host: "collector1",
    logger: silentLogger,
  });
  for (const input of inputs) scheduler.add(input);
  scheduler.start();
  return {
    recorder,
    engine,
    scheduler,
    upsAlerts: (from = 0) =>
      recorder.events
        .slice(from)
        .filter(
          (e) => e.channel === "infrastructure.alert" && String((e.data as Data).rule).startsWith("ups-"),
        )
        .map((e) => e.data as Data),
    async stop() {
      await scheduler.stop();
      await engine.close();
    },
  };
}
