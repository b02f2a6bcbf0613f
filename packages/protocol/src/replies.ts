import type { BusEvent } from "./envelope.js";
import type { ErrorCode } from "./error-codes.js";
import type { AlertChannel, AlertSeverity } from "./payloads/alerts.js";

/**
 * Server → client replies of the native protocol (architecture §4). Every reply carries an ISO
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

/**
 * Unprompted news about this gateway's feed: `bus_unavailable` while its bus is down or delivers
 * nothing (events stop; dashboards can say so), `bus_available` when it is back (missed events are
 * then replayed from history as far as it reaches). Sent at connect too when the bus is down.
 */
export type StatusReply = Reply<"status", { status: "bus_unavailable" | "bus_available"; message: string }>;

/**
 * One active alert as `alerts_list` (and `GET /api/v1/alerts`) shows it: firing or unknown
 * (stale data), with its rule, host and item (`key`), the severity and the numbers of its last
 * evaluation, when the condition began (`since`) and fired, and who acknowledged it.
 */
export interface AlertSummary {
  alert_id: string;
  rule: string;
  host: string;
  key: string | null;
  channel: AlertChannel;
  state: "firing" | "unknown";
  severity: AlertSeverity;
  value: number | null;
  threshold: number | null;
  message: string;
  since: string | null;
  fired_at: string | null;
  held_ms: number;
  acknowledged: boolean;
  acknowledged_by: string | null;
  acknowledged_at: string | null;
  /** Ids of the silences currently covering the alert (empty when it notifies). */
  silenced_by: string[];
}

/** A silence: alerts of `rule` (name or glob) on `host` (name or glob) stay quiet until `expires_at`. */
export interface SilenceSummary {
  silence_id: string;
  rule: string | null;
  host: string | null;
  reason: string;
  created_by: string;
  created_at: string;
  expires_at: string;
}

export type AlertsReply = Reply<"alerts", { alerts: AlertSummary[]; silences: SilenceSummary[] }>;
export type AlertAckReply = Reply<"alert_ack", { alert_id: string; alert: AlertSummary }>;
export type SilenceAck = Reply<
  "silence_ack",
  { silence_id: string; expires_at: string; silence: SilenceSummary }
>;
export type UnsilenceAck = Reply<"unsilence_ack", { silence_id: string; silence: SilenceSummary }>;

export type ServerReply =
  | AlertsReply
  | AlertAckReply
  | SilenceAck
  | UnsilenceAck
  | SubscriptionAck
  | UnsubscriptionAck
  | SubscriptionsReply
  | ChannelsReply
  | PongReply
  | StatusReply
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
