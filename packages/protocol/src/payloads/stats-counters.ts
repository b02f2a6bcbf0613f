import { z } from "zod";

/** The CPU modes of /proc/stat's `cpu` lines that make up its total, and what each is time spent on. */
export const CPU_MODE_MEANINGS = {
  user: "in user mode",
  nice: "in user mode at low priority",
  system: "in kernel mode",
  idle: "idle",
  iowait: "idle while I/O was outstanding",
  irq: "servicing interrupts",
  softirq: "servicing softirqs",
  steal: "stolen by the hypervisor",
} as const;
export type CpuMode = keyof typeof CPU_MODE_MEANINGS;

/** One number per CPU mode, each described by `describe(meaning)`. */
export const perCpuMode = (describe: (meaning: string) => string) =>
  Object.fromEntries(
    Object.entries(CPU_MODE_MEANINGS).map(([mode, meaning]) => [
      mode,
      z.number().describe(describe(meaning)),
    ]),
  ) as Record<CpuMode, z.ZodNumber>;

const seconds = (what: string) => `s (ticks / USER_HZ, 100) ${what}`;

/**
 * One `cpuN` line of /proc/stat in seconds: `node_cpu_seconds_total{cpu,mode}`; guest time is
 * also inside `user` and `nice` (node_cpu_guest_seconds_total).
 */
export const cpuSecondsSchema = z.looseObject({
  cpu: z.string().describe("N of the cpuN line, as text (node_exporter's `cpu` label)"),
  ...perCpuMode(seconds),
  guest: z.number().describe(seconds("running a guest (VM); already inside `user`")),
  guest_nice: z.number().describe(seconds("running a niced guest; already inside `nice`")),
});
export type CpuSeconds = z.infer<typeof cpuSecondsSchema>;

/**
 * /proc/meminfo with units applied: `<Key>_bytes` in bytes (kB × 1024), unit-less keys
 * (HugePages_*) as counts; `Active(anon)` → `Active_anon_bytes`. `node_memory_<key>`.
 */
export const meminfoSchema = z.record(z.string(), z.number());
export type Meminfo = z.infer<typeof meminfoSchema>;

const count = (what: string) => z.number().describe(what);

/** One interface of /proc/net/dev: `node_network_<field>_total{device}`. */
export const netDeviceCountersSchema = z.looseObject({
  device: z.string().describe("interface name"),
  receive_bytes: count("bytes received"),
  receive_packets: count("packets received"),
  receive_errs: count("receive errors"),
  receive_drop: count("received packets dropped"),
  receive_fifo: count("receive FIFO buffer errors"),
  receive_frame: count("receive framing errors"),
  receive_compressed: count("compressed packets received"),
  receive_multicast: count("multicast frames received"),
  transmit_bytes: count("bytes sent"),
  transmit_packets: count("packets sent"),
  transmit_errs: count("transmit errors"),
  transmit_drop: count("sent packets dropped"),
  transmit_fifo: count("transmit FIFO buffer errors"),
  transmit_colls: count("collisions"),
  transmit_carrier: count("carrier losses"),
  transmit_compressed: count("compressed packets sent"),
});
export type NetDeviceCounters = z.infer<typeof netDeviceCountersSchema>;

const newer = (what: string) => z.number().nullable().describe(`${what}; null on older kernels`);

/**
 * One /proc/diskstats device in base units (Documentation/admin-guide/iostats.rst): `node_disk_*`.
 * Sectors are always 512 bytes there, whatever the device's real sector size.
 */
export const diskCountersSchema = z.looseObject({
  major: count("device major number"),
  minor: count("device minor number"),
  device: z.string().describe("device name, e.g. sda, nvme0n1, md0"),
  reads_completed: count("reads completed"),
  reads_merged: count("adjacent reads merged"),
  read_bytes: count("bytes read (sectors × 512)"),
  read_time_seconds: count("s spent reading"),
  writes_completed: count("writes completed"),
  writes_merged: count("adjacent writes merged"),
  written_bytes: count("bytes written (sectors × 512)"),
  write_time_seconds: count("s spent writing"),
  io_now: count("I/Os in progress now (a gauge)"),
  io_time_seconds: count("s spent doing I/O"),
  io_time_weighted_seconds: count("s spent doing I/O, weighted by the I/Os in progress"),
  discards_completed: newer("discards completed (≥ 4.18)"),
  discards_merged: newer("adjacent discards merged (≥ 4.18)"),
  discarded_bytes: newer("bytes discarded, sectors × 512 (≥ 4.18)"),
  discard_time_seconds: newer("s spent discarding (≥ 4.18)"),
  flush_requests: newer("flush requests completed (≥ 5.5)"),
  flush_time_seconds: newer("s spent flushing (≥ 5.5)"),
});
export type DiskCounters = z.infer<typeof diskCountersSchema>;

/** A /proc/stat counter; null when the kernel's file has no such line. */
const statCounter = (what: string) => z.number().nullable().describe(`${what}; null when absent`);

/**
 * `system.stats` `counters`: the raw kernel counters of one sample, named after node_exporter's
 * metrics so the Prometheus exporter maps them one to one. Cumulative since boot unless a field
 * says it is a gauge.
 */
export const statsCountersSchema = z.looseObject({
  cpu: z.array(cpuSecondsSchema).describe("one entry per cpuN line, in file order"),
  boot_time: statCounter("s since the epoch (`btime`): node_boot_time_seconds"),
  context_switches: statCounter("context switches (`ctxt`): node_context_switches_total"),
  interrupts: statCounter("interrupts serviced (first number of `intr`): node_intr_total"),
  forks: statCounter("forks (`processes`): node_forks_total"),
  procs_running: statCounter("runnable processes now (a gauge): node_procs_running"),
  procs_blocked: statCounter("processes blocked on I/O now (a gauge): node_procs_blocked"),
  meminfo: meminfoSchema,
  network: z.array(netDeviceCountersSchema).describe("every interface, lo too"),
  disks: z.array(diskCountersSchema).describe("block devices not matching the input's diskDeviceExclude"),
});
export type StatsCounters = z.infer<typeof statsCountersSchema>;
