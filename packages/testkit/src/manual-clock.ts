/** The shape of `Clock` in packages/collector and packages/alerts (structural: no import needed). */
export interface TestClock {
  now(): number;
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

/**
 * A clock driven by the test: `now()` moves only through `advance`, which fires due timers in
 * time order and lets promise callbacks run after each — so scheduler tests never sleep.
 */
export interface ManualClock extends TestClock {
  advance(ms: number): Promise<void>;
  /** Timers currently armed. */
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
