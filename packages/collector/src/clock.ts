/**
 * Time as the collector sees it. Everything that waits or timestamps goes through a Clock so unit
 * tests can drive time (vitest fake timers work with {@link systemClock}, which resolves the
 * global timer functions at call time; or inject a hand-driven clock).
 */
export interface Clock {
  /** Milliseconds since the Unix epoch. */
  now(): number;
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export const systemClock: Clock = {
  now: () => Date.now(),
  setTimeout: (fn, ms) => setTimeout(fn, ms),
  clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};
