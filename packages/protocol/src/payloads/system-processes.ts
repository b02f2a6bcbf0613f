import { z } from "zod";

/** One process of `by_memory[]` / `by_cpu[]` as wirewatch's host input lists it. */
export const processEntrySchema = z.looseObject({
  pid: z.number().int().describe("process id"),
  name: z.string().describe("`Name:` of /proc/<pid>/status (stat's comm when unreadable)"),
  username: z
    .string()
    .optional()
    .describe("real uid's user name from passwd, the uid as text when unknown; absent when unreadable"),
  rss_bytes: z.number().nonnegative().describe("bytes resident (VmRSS)"),
  percent_ram: z.number().describe("% of MemTotal resident"),
  cpu_percent: z
    .number()
    .describe("% of one CPU over rate_window_s (200 = two busy cores); 0 on the first sample"),
  cmdline: z
    .string()
    .optional()
    .describe("arguments joined by spaces, empty for kernel threads; absent when the input omits them"),
  state: z.string().describe("one letter, stat field 3 (R, S, D, Z, …)"),
  ppid: z.number().describe("parent's pid"),
  threads: z.number().describe("threads of the process"),
});
export type ProcessEntry = z.infer<typeof processEntrySchema>;

/**
 * `system.processes` as wirewatch's host input emits it: the top processes by resident memory and
 * by CPU (ties: lower pid first).
 */
export const hostProcessesSchema = z.looseObject({
  total: z.number().describe("processes seen, not only the listed ones"),
  by_memory: z.array(processEntrySchema),
  by_cpu: z.array(processEntrySchema),
  rate_window_s: z.number().describe("s the CPU shares cover; 0 on the first sample"),
});
export type HostProcesses = z.infer<typeof hostProcessesSchema>;

/** A process as `system.processes` checks it: UMA's fields; `state`, `ppid`, `threads` optional. */
export const processInfoSchema = processEntrySchema.partial({ state: true, ppid: true, threads: true });
export type ProcessInfo = z.infer<typeof processInfoSchema>;

/** `system.processes` as its channel checks it: the two lists required, the rest optional. */
export const systemProcessesSchema = hostProcessesSchema
  .extend({ by_memory: z.array(processInfoSchema), by_cpu: z.array(processInfoSchema) })
  .partial({ total: true, rate_window_s: true });
export type SystemProcesses = z.infer<typeof systemProcessesSchema>;
