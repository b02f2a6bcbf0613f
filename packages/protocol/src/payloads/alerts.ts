import { z } from "zod";

const alertState = z.enum(["firing", "resolved", "unknown"]);

/**
 * The four channels the alert engine publishes on (DESIGN §3). Rules never read them (an alert
 * about an alert would loop).
 */
export const ALERT_CHANNELS = [
  "temperature.alert",
  "resource.alert",
  "infrastructure.alert",
  "storage.alert",
] as const;
export type AlertChannel = (typeof ALERT_CHANNELS)[number];

/** Severities of a rule; `level` adds `ok` (resolved) and `unknown` (no fresh data). */
export const ALERT_SEVERITIES = ["warning", "critical"] as const;
export type AlertSeverity = (typeof ALERT_SEVERITIES)[number];

/**
 * Fields every alert event carries. The first three are UMA's; the optional ones are what
 * wirewatch's engine adds (always present on its events, optional so other publishers' events
 * still validate): which rule, host and item (`key`) it is about, the stable `alert_id`, the
 * severity that fired, how long the condition held (`held_ms`), and acknowledgement.
 */
const alertBase = {
  level: z.string(),
  state: alertState,
  message: z.string(),
  alert_id: z.string().optional(),
  rule: z.string().optional(),
  host: z.string().optional(),
  key: z.string().nullable().optional(),
  severity: z.enum(ALERT_SEVERITIES).optional(),
  held_ms: z.number().nonnegative().optional(),
  acknowledged: z.boolean().optional(),
};

/** `temperature.alert`: UMA's documented fields plus `state`. */
export const temperatureAlertSchema = z.looseObject({
  sensor_name: z.string(),
  sensor_type: z.string(),
  temperature: z.number(),
  threshold: z.number(),
  ...alertBase,
});

/** `resource.alert`. */
export const resourceAlertSchema = z.looseObject({
  resource: z.string(),
  value: z.number(),
  threshold: z.number(),
  ...alertBase,
});

/** `infrastructure.alert` and `storage.alert`: a subject and a message, as MonServ shows them. */
export const genericAlertSchema = z.looseObject({ subject: z.string().optional(), ...alertBase });
