/**
 * JSON encoding of stored alerts and silences, with a schema check on the way back in: a store
 * shared by versions, or edited by hand, must not crash an engine.
 */
import { ALERT_SEVERITIES } from "@wirewatch/protocol";
import { z } from "zod";
import type { AlertState } from "./alert-state.js";
import type { Silence } from "./silences.js";

const ms = z.number().nullable();
const severity = z.enum(ALERT_SEVERITIES);
const alertRecord = z.object({
  id: z.string().min(1),
  rule: z.string().min(1),
  host: z.string().min(1),
  key: z.string().nullable(),
  phase: z.enum(["inactive", "pending", "firing", "unknown"]),
  severity: severity.nullable(),
  candidate: severity.nullable(),
  candidateSince: ms,
  since: ms,
  firedAt: ms,
  resolvedAt: ms,
  unknownSince: ms,
  unknownReason: z.string().nullable(),
  value: ms,
  threshold: ms,
  labels: z.record(z.string(), z.string()),
  lastNotifiedAt: ms,
  acknowledged: z.object({ by: z.string(), at: z.number() }).nullable(),
  notified: z.object({ state: z.enum(["firing", "unknown"]), severity }).nullable(),
});
const silenceRecord = z.object({
  id: z.string().min(1),
  rule: z.string().nullable(),
  host: z.string().nullable(),
  reason: z.string(),
  createdBy: z.string(),
  createdAt: z.number(),
  expiresAt: z.number(),
});

export const encodeRecord = (record: AlertState | Silence): string => JSON.stringify(record);

function decode<T>(schema: z.ZodType<T>, text: string): T | undefined {
  try {
    const parsed = schema.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}

export const decodeAlert = (text: string): AlertState | undefined => decode(alertRecord, text);
export const decodeSilence = (text: string): Silence | undefined => decode(silenceRecord, text);
