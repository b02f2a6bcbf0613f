import { formatChannelRef, parseChannelRef, type ResumePoint } from "@wirewatch/protocol";
import type { BackoffPolicy } from "./backoff.js";
import type { AnyChannelEvent } from "./channel-types.js";
import { ClientError } from "./errors.js";
import type { Timers } from "./options.js";
import type { GapEvent } from "./position.js";
import { createRefState, type Entry, type RefState, receives } from "./ref-state.js";
import { createSubscribeWire } from "./subscribe-wire.js";

/**
 * The client's wanted subscriptions, independent of any socket: which references are wanted,
 * by which handlers, and where each reference's stream stands. The wire side (commands,
 * acks, resume replies, retries) is subscribe-wire.ts.
 *
 * Delivery contract: events reach a reference's handlers in arrival order, each at most once per
 * reference (de-duplicated against the reference's last `(epoch, seq)`, see position.ts), from
 * the reference's ack on; one frame matching several references (`system.stats` and
 * `system.stats@nas1`) is offered to each of them.
 */
export interface SubscriptionsDeps {
  send(command: object): boolean;
  nextId(prefix: string): string;
  timers: Timers;
  backoff: BackoffPolicy;
  gap(gap: GapEvent): void;
}

export type Routed = "delivered" | "duplicate" | "stale" | "unrouted";

export function createSubscriptions(deps: SubscriptionsDeps) {
  const states = new Map<string, RefState>();
  const wire = createSubscribeWire({ ...deps, states });

  return {
    /** Adds a handler for a reference; asks the gateway when the reference is new. */
    add(input: string, handler: Entry["handler"], snapshot: boolean): { state: RefState; entry: Entry } {
      const parsed = parseChannelRef(input);
      if (!parsed.ok) {
        throw new ClientError("WW_CLIENT_INVALID_CHANNEL", `${String(input)}: ${parsed.reason}`, {
          channel: String(input),
        });
      }
      const ref = formatChannelRef(parsed.ref);
      let st = states.get(ref);
      if (!st) {
        st = createRefState(ref, parsed.ref.name, parsed.ref.host, snapshot);
        states.set(ref, st);
        if (wire.connected) wire.subscribe([st]);
      }
      const entry: Entry = { handler, active: true };
      st.entries.add(entry);
      return { state: st, entry };
    },

    /** Removes a handler; the last one of a reference unsubscribes it on the gateway. */
    remove(st: RefState, entry: Entry): void {
      entry.active = false;
      st.entries.delete(entry);
      if (st.entries.size > 0 || states.get(st.ref) !== st) return;
      states.delete(st.ref);
      st.acked.resolve();
      wire.unsubscribe(st);
    },

    opened: () => wire.opened(),
    disconnected: () => wire.disconnected(),
    handleReply: (reply: { type: string; id?: unknown; code?: unknown; message?: unknown }) =>
      wire.handleReply(reply),

    /** Whether an `error` reply is `not_subscribed` answering the client's own unsubscribe (benign). */
    isBenign(reply: { id?: unknown; code?: unknown }): boolean {
      return reply.code === "not_subscribed" && typeof reply.id === "string" && reply.id.startsWith("u");
    },

    /** Delivers one event to every reference that receives it, once each. */
    route(event: AnyChannelEvent, onHandlerError: (err: unknown, ref: string) => void): Routed {
      let outcome: Routed = "unrouted";
      for (const st of states.values()) {
        if (st.base !== event.channel || !receives(st, event.host)) continue;
        const { admission, gap } = st.tracker.admit(event);
        if (gap) deps.gap({ channel: st.ref, ...gap });
        if (admission !== "deliver") {
          if (outcome === "unrouted" || (outcome === "stale" && admission === "duplicate"))
            outcome = admission;
          continue;
        }
        outcome = "delivered";
        for (const entry of [...st.entries]) {
          if (!entry.active || !entry.handler) continue;
          try {
            entry.handler(event);
          } catch (err) {
            onHandlerError(err, st.ref);
          }
        }
      }
      return outcome;
    },

    /** Drops everything (client closed or stopped); pending subscribes reject with `error`. */
    closeAll(error: ClientError): void {
      wire.disconnected();
      for (const st of [...states.values()]) wire.drop(st, error);
    },

    /** Wanted references and their last delivered positions. */
    positions(): Record<string, ResumePoint | undefined> {
      return Object.fromEntries([...states.values()].map((st) => [st.ref, st.tracker.position]));
    },
  };
}

export type Subscriptions = ReturnType<typeof createSubscriptions>;
