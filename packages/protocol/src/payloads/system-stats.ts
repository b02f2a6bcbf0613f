import { z } from "zod";
import { perCpuMode, statsCountersSchema } from "./stats-counters.js";

const rate = (what: string) => z.number().describe(`${what} per s over rate_window_s; 0 on the first sample`);

/** One interface of `network_io.interfaces[]` (those not matching the input's netDeviceExclude). */
export const netInterfaceSchema = z.looseObject({
  name: z.string().describe("interface name"),
  bytes_recv: z.number().describe("bytes received, cumulative"),
  bytes_sent: z.number().describe("bytes sent, cumulative"),
  bytes_recv_per_sec: rate("bytes received"),
  bytes_sent_per_sec: rate("bytes sent"),
});
export type NetInterface = z.infer<typeof netInterfaceSchema>;

/** `network_io`: UMA's totals over the interfaces not excluded, then wirewatch's detail. */
export const networkIoSchema = z.looseObject({
  bytes_sent: z.number().nonnegative().describe("bytes sent, cumulative, summed over the interfaces"),
  bytes_recv: z.number().nonnegative().describe("bytes received, cumulative, summed over the interfaces"),
  bytes_sent_per_sec: z.number().nonnegative().describe("bytes/s sent, sum of the interfaces' rates"),
  bytes_recv_per_sec: z.number().nonnegative().describe("bytes/s received, sum of the interfaces' rates"),
  packets_sent: z.number().describe("packets sent, cumulative"),
  packets_recv: z.number().describe("packets received, cumulative"),
  interfaces: z.array(netInterfaceSchema),
});

/** `swap`, in bytes. */
export const swapSchema = z.looseObject({
  total: z.number().nonnegative().describe("bytes (SwapTotal)"),
  used: z.number().nonnegative().describe("bytes (SwapTotal − SwapFree)"),
  free: z.number().describe("bytes (SwapFree)"),
  percent: z.number().describe("% used; 0 without swap"),
});

/** `cpu_modes_percent`: each mode's share of Δtotal over the window (all 0 on the first sample). */
export const cpuModesPercentSchema = z.looseObject(
  perCpuMode((meaning) => `% of the window's CPU time ${meaning}`),
);

/** `uname`: uname(2)'s fields, node_exporter's `node_uname_info`. */
export const unameSchema = z.looseObject({
  sysname: z.string().nullable().describe("<proc>/sys/kernel/ostype; null when unreadable"),
  release: z.string().nullable().describe("<proc>/sys/kernel/osrelease; null when unreadable"),
  version: z.string().nullable().describe("<proc>/sys/kernel/version; null when unreadable"),
  machine: z.string().describe("hardware name, e.g. x86_64 (the host source's machine)"),
});

/** One block device of `disk_io[]` (those not matching the input's diskDeviceExclude). */
export const diskIoSchema = z.looseObject({
  device: z.string().describe("device name"),
  read_bytes_per_sec: rate("bytes read"),
  write_bytes_per_sec: rate("bytes written"),
  reads_per_sec: rate("reads completed"),
  writes_per_sec: rate("writes completed"),
  busy_percent: z.number().describe("% of the window spent doing I/O (Δ io_time / window), at most 100"),
});
export type DiskIo = z.infer<typeof diskIoSchema>;

/**
 * `system.stats` as wirewatch's host input emits it, every field present: UMA's documented fields
 * first, then wirewatch's additions. Rates and CPU shares cover `rate_window_s`, the time since the
 * previous sample; on the first sample there is none and they are all 0. Field by field:
 * packages/collector/src/inputs/host/README.md.
 */
export const hostStatsSchema = z.looseObject({
  cpu_percent: z.number().min(0).max(100).describe("% (0–100) busy over the window, all CPUs"),
  memory_percent: z.number().min(0).max(100).describe("% of memory_total used"),
  memory_used: z.number().nonnegative().describe("bytes: MemTotal − available (as `free`)"),
  memory_total: z.number().nonnegative().describe("bytes (MemTotal)"),
  uptime: z.number().nonnegative().describe("s since boot"),
  load_average: z.tuple([z.number(), z.number(), z.number()]).describe("1, 5 and 15 min load averages"),
  network_io: networkIoSchema,
  swap: swapSchema,
  cpu_per_core: z.array(z.number()).describe("% busy per cpuN line, in file order"),
  cpu_modes_percent: cpuModesPercentSchema,
  cpu_count: z.number().describe("cpuN lines (online CPUs)"),
  memory_available: z.number().describe("bytes (MemAvailable, estimated before kernel 3.14)"),
  memory_available_estimated: z.boolean().describe("true when the kernel gave no MemAvailable"),
  memory_free: z.number().describe("bytes (MemFree)"),
  memory_buffers: z.number().describe("bytes (Buffers)"),
  memory_cached: z.number().describe("bytes (Cached)"),
  boot_time: z.number().nullable().describe("s since the epoch (`btime`); null when absent"),
  uname: unameSchema,
  disk_io: z.array(diskIoSchema),
  rate_window_s: z.number().describe("s between this sample and the previous one; 0 on the first"),
  counters: statsCountersSchema,
});
export type HostStats = z.infer<typeof hostStatsSchema>;

/**
 * `system.stats` as its channel checks it: UMA's documented fields required, wirewatch's additions
 * optional (a producer may send fewer: an older collector has no `uname`), each of the right shape
 * when present. Inside `network_io` and `swap`, what UMA's example lacks is optional too.
 */
export const systemStatsSchema = hostStatsSchema
  .extend({
    network_io: networkIoSchema.partial().required({ bytes_sent: true, bytes_recv: true }),
    swap: swapSchema.partial({ free: true }),
  })
  .partial()
  .required({
    cpu_percent: true,
    memory_percent: true,
    memory_used: true,
    memory_total: true,
    uptime: true,
    load_average: true,
    network_io: true,
  });
export type SystemStats = z.infer<typeof systemStatsSchema>;
