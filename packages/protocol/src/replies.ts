import type { BusEvent } from "./envelope.js";
import type { ErrorCode } from "./error-codes.js";

/**
 * Server → client replies of the native protocol (DESIGN §4). Every reply carries an ISO
 * `timestamp`; `id` is echoed whenever the command carried one.
 */
type Reply<T extends string, B> = { type: T; id?: string | number; timestamp: string } & B;

export type SubscriptionAck = Reply<"subscription_ack", { channels: string[]; status: "subscribed" }>;
export type UnsubscriptionAck = Reply<"unsubscription_ack", { channels: string[]; status: "unsubscribed" }>;
export type SubscriptionsReply = Reply<"subscriptions", { channels: string[] }>;
export type ChannelsReply = Reply<
  "channels",
  { channels: { name: string; description: string; kind: "latest" | "events"; hosts: string[] }[] }
>;
export type PongReply = Reply<"pong", Record<never, never>>;
export type PublishAck = Reply<"publish_ack", { channel: string; seq: number }>;
export type ErrorReply = Reply<"error", { code: ErrorCode; message: string }>;
/** Sent after a `since` resume: the missed events followed (true) or could not be (false). */
export type ResumeReply = Reply<
  "resume",
  { channel: string; recovered: boolean; epoch: string; from_seq: number; to_seq: number }
>;

export type ServerReply =
  | SubscriptionAck
  | UnsubscriptionAck
  | SubscriptionsReply
  | ChannelsReply
  | PongReply
  | PublishAck
  | ErrorReply
  | ResumeReply;

/** What a native client receives: replies and events (replayed events carry `recovered: true`). */
export type ServerFrame = ServerReply | (BusEvent & { recovered?: true });

/** Builds a reply with the current timestamp and the command's id, if any. */
export function reply<R extends ServerReply>(body: Omit<R, "timestamp" | "id">, id?: string | number): R {
  const out = { ...body, timestamp: new Date().toISOString() } as R;
  if (id !== undefined) out.id = id;
  return out;
}
