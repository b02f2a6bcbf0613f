import type { DraftEvent } from "@wirewatch/protocol";
import type { Publisher } from "../../src/collector.js";

/** A publisher that keeps what it is given (a plain array; nothing real runs behind it). */
export interface RecordingPublisher extends Publisher {
  events: DraftEvent[];
  /** Data of the events on one channel, in order. */
  data<T = Record<string, unknown>>(channel: string): T[];
  /** Makes the next `count` publishes reject, like a bus that is down. */
  failNext(count: number): void;
}

export function createRecordingPublisher(): RecordingPublisher {
  const events: DraftEvent[] = [];
  let failures = 0;
  return {
    events,
    async publish(draft) {
      if (failures > 0) {
        failures -= 1;
        throw Object.assign(new Error("bus down"), { code: "WW_BUS_DOWN" });
      }
      events.push(draft);
      return undefined;
    },
    data: <T>(channel: string) => events.filter((e) => e.channel === channel).map((e) => e.data as T),
    failNext(count) {
      failures = count;
    },
  };
}
