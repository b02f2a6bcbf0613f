import { z } from "zod";

/**
 * Client → server commands of the native protocol (architecture §4). Decoding is two-step so errors
 * are precise: first the `type` (unknown_type), then the command's own schema (invalid_message).
 * Channel names stay plain strings here; the registry validates them (invalid/unknown_channel).
 */
const id = z.union([z.string().max(128), z.number()]).optional();
const channel = z.string().max(256);
const since = z.object({ seq: z.number().int().nonnegative(), epoch: z.string().min(1).max(64) });

export const subscribeCommand = z
  .object({
    type: z.literal("subscribe"),
    id,
    channel: channel.optional(),
    channels: z.array(channel).min(1).max(256).optional(),
    since: z.union([since, z.record(z.string(), since)]).optional(),
    snapshot: z.boolean().optional(),
  })
  .refine((c) => c.channel !== undefined || c.channels !== undefined, {
    message: "subscribe needs `channel` or `channels`",
    path: ["channel"],
  });

export const unsubscribeCommand = z
  .object({
    type: z.literal("unsubscribe"),
    id,
    channel: channel.optional(),
    channels: z.array(channel).min(1).max(256).optional(),
  })
  .refine((c) => c.channel !== undefined || c.channels !== undefined, {
    message: "unsubscribe needs `channel` or `channels`",
    path: ["channel"],
  });

export const listSubscriptionsCommand = z.object({ type: z.literal("list_subscriptions"), id });
export const listChannelsCommand = z.object({ type: z.literal("list_channels"), id });
export const pingCommand = z.object({ type: z.literal("ping"), id });
export const publishCommand = z.object({
  type: z.literal("publish"),
  id,
  channel,
  host: z.string().max(64).optional(),
  data: z.record(z.string(), z.unknown()),
});

/** Longest silence a client may ask for: 90 days. */
export const MAX_SILENCE_MS = 90 * 24 * 60 * 60 * 1000;

/** Alert commands (admin permission): list, acknowledge, silence and unsilence. */
export const alertsListCommand = z.object({ type: z.literal("alerts_list"), id });
export const alertAckCommand = z.object({
  type: z.literal("alert_ack"),
  id,
  alert_id: z.string().min(1).max(128),
});
export const silenceCommand = z
  .object({
    type: z.literal("silence"),
    id,
    /** A rule name or a glob (`filesystem*`, `*`). */
    rule: z.string().min(1).max(128).optional(),
    /** A host name or a glob. */
    host: z.string().min(1).max(128).optional(),
    duration_ms: z.number().int().min(1000).max(MAX_SILENCE_MS),
    reason: z.string().trim().min(1).max(500),
  })
  .refine((c) => c.rule !== undefined || c.host !== undefined, {
    message: 'silence needs `rule` or `host` (use "*" for every rule)',
    path: ["rule"],
  });
export const unsilenceCommand = z.object({
  type: z.literal("unsilence"),
  id,
  silence_id: z.string().min(1).max(128),
});

export const COMMAND_SCHEMAS = {
  subscribe: subscribeCommand,
  unsubscribe: unsubscribeCommand,
  list_subscriptions: listSubscriptionsCommand,
  list_channels: listChannelsCommand,
  ping: pingCommand,
  publish: publishCommand,
  alerts_list: alertsListCommand,
  alert_ack: alertAckCommand,
  silence: silenceCommand,
  unsilence: unsilenceCommand,
} as const;

export type CommandType = keyof typeof COMMAND_SCHEMAS;
export type SubscribeCommand = z.infer<typeof subscribeCommand>;
export type UnsubscribeCommand = z.infer<typeof unsubscribeCommand>;
export type PublishCommand = z.infer<typeof publishCommand>;
export type AlertAckCommand = z.infer<typeof alertAckCommand>;
export type SilenceCommand = z.infer<typeof silenceCommand>;
export type UnsilenceCommand = z.infer<typeof unsilenceCommand>;
export type ClientCommand = { [K in CommandType]: z.infer<(typeof COMMAND_SCHEMAS)[K]> }[CommandType];
export type ResumePoint = z.infer<typeof since>;

export type DecodeResult =
  | { ok: true; command: ClientCommand }
  | {
      ok: false;
      code: "invalid_json" | "invalid_message" | "unknown_type";
      message: string;
      id?: string | number;
    };

/** Decodes one text frame into a command, or a precise error; never throws. */
export function decodeCommand(text: string): DecodeResult {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    return { ok: false, code: "invalid_json", message: "frame is not valid JSON" };
  }
  if (typeof raw !== "object" || raw === null || Array.isArray(raw)) {
    return { ok: false, code: "invalid_message", message: "message must be a JSON object" };
  }
  const rec = raw as Record<string, unknown>;
  const msgId = typeof rec.id === "string" || typeof rec.id === "number" ? rec.id : undefined;
  const withId = <T extends object>(r: T) => (msgId === undefined ? r : { ...r, id: msgId });
  if (typeof rec.type !== "string") {
    return withId({
      ok: false as const,
      code: "invalid_message" as const,
      message: "message needs a string `type`",
    });
  }
  if (!Object.hasOwn(COMMAND_SCHEMAS, rec.type)) {
    const known = Object.keys(COMMAND_SCHEMAS).join(", ");
    return withId({
      ok: false as const,
      code: "unknown_type" as const,
      message: `unknown type '${rec.type.slice(0, 64)}'; expected one of ${known}`,
    });
  }
  const parsed = COMMAND_SCHEMAS[rec.type as CommandType].safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue && issue.path.length > 0 ? issue.path.join(".") : rec.type;
    return withId({
      ok: false as const,
      code: "invalid_message" as const,
      message: `${where}: ${issue?.message ?? "invalid"}`,
    });
  }
  return { ok: true, command: parsed.data as ClientCommand };
}
