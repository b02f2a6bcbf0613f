/**
 * Health of each UPS behind one upsd, published by the input on `collector.status` as
 * `ups.<ups>@<server>` (the server's own schedule is `ups.<server>`, reported by the scheduler).
 *
 * A UPS is `ok` while upsd serves its variables, `stale` while upsd has no fresh data for it
 * (`DATA-STALE`, `DRIVER-NOT-CONNECTED`, a `ups.status` naming no power state such as `WAIT`
 * while its driver starts, upsd unreachable, no longer listed) and `error` when
 * upsd refuses it (`UNKNOWN-UPS`, `ACCESS-DENIED`…). No `infrastructure.status` event is emitted
 * for a UPS that is not `ok`, so nothing downstream (alert recoveries) is derived from stale data.
 */
import type { Clock, CollectorStatus } from "@wirewatch/protocol";
import type { Accumulator } from "../../collector.js";

export type UpsHealthState = CollectorStatus["state"];

interface Entry {
  state: UpsHealthState;
  error: string | null;
  sinceMs: number;
  lastSuccessMs: number | null;
  consecutiveErrors: number;
  lastPublishedMs: number;
}

export interface UpsHealthOptions {
  /** The server's label: `<name>` or `<host>:<port>`. */
  server: string;
  /**
   * Host of the status events: the host of the UPS's `infrastructure.status` events, so that a
   * stale UPS makes that host's UPS alerts unknown (the alert engine matches status by host).
   */
  host?: string;
  clock: Clock;
  intervalMs: number;
  /** Repeat an unchanged status every this many intervals. Default 10 (as the scheduler). */
  repeatEveryIntervals?: number;
}

export interface UpsHealth {
  /** Records one UPS's outcome of this poll and emits its status when it changed or is due. */
  report(acc: Accumulator, ups: string, state: UpsHealthState, error?: string | null): void;
  /** UPSes with a recorded state, in first-seen order. */
  known(): string[];
  /** Forgets a UPS (after reporting it one last time). */
  forget(ups: string): void;
}

export function createUpsHealth(options: UpsHealthOptions): UpsHealth {
  const entries = new Map<string, Entry>();
  const repeatEveryMs = (options.repeatEveryIntervals ?? 10) * options.intervalMs;

  const emit = (acc: Accumulator, ups: string, entry: Entry, nowMs: number) => {
    entry.lastPublishedMs = nowMs;
    acc.emit(
      "collector.status",
      {
        input: `ups.${ups}@${options.server}`,
        state: entry.state,
        last_success: entry.lastSuccessMs === null ? null : new Date(entry.lastSuccessMs).toISOString(),
        error: entry.error,
        since: new Date(entry.sinceMs).toISOString(),
        consecutive_errors: entry.consecutiveErrors,
        interval_ms: options.intervalMs,
      },
      options.host === undefined ? { timestamp: nowMs } : { timestamp: nowMs, host: options.host },
    );
  };

  return {
    report(acc, ups, state, error = null) {
      const nowMs = options.clock.now();
      let entry = entries.get(ups);
      const changed = !entry || entry.state !== state || entry.error !== error;
      if (!entry) {
        entry = {
          state,
          error,
          sinceMs: nowMs,
          lastSuccessMs: null,
          consecutiveErrors: 0,
          lastPublishedMs: -Infinity,
        };
        entries.set(ups, entry);
      }
      if (entry.state !== state) entry.sinceMs = nowMs;
      entry.state = state;
      entry.error = error;
      if (state === "ok") {
        entry.lastSuccessMs = nowMs;
        entry.consecutiveErrors = 0;
      } else {
        entry.consecutiveErrors += 1;
      }
      if (changed || nowMs - entry.lastPublishedMs >= repeatEveryMs) emit(acc, ups, entry, nowMs);
    },
    known: () => [...entries.keys()],
    forget(ups) {
      entries.delete(ups);
    },
  };
}
