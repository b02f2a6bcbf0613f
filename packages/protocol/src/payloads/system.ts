import { z } from "zod";

/** `system.stats`: UMA's documented field names first, then wirewatch's additions. */
export const systemStatsSchema = z.looseObject({
  cpu_percent: z.number().min(0).max(100),
  memory_percent: z.number().min(0).max(100),
  memory_used: z.number().nonnegative(),
  memory_total: z.number().nonnegative(),
  uptime: z.number().nonnegative(),
  load_average: z.tuple([z.number(), z.number(), z.number()]),
  network_io: z.looseObject({
    bytes_sent: z.number().nonnegative(),
    bytes_recv: z.number().nonnegative(),
    bytes_sent_per_sec: z.number().nonnegative().optional(),
    bytes_recv_per_sec: z.number().nonnegative().optional(),
  }),
  swap: z
    .looseObject({ total: z.number().nonnegative(), used: z.number().nonnegative(), percent: z.number() })
    .optional(),
  cpu_per_core: z.array(z.number()).optional(),
});
export type SystemStats = z.infer<typeof systemStatsSchema>;

const processSchema = z.looseObject({
  pid: z.number().int(),
  name: z.string(),
  username: z.string().optional(),
  rss_bytes: z.number().nonnegative(),
  percent_ram: z.number(),
  cpu_percent: z.number(),
  cmdline: z.string().optional(),
});

/** `system.processes`: top processes by memory and by CPU. */
export const systemProcessesSchema = z.looseObject({
  by_memory: z.array(processSchema),
  by_cpu: z.array(processSchema),
});
export type SystemProcesses = z.infer<typeof systemProcessesSchema>;
export type ProcessInfo = z.infer<typeof processSchema>;
