/**
 * Time as the packages see it: every "now" and every timer goes through a Clock, so tests drive
 * time by hand (testkit's manual clock) instead of sleeping. One interface; two real clocks, on
 * purpose: {@link systemClock}, whose timers keep the process alive like any timer, and
 * {@link backgroundClock}, whose timers do not.
 */
export interface Clock {
  /** Milliseconds since the Unix epoch. */
  now(): number;
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

/**
 * The host's timer functions (Node or a browser), looked up on every call so test fake timers
 * apply; protocol compiles without either environment's types.
 */
const host = globalThis as unknown as {
  setTimeout(fn: () => void, ms: number): { unref?: () => void };
  clearTimeout(handle: unknown): void;
};

/**
 * The real clock for work that is the process's reason to run (the collector's schedules). It
 * resolves the global timer functions at call time, so vitest's fake timers apply to it.
 */
export const systemClock: Clock = {
  now: () => Date.now(),
  setTimeout: (fn, ms) => host.setTimeout(fn, ms),
  clearTimeout: (handle) => host.clearTimeout(handle),
};

/**
 * The real clock for bookkeeping timers that must not hold a process that is otherwise done (the
 * alert engine's for-durations, silences and re-notifications): its timers are unref'd where the
 * runtime can (Node); in a browser they are plain timers.
 */
export const backgroundClock: Clock = {
  now: () => Date.now(),
  setTimeout: (fn, ms) => {
    const timer = host.setTimeout(fn, ms);
    timer.unref?.();
    return timer;
  },
  clearTimeout: (handle) => host.clearTimeout(handle),
};
