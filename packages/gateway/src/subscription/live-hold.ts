import type { BusEvent } from "@wirewatch/protocol";
import { refsMatch } from "./subscriptions.js";

/** A live event held with its frame (already encoded by the hub for the socket's dialect). */
export interface HeldEvent {
  event: BusEvent;
  frame: Buffer;
}

/**
 * Gap-free, duplicate-free start of a subscription. While a subscribe command fetches the last
 * value or replays history from the bus (async), live events of that base channel keep
 * arriving; they are held here and released once the fetched events have been sent:
 *
 * - an event already sent by the replay or snapshot (same epoch and seq) is dropped;
 * - an event for a reference that was live before the command (it must see every event) is
 *   released;
 * - otherwise it is dropped when a replay already covered it (same epoch, seq ≤ the replay's
 *   end) or when a newer-or-equal event of its host was sent as the snapshot (no regress to an
 *   older state), and released when not.
 *
 * Pure bookkeeping: the session decides when to start and end, and writes what is released.
 */
export class LiveHold {
  private readonly held: HeldEvent[] = [];
  private readonly sent = new Set<string>();
  private readonly hostMarks = new Map<string, { epoch: string; seq: number }>();
  private readonly replays: { hosts: (string | undefined)[]; epoch: string; upto: number }[] = [];

  /** @param liveBefore host filters (undefined = all hosts) of references subscribed before. */
  constructor(private readonly liveBefore: readonly (string | undefined)[]) {}

  get heldCount(): number {
    return this.held.length;
  }

  hold(event: BusEvent, frame: Buffer): void {
    this.held.push({ event, frame });
  }

  /** Records an event the command sent itself (snapshot or replay). */
  noteSent(event: BusEvent): void {
    this.sent.add(`${event.epoch}:${event.seq}`);
    const mark = this.hostMarks.get(event.host);
    if (!mark || mark.epoch !== event.epoch || mark.seq < event.seq) {
      this.hostMarks.set(event.host, { epoch: event.epoch, seq: event.seq });
    }
  }

  /** Records that history up to `upto` (inclusive) in `epoch` was replayed for these hosts. */
  noteReplayed(hosts: readonly (string | undefined)[], epoch: string, upto: number): void {
    this.replays.push({ hosts: [...hosts], epoch, upto });
  }

  /** The held events to write now, in arrival order; `matches` is the socket's current filter. */
  release(matches: (host: string) => boolean): HeldEvent[] {
    return this.held.filter(({ event }) => {
      if (!matches(event.host)) return false;
      if (this.sent.has(`${event.epoch}:${event.seq}`)) return false;
      if (refsMatch(this.liveBefore, event.host)) return true;
      for (const replay of this.replays) {
        if (replay.epoch === event.epoch && event.seq <= replay.upto && refsMatch(replay.hosts, event.host)) {
          return false;
        }
      }
      const mark = this.hostMarks.get(event.host);
      return !(mark && mark.epoch === event.epoch && event.seq <= mark.seq);
    });
  }
}
