import type { AnyChannelEvent } from "./channel-types.js";

/** A reply as far as routing needs it; the full shapes are protocol's `ServerReply`. */
export interface ReplyFrame {
  type: string;
  id?: unknown;
  code?: unknown;
  message?: unknown;
  [key: string]: unknown;
}

export type Frame =
  | { kind: "event"; event: AnyChannelEvent }
  | { kind: "reply"; reply: ReplyFrame }
  | { kind: "bad"; reason: string };

/**
 * Classifies one text frame of the native protocol (architecture §3, §4): an event has `channel`,
 * `host`, a numeric `seq` and an `epoch`; anything else with a string `type` is a reply. Never
 * throws.
 */
export function parseFrame(text: string): Frame {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return { kind: "bad", reason: "a frame from the server is not JSON" };
  }
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    return { kind: "bad", reason: "a frame from the server is not a JSON object" };
  }
  const rec = value as Record<string, unknown>;
  if (
    typeof rec.seq === "number" &&
    typeof rec.epoch === "string" &&
    typeof rec.channel === "string" &&
    typeof rec.host === "string"
  ) {
    return { kind: "event", event: rec as unknown as AnyChannelEvent };
  }
  if (typeof rec.type === "string") return { kind: "reply", reply: rec as ReplyFrame };
  return { kind: "bad", reason: "a frame from the server has no `type`" };
}
