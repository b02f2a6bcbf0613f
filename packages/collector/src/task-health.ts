import type { CollectorStatus } from "@wirewatch/protocol";
import { errorText } from "@wirewatch/protocol";

/** `collector.status` data as the scheduler publishes it: the protocol fields plus detail. */
export interface TaskStatus extends CollectorStatus {
  /** When the current state began (ISO 8601). */
  since: string;
  consecutive_errors: number;
  /** Interval of the schedule, or null for event streams. */
  interval_ms: number | null;
}

export interface TaskHealthOptions {
  /** Status `input`: `<collector>` or `<collector>.<task>`. */
  input: string;
  intervalMs: number | null;
  /** No success for this long (and no error) → `stale`; null: never stale. */
  staleAfterMs: number | null;
  /** Re-publish the unchanged status at least this often. */
  repeatEveryMs: number;
  /** When the schedule started (reference for "never succeeded"). */
  startedAtMs: number;
  /** Called with every status to publish. */
  publish(status: TaskStatus): void;
}

export interface TaskHealth {
  success(nowMs: number): void;
  failure(err: unknown, nowMs: number): void;
  /** Periodic check: turns `ok` into `stale` when successes stop; repeats the status when due. */
  check(nowMs: number): void;
  readonly consecutiveErrors: number;
  snapshot(): TaskStatus | null;
}

/**
 * Health of one schedule as a small state machine: `ok` after a successful run, `error` after a
 * failed one (with the error text), `stale` when no success came within `staleAfterMs` and no
 * error explains why (a hung or starved gather — a silent collector is not a healthy one).
 * A status is published on every change of state or error text, and repeated every
 * `repeatEveryMs` so late subscribers and the last-value cache stay current.
 */
export function createTaskHealth(options: TaskHealthOptions): TaskHealth {
  let state: TaskStatus["state"] | null = null;
  let since = options.startedAtMs;
  let lastSuccessMs: number | null = null;
  let error: string | null = null;
  let consecutiveErrors = 0;
  let lastPublishedMs = Number.NEGATIVE_INFINITY;

  const snapshot = (): TaskStatus | null =>
    state === null
      ? null
      : {
          input: options.input,
          state,
          last_success: lastSuccessMs === null ? null : new Date(lastSuccessMs).toISOString(),
          error,
          since: new Date(since).toISOString(),
          consecutive_errors: consecutiveErrors,
          interval_ms: options.intervalMs,
        };

  const publish = (nowMs: number): void => {
    const status = snapshot();
    if (status === null) return;
    lastPublishedMs = nowMs;
    options.publish(status);
  };

  const moveTo = (next: TaskStatus["state"], nextError: string | null, nowMs: number): void => {
    const changed = next !== state || nextError !== error;
    if (next !== state) since = nowMs;
    state = next;
    error = nextError;
    if (changed) publish(nowMs);
  };

  return {
    success(nowMs) {
      lastSuccessMs = nowMs;
      consecutiveErrors = 0;
      moveTo("ok", null, nowMs);
    },
    failure(err, nowMs) {
      consecutiveErrors += 1;
      moveTo("error", errorText(err), nowMs);
    },
    check(nowMs) {
      if (options.staleAfterMs !== null && state !== "error") {
        const reference = lastSuccessMs ?? options.startedAtMs;
        if (nowMs - reference > options.staleAfterMs) moveTo("stale", null, nowMs);
      }
      if (nowMs - lastPublishedMs >= options.repeatEveryMs) publish(nowMs);
    },
    get consecutiveErrors() {
      return consecutiveErrors;
    },
    snapshot,
  };
}
