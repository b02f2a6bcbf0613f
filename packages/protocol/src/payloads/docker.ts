import { z } from "zod";

/**
 * `docker.events`: one container lifecycle event (UMA's documented fields first). As designed
 * (architecture §3); no input emits it yet, so beyond UMA's required three every field is optional.
 */
export const dockerEventSchema = z.looseObject({
  action: z.string().describe("the Docker event's action: start, die, health_status, …"),
  container_id: z.string(),
  container_name: z.string(),
  image: z.string().optional(),
  status: z.string().optional().describe("the container's state after the event: running, exited, …"),
  exit_code: z.number().nullable().optional().describe("the exit code, on `die`"),
  health: z
    .string()
    .nullable()
    .optional()
    .describe("healthy, unhealthy or starting; null without a health check"),
  crash_loop: z.boolean().optional().describe("true when the container keeps dying soon after it starts"),
});
export type DockerEvent = z.infer<typeof dockerEventSchema>;

const measured = (unit: string) => z.number().optional().describe(unit);

/** One container of `docker.stats` `containers[]`. */
export const containerStatsSchema = z.looseObject({
  container_id: z.string(),
  container_name: z.string().optional(),
  cpu_percent: measured("% of one CPU over the sampling window"),
  memory_used: measured("bytes"),
  memory_limit: measured("bytes; the host's memory without a limit"),
  network_rx_bytes: measured("bytes received, cumulative"),
  network_tx_bytes: measured("bytes sent, cumulative"),
  block_read_bytes: measured("bytes read from block devices, cumulative"),
  block_write_bytes: measured("bytes written to block devices, cumulative"),
});
export type ContainerStats = z.infer<typeof containerStatsSchema>;

/** `docker.stats`: one entry per running container. As designed (architecture §3); no input emits it yet. */
export const dockerStatsSchema = z.looseObject({
  containers: z.array(containerStatsSchema),
});
export type DockerStats = z.infer<typeof dockerStatsSchema>;
