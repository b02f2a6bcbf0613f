/**
 * When to reconnect: after a lost connection or a failed attempt, the next attempt comes after
 * `minDelayMs`, doubling with every failure in a row up to `maxDelayMs`. A healthy exchange
 * (any reply from upsd, even `ERR`) ends the streak.
 */

export interface ReconnectorOptions {
  minDelayMs: number;
  maxDelayMs: number;
  /** Starts one connection attempt; its outcome comes back through `connected` or `failed`. */
  attempt(): void;
}

/** While an attempt is scheduled: why the last one failed and when the next one starts. */
export interface Waiting {
  inMs: number;
  lastError: string;
  cause: unknown;
}

export interface Reconnector {
  /** A connection was lost or an attempt failed: schedules the next attempt (once). */
  failed(err: unknown): void;
  /** An attempt succeeded. */
  connected(): void;
  /** upsd answered a command: the failure streak is over. */
  healthy(): void;
  /** The scheduled attempt, or null when none is pending. */
  waiting(): Waiting | null;
  streak(): number;
  stop(): void;
}

/** The delay before attempt number `streak` (1 = the first retry). */
export function reconnectDelayMs(streak: number, minDelayMs: number, maxDelayMs: number): number {
  const exponent = Math.min(Math.max(streak - 1, 0), 30);
  return Math.min(maxDelayMs, minDelayMs * 2 ** exponent);
}

export function createReconnector(options: ReconnectorOptions): Reconnector {
  let streak = 0;
  let timer: NodeJS.Timeout | null = null;
  let dueAt = 0;
  let lastError: unknown;
  let stopped = false;

  return {
    failed(err) {
      lastError = err;
      if (stopped || timer) return;
      streak += 1;
      const delay = reconnectDelayMs(streak, options.minDelayMs, options.maxDelayMs);
      dueAt = Date.now() + delay;
      timer = setTimeout(() => {
        timer = null;
        if (!stopped) options.attempt();
      }, delay);
      // A client nobody closed must not keep the process alive just to reconnect.
      timer.unref();
    },
    connected() {
      if (timer) clearTimeout(timer);
      timer = null;
    },
    healthy() {
      streak = 0;
    },
    waiting() {
      if (!timer) return null;
      const message = lastError instanceof Error ? lastError.message : String(lastError);
      return { inMs: Math.max(0, dueAt - Date.now()), lastError: message, cause: lastError };
    },
    streak: () => streak,
    stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      timer = null;
    },
  };
}
