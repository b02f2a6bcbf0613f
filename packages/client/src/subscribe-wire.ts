import type { ErrorCode, ResumePoint, ResumeReply } from "@wirewatch/protocol";
import { type BackoffPolicy, backoffDelay } from "./backoff.js";
import { ClientError } from "./errors.js";
import type { Timers } from "./options.js";
import type { GapEvent } from "./position.js";
import type { Command, RefState } from "./ref-state.js";

/**
 * The wire side of subscriptions (architecture §4): subscribe commands and the replies that settle
 * them, for the references in `states`.
 *
 * - On every open, everything wanted is asked for again: one `subscribe` with `channels` and a
 *   `since` map holding each reference's last delivered `(epoch, seq)` (one command per
 *   `snapshot` setting, 256 references at most each).
 * - Subscribe is all-or-nothing on the gateway, so when that batch is refused each reference is
 *   retried alone to find the one at fault; a reference refused for good (`forbidden_channel`,
 *   `unknown_channel`, …) is dropped (its pending subscribe rejects), one refused for now
 *   (`unavailable`, `internal`, `rate_limited`) is retried with backoff.
 * - An ack moves references to `live`, or to `resuming` when they were sent with `since`; their
 *   `resume` reply applies to the position (a gap when not recovered). An error after the ack
 *   means the gateway could not replay: that reference stalls and resumes again later from the
 *   same position (see ref-state.ts).
 */
export interface WireDeps {
  states: Map<string, RefState>;
  send(command: object): boolean;
  nextId(prefix: string): string;
  timers: Timers;
  backoff: BackoffPolicy;
  gap(gap: GapEvent): void;
}

const TRANSIENT: readonly string[] = ["unavailable", "internal", "rate_limited"] satisfies ErrorCode[];
const MAX_CHANNELS_PER_COMMAND = 256;

export function createSubscribeWire(deps: WireDeps) {
  const { states, timers } = deps;
  const commands = new Map<string, Command>();
  const unsubscribes = new Set<string>();
  let connected = false;
  const current = (st: RefState, cmd?: Command) =>
    states.get(st.ref) === st && (cmd === undefined || st.command === cmd);
  const clearRetry = (st: RefState) => {
    if (st.retryTimer !== undefined) timers.clearTimeout(st.retryTimer);
    st.retryTimer = undefined;
  };

  function subscribe(refs: RefState[]): void {
    const id = deps.nextId("s");
    const since: Record<string, ResumePoint> = {};
    for (const st of refs) {
      st.since = st.tracker.position;
      if (st.since) since[st.ref] = st.since;
    }
    const command = {
      type: "subscribe",
      id,
      channels: refs.map((st) => st.ref),
      ...(Object.keys(since).length > 0 ? { since } : {}),
      ...(refs[0]?.snapshot === false ? { snapshot: false } : {}),
    };
    if (!deps.send(command)) {
      for (const st of refs) st.phase = "pending";
      return;
    }
    const cmd: Command = { id, refs, acked: false };
    commands.set(id, cmd);
    for (const st of refs) {
      st.phase = "subscribing";
      st.command = cmd;
    }
  }

  function retryLater(st: RefState): void {
    st.phase = "stalled";
    st.command = undefined;
    clearRetry(st);
    st.retryTimer = timers.setTimeout(
      () => {
        st.retryTimer = undefined;
        if (current(st) && st.phase === "stalled" && connected) subscribe([st]);
      },
      backoffDelay(st.retryAttempt++, deps.backoff),
    );
  }

  /** Forgets a reference for good; its pending subscribe rejects with `error`. */
  function drop(st: RefState, error: ClientError): void {
    clearRetry(st);
    for (const entry of st.entries) entry.active = false;
    st.entries.clear();
    if (states.get(st.ref) === st) states.delete(st.ref);
    st.acked.reject(error);
  }

  function settleIfDone(cmd: Command): void {
    if (!cmd.refs.some((st) => current(st, cmd) && st.phase === "resuming")) commands.delete(cmd.id);
  }

  function onAck(cmd: Command): void {
    cmd.acked = true;
    for (const st of cmd.refs) {
      if (!current(st, cmd)) continue;
      st.phase = st.since ? "resuming" : "live";
      if (!st.since) st.retryAttempt = 0;
      st.acked.resolve();
    }
    settleIfDone(cmd);
  }

  function onResume(reply: ResumeReply): void {
    const st = states.get(reply.channel);
    if (st?.phase !== "resuming" || !st.since) return;
    if (reply.id !== undefined && st.command?.id !== reply.id) return;
    const gap = st.tracker.resumed(reply, st.since);
    const cmd = st.command;
    st.phase = "live";
    st.since = undefined;
    st.retryAttempt = 0;
    if (cmd) settleIfDone(cmd);
    if (gap) deps.gap({ channel: st.ref, ...gap });
  }

  function onError(cmd: Command, code: string, message: string): void {
    if (cmd.acked) {
      // The gateway's message names the reference it could not read ("system.stats: could not…").
      const waiting = cmd.refs.filter((st) => current(st, cmd) && st.phase === "resuming");
      const named = waiting.filter((st) => message.startsWith(`${st.ref}:`));
      for (const st of named.length > 0 ? named : waiting) retryLater(st);
      settleIfDone(cmd);
      return;
    }
    commands.delete(cmd.id);
    const refs = cmd.refs.filter((st) => current(st, cmd));
    if (refs.length > 1) {
      for (const st of refs) subscribe([st]);
      return;
    }
    const st = refs[0];
    if (!st) return;
    if (TRANSIENT.includes(code)) retryLater(st);
    else drop(st, new ClientError(code as ErrorCode, message, { channel: st.ref, id: cmd.id }));
  }

  return {
    get connected() {
      return connected;
    },
    subscribe,
    drop,
    clearRetry,

    /** Tells the gateway a reference is no longer wanted (already removed from `states`). */
    unsubscribe(st: RefState): void {
      clearRetry(st);
      if (!connected || st.phase === "pending") return;
      const id = deps.nextId("u");
      if (deps.send({ type: "unsubscribe", id, channel: st.ref })) unsubscribes.add(id);
    },

    opened(): void {
      connected = true;
      const groups = new Map<boolean, RefState[]>();
      for (const st of states.values()) {
        clearRetry(st);
        groups.set(st.snapshot, [...(groups.get(st.snapshot) ?? []), st]);
      }
      for (const refs of groups.values()) {
        for (let i = 0; i < refs.length; i += MAX_CHANNELS_PER_COMMAND) {
          subscribe(refs.slice(i, i + MAX_CHANNELS_PER_COMMAND));
        }
      }
    },

    disconnected(): void {
      connected = false;
      commands.clear();
      unsubscribes.clear();
      for (const st of states.values()) {
        clearRetry(st);
        st.phase = "pending";
        st.command = undefined;
        st.since = undefined;
      }
    },

    /** Handles a reply about subscriptions; true when it was one (errors are still the caller's to report). */
    handleReply(reply: { type: string; id?: unknown; code?: unknown; message?: unknown }): boolean {
      if (reply.type === "resume") {
        onResume(reply as ResumeReply);
        return true;
      }
      if (typeof reply.id !== "string") return false;
      if (unsubscribes.delete(reply.id)) return true;
      const cmd = commands.get(reply.id);
      if (!cmd) return false;
      if (reply.type === "subscription_ack") onAck(cmd);
      else if (reply.type === "error") onError(cmd, String(reply.code), String(reply.message ?? ""));
      return true;
    },
  };
}

export type SubscribeWire = ReturnType<typeof createSubscribeWire>;
