import type { ResumePoint } from "@wirewatch/protocol";
import type { AnyChannelEvent } from "./channel-types.js";
import { createDeferred, type Deferred } from "./deferred.js";
import { createPositionTracker, type PositionTracker } from "./position.js";

/**
 * Where one channel reference stands on the current connection:
 *
 * - `pending`: wanted, not (yet) asked for on this connection — sent on the next open;
 * - `subscribing`: a subscribe for it is on the wire, no ack yet (events for it are not
 *   delivered: the gateway starts the reference's stream after the ack);
 * - `resuming`: acked with a `since`; replayed events flow, the `resume` reply is due;
 * - `live`: acked (and resumed); events are delivered;
 * - `stalled`: the gateway could not subscribe or replay it for a moment (`unavailable`); events
 *   are held back (not delivered, the position does not move) until a retry resumes it from the
 *   unchanged position, so nothing is skipped.
 */
export type Phase = "pending" | "subscribing" | "resuming" | "live" | "stalled";

/** One `subscribe()` call: its handler, and whether it still wants events. */
export interface Entry {
  readonly handler: ((event: AnyChannelEvent) => void) | undefined;
  active: boolean;
}

/** A subscribe command on the wire. */
export interface Command {
  readonly id: string;
  readonly refs: RefState[];
  acked: boolean;
}

export interface RefState {
  /** Normalized reference text (`system.stats@nas1`), as the gateway echoes it. */
  readonly ref: string;
  readonly base: string;
  readonly host: string | undefined;
  /** Whether a fresh (or not recovered) subscription asks for the last value. */
  readonly snapshot: boolean;
  readonly entries: Set<Entry>;
  readonly tracker: PositionTracker;
  /** Settled by the first ack (resolved) or a permanent refusal (rejected). */
  readonly acked: Deferred<void>;
  phase: Phase;
  command: Command | undefined;
  /** The position sent as `since` with the command in flight. */
  since: ResumePoint | undefined;
  retryTimer: unknown;
  retryAttempt: number;
}

export function createRefState(
  ref: string,
  base: string,
  host: string | undefined,
  snapshot: boolean,
): RefState {
  return {
    ref,
    base,
    host,
    snapshot,
    entries: new Set(),
    tracker: createPositionTracker(),
    acked: createDeferred<void>(),
    phase: "pending",
    command: undefined,
    since: undefined,
    retryTimer: undefined,
    retryAttempt: 0,
  };
}

/** Whether an event of `host` belongs to this reference's stream right now. */
export function receives(state: RefState, host: string): boolean {
  return (
    (state.phase === "live" || state.phase === "resuming") &&
    (state.host === undefined || state.host === host)
  );
}
