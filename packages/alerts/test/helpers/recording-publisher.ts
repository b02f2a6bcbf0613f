import type { DraftEvent } from "@wirewatch/protocol";
import type { Publisher } from "../../src/publisher.js";

/** Keeps what it is given; `failNext(n)` makes the next n publishes reject like a bus that is down. */
export interface RecordingPublisher extends Publisher {
  events: DraftEvent[];
  on(channel: string): Record<string, unknown>[];
  alerts(): Record<string, unknown>[];
  logs(): Record<string, unknown>[];
  failNext(count: number): void;
  failAll(on: boolean): void;
  clear(): void;
}

const ALERT_CHANNELS = new Set([
  "temperature.alert",
  "resource.alert",
  "infrastructure.alert",
  "storage.alert",
]);

export function createRecordingPublisher(): RecordingPublisher {
  const events: DraftEvent[] = [];
  let failures = 0;
  let failing = false;
  const dataOf = (filter: (e: DraftEvent) => boolean) =>
    events.filter(filter).map((e) => e.data as Record<string, unknown>);
  return {
    events,
    async publish(draft) {
      if (failing || failures > 0) {
        failures = Math.max(0, failures - 1);
        throw Object.assign(new Error("bus down"), { code: "WW_BUS_DOWN" });
      }
      events.push(draft);
      return undefined;
    },
    on: (channel) => dataOf((e) => e.channel === channel),
    alerts: () => dataOf((e) => ALERT_CHANNELS.has(e.channel)),
    logs: () => dataOf((e) => e.channel === "log"),
    failNext(count) {
      failures = count;
    },
    failAll(on) {
      failing = on;
    },
    clear() {
      events.length = 0;
    },
  };
}
