/**
 * A switch that makes a harness's I/O hang, as a hung NFS mount or an upsd that stopped
 * answering does: once `stall()` is called, every call the harness routes through `hang(signal)`
 * waits until its signal aborts and then rejects with the signal's reason.
 */
export interface Stall {
  stall(): void;
  readonly active: boolean;
  /** A call left waiting: rejects when `signal` aborts, never otherwise. */
  hang<T>(signal: AbortSignal | undefined): Promise<T>;
  /** Calls left waiting so far. */
  count(): number;
  /** Resolves once at least `calls` calls have been left waiting. */
  stalled(calls: number): Promise<void>;
}

export function createStall(): Stall {
  let active = false;
  let count = 0;
  let waiters: { calls: number; resolve: () => void }[] = [];
  return {
    stall: () => {
      active = true;
    },
    get active() {
      return active;
    },
    hang<T>(signal: AbortSignal | undefined): Promise<T> {
      count += 1;
      for (const waiter of waiters.filter((w) => w.calls <= count)) waiter.resolve();
      waiters = waiters.filter((w) => w.calls > count);
      return new Promise<T>((_, reject) => {
        if (signal?.aborted) reject(signal.reason);
        signal?.addEventListener("abort", () => reject(signal.reason), { once: true });
      });
    },
    count: () => count,
    stalled: (calls) =>
      calls <= count ? Promise.resolve() : new Promise<void>((resolve) => waiters.push({ calls, resolve })),
  };
}
