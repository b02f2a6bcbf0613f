import type { BusEvent, DraftEvent } from "@wirewatch/protocol";
import { BusError } from "./bus-error.js";

/**
 * The JSON the Redis bus stores and publishes.
 *
 * A draft is one event without its position:
 * `{"type":T,"channel":C,"host":H,"timestamp":TS,"data":D}`. A batch message carries the drafts
 * of one publish script call: `{"epoch":E,"seq":FIRST,"n":N,"events":[draft, ...]}`, event i
 * having seq FIRST + i. The same message is PUBLISHed and kept as one element of the history list.
 *
 * Contract: `data` is serialised exactly once, by the publisher; the Lua script only concatenates
 * once per batch; each subscribing process parses each message once. Sealed events have the key order of
 * architecture §3 (type, channel, host, seq, epoch, timestamp, data).
 */
export function encodeDraft(draft: DraftEvent<unknown>, timestamp: string): string {
  let data: string | undefined;
  try {
    data = JSON.stringify(draft.data);
  } catch (error) {
    throw new BusError("WW_BUS_INVALID_EVENT", `event data is not serialisable as JSON: ${String(error)}`, {
      cause: error,
    });
  }
  if (data === undefined)
    throw new BusError("WW_BUS_INVALID_EVENT", "event data is not serialisable as JSON");
  // channel, host and timestamp were validated to contain no characters JSON would escape.
  const type =
    draft.type === undefined || draft.type === draft.channel
      ? `"${draft.channel}"`
      : JSON.stringify(draft.type);
  return `{"type":${type},"channel":"${draft.channel}","host":"${draft.host}","timestamp":"${timestamp}","data":${data}}`;
}

interface StoredDraft {
  type: string;
  channel: string;
  host: string;
  timestamp: string;
  data: unknown;
}

/** Seals a parsed draft with its position. */
function sealStored(stored: StoredDraft, seq: number, epoch: string): BusEvent {
  return {
    type: stored.type,
    channel: stored.channel,
    host: stored.host,
    seq,
    epoch,
    timestamp: stored.timestamp,
    data: stored.data,
  };
}

/** Parses one batch message into its sealed events. Throws on a malformed message. */
export function decodeMessage(text: string): BusEvent[] {
  const message = JSON.parse(text) as { epoch: unknown; seq: unknown; events: unknown };
  if (
    typeof message.epoch !== "string" ||
    typeof message.seq !== "number" ||
    !Array.isArray(message.events)
  ) {
    throw new Error("malformed bus message: expected {epoch, seq, events[]}");
  }
  const events = message.events as StoredDraft[];
  const out: BusEvent[] = new Array(events.length);
  for (let i = 0; i < events.length; i++)
    out[i] = sealStored(events[i] as StoredDraft, message.seq + i, message.epoch);
  return out;
}

/** The events with seqs `from .. from + count - 1` out of the batch messages holding them. */
export function decodeBatches(messages: readonly string[], from: number, count: number): BusEvent[] {
  const last = from + count - 1;
  const out: BusEvent[] = [];
  for (const message of messages) {
    for (const event of decodeMessage(message)) if (event.seq >= from && event.seq <= last) out.push(event);
  }
  return out;
}

let lastMs = -1;
let lastIso = "";
/** `new Date().toISOString()`, computed at most once per millisecond. */
export function nowIso(): string {
  const ms = Date.now();
  if (ms !== lastMs) {
    lastMs = ms;
    lastIso = new Date(ms).toISOString();
  }
  return lastIso;
}
