import type { Clock } from "../../src/clock.js";

/**
 * A clock driven by the test: `now()` moves only through `advance`/`set`, which fire due timers in
 * time order and let promise callbacks run after each — no sleeping, no timing assertions.
 */
export interface ManualClock extends Clock {
  advance(ms: number): Promise<void>;
  pending(): number;
}

export const T0 = Date.parse("2025-06-19T14:30:00.000Z");

export function createManualClock(startMs = T0): ManualClock {
  let now = startMs;
  let nextId = 1;
  const timers = new Map<number, { at: number; fn: () => void }>();
  const settle = async (): Promise<void> => {
    for (let i = 0; i < 5; i++) await new Promise<void>((resolve) => setImmediate(resolve));
  };
  return {
    now: () => now,
    setTimeout(fn, ms) {
      const id = nextId++;
      timers.set(id, { at: now + Math.max(0, ms), fn });
      return id;
    },
    clearTimeout(handle) {
      timers.delete(handle as number);
    },
    async advance(ms) {
      const target = now + ms;
      await settle();
      for (;;) {
        let due: [number, { at: number; fn: () => void }] | undefined;
        for (const entry of timers)
          if (entry[1].at <= target && (!due || entry[1].at < due[1].at)) due = entry;
        if (!due) break;
        timers.delete(due[0]);
        now = due[1].at;
        due[1].fn();
        await settle();
      }
      now = target;
    },
    pending: () => timers.size,
  };
}
