import { z } from "zod";

const alertState = z.enum(["firing", "resolved", "unknown"]);

/**
 * The four channels the alert engine publishes on (architecture §3). Rules never read them (an alert
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

const isoOrNull = (what: string) =>
  z.string().nullable().optional().describe(`ISO 8601: ${what}; null when never`);

/**
 * Fields every alert event carries. The first three are UMA's; the optional ones are what
 * wirewatch's engine adds (always present on its events, optional so other publishers' events
 * still validate): which rule, host and item (`key`) it is about, the stable `alert_id`, the
 * severity that fired, how long the condition held (`held_ms`), and acknowledgement.
 */
const alertBase = {
  level: z.string().describe("the severity while firing, ok when resolved, unknown without fresh data"),
  state: alertState,
  message: z.string(),
  alert_id: z.string().optional(),
  rule: z.string().optional(),
  host: z.string().optional(),
  key: z
    .string()
    .nullable()
    .optional()
    .describe("the item of the rule (a mount point, a UPS, …); null for one-item rules"),
  severity: z.enum(ALERT_SEVERITIES).optional(),
  held_ms: z.number().nonnegative().optional().describe("ms the condition has held"),
  acknowledged: z.boolean().optional(),
  subject: z.string().optional().describe("MonServ's subject line: `[ALERT] nas1 CPU usage warning`"),
  firing_ms: z.number().optional().describe("ms since it fired; 0 when it has not"),
  since: isoOrNull("when the condition began"),
  fired_at: isoOrNull("when it fired"),
  acknowledged_by: z.string().nullable().optional().describe("who acknowledged it; null when nobody has"),
  transition: z
    .string()
    .optional()
    .describe(
      "why it was sent: fired, escalated, deescalated, renotified, resolved, unknown, returned, acknowledged, catch_up",
    ),
  reason: z.string().optional().describe("why the data is missing, on `unknown`"),
};

/** An alert channel's own fields, then the `threshold` crossed and {@link alertBase}. */
const thresholdAlert = <T extends z.ZodRawShape>(fields: T) =>
  z.looseObject({ ...fields, threshold: z.number(), ...alertBase });

/** `temperature.alert`: UMA's documented fields plus `state`. */
export const temperatureAlertSchema = thresholdAlert({
  sensor_name: z.string(),
  sensor_type: z.string(),
  temperature: z.number(),
});
export type TemperatureAlert = z.infer<typeof temperatureAlertSchema>;

/** `resource.alert`. */
export const resourceAlertSchema = thresholdAlert({ resource: z.string(), value: z.number() });
export type ResourceAlert = z.infer<typeof resourceAlertSchema>;

/** `infrastructure.alert` and `storage.alert`: a subject and a message, as MonServ shows them. */
export const genericAlertSchema = z.looseObject({
  ...alertBase,
  value: z.number().optional().describe("the value that crossed the threshold, in the rule's unit"),
  threshold: z.number().optional().describe("the threshold crossed, in the rule's unit"),
});
export type GenericAlert = z.infer<typeof genericAlertSchema>;

/** The data of an event on any of the {@link ALERT_CHANNELS}. */
export type AlertPayload = TemperatureAlert | ResourceAlert | GenericAlert;
