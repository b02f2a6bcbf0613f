import type { ResumePoint, ResumeReply } from "@wirewatch/protocol";

/**
 * A hole in one subscription's stream that the client could not fill. Emitted as `gap`.
 *
 * - `not_recovered`: on reconnect the gateway answered the resume with `recovered: false` (the
 *   missed events are older than the replay window, more than it replays, or from a lost
 *   history). `from_seq` is the last seq the client had (in `previous_epoch`), `to_seq` the
 *   channel's newest seq (in `epoch`, 0 when the channel is empty); the events in between were
 *   not delivered, and the channel's last value follows instead (unless `snapshot: false`).
 * - `epoch_change`: a live event arrived from a new epoch (the bus lost its history, e.g. a
 *   Redis restart without persistence) without a resume. `from_seq` is the last seq in
 *   `previous_epoch`; `to_seq` is the new event's seq − 1 in `epoch`.
 *
 * Seq holes without either are not gaps: seq is per channel, so a `@host` reference, a
 * snapshot (one event per host) and a coalescing `latest` channel all skip seqs by design.
 */
export interface GapEvent {
  channel: string;
  reason: "not_recovered" | "epoch_change";
  epoch: string;
  previous_epoch: string;
  from_seq: number;
  to_seq: number;
}

export type Admission = "deliver" | "duplicate" | "stale";

/**
 * The last `(epoch, seq)` delivered for one channel reference, and de-duplication against it:
 *
 * - no position yet: deliver, remember it;
 * - same epoch: deliver only a higher seq (a seq ≤ the position was delivered already — a replay
 *   overlapping live events, a snapshot re-sent, a second reference's replay on the same socket);
 * - an epoch this reference already left (`retired`): stale, dropped;
 * - any other epoch: the history restarted — deliver, reset the position, report a gap.
 */
export interface PositionTracker {
  readonly position: ResumePoint | undefined;
  admit(event: ResumePoint): { admission: Admission; gap?: Omit<GapEvent, "channel"> };
  /** Applies the gateway's `resume` reply to the position sent as `since`; a gap when not recovered. */
  resumed(reply: ResumeReply, since: ResumePoint): Omit<GapEvent, "channel"> | undefined;
}

/** Epochs remembered as left behind, per reference. */
const RETIRED_EPOCHS = 8;

export function createPositionTracker(): PositionTracker {
  let position: ResumePoint | undefined;
  const retired: string[] = [];
  const retire = (epoch: string) => {
    if (epoch === "" || retired.includes(epoch)) return;
    retired.push(epoch);
    if (retired.length > RETIRED_EPOCHS) retired.shift();
  };

  return {
    get position() {
      return position;
    },
    admit(event) {
      if (position === undefined) {
        if (retired.includes(event.epoch)) return { admission: "stale" };
        position = { epoch: event.epoch, seq: event.seq };
        return { admission: "deliver" };
      }
      if (event.epoch === position.epoch) {
        if (event.seq <= position.seq) return { admission: "duplicate" };
        position = { epoch: event.epoch, seq: event.seq };
        return { admission: "deliver" };
      }
      if (retired.includes(event.epoch)) return { admission: "stale" };
      const gap = {
        reason: "epoch_change" as const,
        epoch: event.epoch,
        previous_epoch: position.epoch,
        from_seq: position.seq,
        to_seq: Math.max(0, event.seq - 1),
      };
      retire(position.epoch);
      position = { epoch: event.epoch, seq: event.seq };
      return { admission: "deliver", gap };
    },
    resumed(reply, since) {
      if (reply.recovered) {
        // Everything up to to_seq was replayed (for a @host reference: its host's share of it);
        // live events follow strictly after, so the position may move up to to_seq.
        if (position === undefined || position.epoch === reply.epoch) {
          position = { epoch: reply.epoch, seq: Math.max(position?.seq ?? 0, reply.to_seq) };
        }
        return undefined;
      }
      const gap = {
        reason: "not_recovered" as const,
        epoch: reply.epoch,
        previous_epoch: since.epoch,
        from_seq: reply.from_seq,
        to_seq: reply.to_seq,
      };
      if (position !== undefined && position.epoch !== reply.epoch) {
        retire(position.epoch);
        // The last value that follows is from the new epoch; seq 0 admits all of it.
        position = reply.epoch === "" ? undefined : { epoch: reply.epoch, seq: 0 };
      }
      return gap;
    },
  };
}
