/** Options for {@link waitFor}. */
export interface WaitForOptions {
  /** Give up after this long (default 10 000 ms). */
  timeoutMs?: number;
  /** Pause between checks (default 20 ms). */
  intervalMs?: number;
  /** Names the condition in the timeout error. */
  description?: string;
  /** Stops waiting at once, rejecting with the signal's reason. */
  signal?: AbortSignal;
}

/**
 * Polls `check` until it returns (or resolves to) a truthy value and returns that value.
 *
 * Contract: a check that throws counts as "not yet"; after `timeoutMs` the returned promise
 * rejects with an error naming the condition and the last error the check threw. An aborted
 * `signal` rejects with its reason before the next check.
 */
export async function waitFor<T>(
  check: () => T | Promise<T>,
  options: WaitForOptions = {},
): Promise<NonNullable<T>> {
  const timeoutMs = options.timeoutMs ?? 10_000;
  const intervalMs = options.intervalMs ?? 20;
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  for (;;) {
    if (options.signal?.aborted) throw options.signal.reason;
    try {
      const value = await check();
      if (value) return value as NonNullable<T>;
    } catch (error) {
      lastError = error;
    }
    if (Date.now() >= deadline) {
      const what = options.description ?? "condition";
      const cause = lastError instanceof Error ? `: last error: ${lastError.message}` : "";
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${cause}`, { cause: lastError });
    }
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}
