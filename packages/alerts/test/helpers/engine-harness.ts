import { checkPayload, type DraftEvent } from "@wirewatch/protocol";
import { type AlertEngine, createAlertEngine } from "../../src/engine.js";
import { createMemoryStateStore } from "../../src/memory-state-store.js";
import { resolveRules } from "../../src/resolve-rules.js";
import type { RuleEntry } from "../../src/rule.js";
import type { AlertStateStore } from "../../src/state-store.js";
import { createManualClock, type ManualClock } from "./manual-clock.js";
import { createRecordingPublisher, type RecordingPublisher } from "./recording-publisher.js";

/** An engine on a hand-driven clock, a recording publisher and (by default) a memory store. */
export interface EngineHarness {
  engine: AlertEngine;
  clock: ManualClock;
  publisher: RecordingPublisher;
  store: AlertStateStore;
  /** Observes one sample now and waits for its events and store writes. */
  sample(channel: string, data: unknown, host?: string): Promise<void>;
  /** Moves the clock to `seconds` after the harness started (firing due timers). */
  at(seconds: number): Promise<void>;
  /** Alert events as `state:severity:transition`, in order. */
  alertLog(): string[];
  /** Every published event checked against its channel's schema. */
  assertValidPayloads(): void;
  /** A new engine over the same store and publisher, as a restarted process would build it. */
  restart(options?: { rules?: RuleEntry[]; defaults?: boolean }): Promise<EngineHarness>;
}

export interface HarnessOptions {
  rules?: RuleEntry[];
  defaults?: boolean;
  store?: AlertStateStore;
  clock?: ManualClock;
  publisher?: RecordingPublisher;
  start?: boolean;
}

export async function startEngine(options: HarnessOptions = {}): Promise<EngineHarness> {
  const clock = options.clock ?? createManualClock();
  const origin = clock.now();
  const publisher = options.publisher ?? createRecordingPublisher();
  const store = options.store ?? createMemoryStateStore();
  const engine = createAlertEngine({
    rules: resolveRules({ defaults: options.defaults ?? false, rules: options.rules ?? [] }),
    store,
    publisher,
    clock,
    host: "nas1",
    retryDelayMs: 1000,
  });
  if (options.start !== false) await engine.start();
  const harness: EngineHarness = {
    engine,
    clock,
    publisher,
    store,
    async sample(channel, data, host = "nas1") {
      engine.observe({ channel, host, data } as DraftEvent);
      await engine.flush();
    },
    async at(seconds) {
      await clock.advance(Math.max(0, origin + seconds * 1000 - clock.now()));
      await engine.flush();
    },
    alertLog: () => publisher.alerts().map((a) => `${a.state}:${a.severity}:${a.transition}`),
    assertValidPayloads() {
      for (const event of publisher.events) {
        const check = checkPayload(event.channel, event.data);
        if (!check.ok) throw new Error(`${event.channel}: ${check.reason}`);
      }
    },
    async restart(next = {}) {
      return startEngine({
        rules: next.rules ?? options.rules ?? [],
        defaults: next.defaults ?? options.defaults ?? false,
        store,
        clock,
        publisher,
      });
    },
  };
  return harness;
}
