import { z } from "zod";

/**
 * `log`: a line worth a person's attention (admin only). Sources add fields of their own: the
 * alert engine's lines (`source` `alerts`) carry `alert_id`, `rule` and `transition` when they are
 * about one alert, `silence_id` and `action` when about a silence.
 */
export const logSchema = z.looseObject({
  level: z.enum(["debug", "info", "warn", "error"]),
  source: z.string().describe("what wrote it, e.g. alerts"),
  text: z.string(),
  alert_id: z.string().optional(),
  rule: z.string().optional(),
  transition: z
    .string()
    .optional()
    .describe("fired, escalated, deescalated, renotified, resolved, unknown, returned or acknowledged"),
  silence_id: z.string().optional(),
  action: z.string().optional().describe("what happened to the silence: created, expired or removed"),
});
export type LogLine = z.infer<typeof logSchema>;
