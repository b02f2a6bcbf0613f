import { z } from "zod";

/**
 * `collector.status`: the health of one collector schedule (the snapshot key is host + `input`);
 * a silent collector is not a healthy one. Sent on every change and repeated every 10 intervals.
 * The scheduler and the ups input always send every field; the last three are optional here.
 */
export const collectorStatusSchema = z.looseObject({
  input: z.string().describe("`<input>.<task>` (host.stats) or the input's name; ups.<ups> per UPS"),
  state: z.enum(["ok", "stale", "error"]),
  last_success: z.string().nullable().describe("ISO 8601 of the last successful run; null before one"),
  error: z.string().nullable().describe("why the last run failed, naming the file or endpoint; null when ok"),
  since: z.string().optional().describe("ISO 8601: when the current state began"),
  consecutive_errors: z.number().optional().describe("failed runs since the last success"),
  interval_ms: z.number().nullable().optional().describe("ms between runs; null for event streams"),
});
export type CollectorStatus = z.infer<typeof collectorStatusSchema>;
