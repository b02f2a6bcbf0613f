import { z } from "zod";

/** `docker.events`: UMA's documented fields. */
export const dockerEventSchema = z.looseObject({
  action: z.string(),
  container_id: z.string(),
  container_name: z.string(),
  image: z.string().optional(),
  status: z.string().optional(),
});

/** `docker.stats`: one entry per container. */
export const dockerStatsSchema = z.looseObject({
  containers: z.array(z.looseObject({ container_id: z.string() })),
});

/** `infrastructure.status`: UPS state from NUT. */
export const infrastructureStatusSchema = z.looseObject({
  ups: z.looseObject({ name: z.string(), status: z.string() }).optional(),
});

/** `jobs`: NZB Flow's task model (queue-update, command-progress, task-finished). */
export const jobsSchema = z.looseObject({
  type: z.enum(["queue-update", "command-progress", "task-finished"]),
});

/** `log`: a line worth a person's attention. */
export const logSchema = z.looseObject({
  level: z.enum(["debug", "info", "warn", "error"]),
  source: z.string(),
  text: z.string(),
});

/** `collector.status`: per input health; a silent collector is not a healthy one. */
export const collectorStatusSchema = z.looseObject({
  input: z.string(),
  state: z.enum(["ok", "stale", "error"]),
  last_success: z.string().nullable(),
  error: z.string().nullable(),
});
export type CollectorStatus = z.infer<typeof collectorStatusSchema>;

/** `gateway.clients`: connected clients (admin only). */
export const gatewayClientsSchema = z.looseObject({
  clients: z.array(z.looseObject({ id: z.string(), address: z.string(), channels: z.array(z.string()) })),
});

/** `custom.<name>`: any JSON object (size is bounded by the frame limit, not here). */
export const customSchema = z.record(z.string(), z.unknown());
