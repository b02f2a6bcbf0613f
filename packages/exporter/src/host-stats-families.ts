import {
  CPU_MODE_MEANINGS,
  type CpuMode,
  type HostStats,
  type StatsCounters,
  type SystemStats,
} from "@wirewatch/protocol";
import { createFamilyBuilder, type FamilyBlock } from "./family-builder.js";
import { sanitizeMetricName } from "./text-format.js";

type Num = number | null | undefined;

const CPU_MODES = Object.keys(CPU_MODE_MEANINGS) as CpuMode[];
const num = (v: unknown): Num => (typeof v === "number" ? v : undefined);

/** `counters.disks[]` field → node_exporter's `node_disk_*` name, scale and type. */
const DISK_FIELDS: readonly [string, string, "counter" | "gauge", number][] = [
  ["reads_completed", "reads_completed_total", "counter", 1],
  ["reads_merged", "reads_merged_total", "counter", 1],
  ["read_bytes", "read_bytes_total", "counter", 1],
  ["read_time_seconds", "read_time_seconds_total", "counter", 1],
  ["writes_completed", "writes_completed_total", "counter", 1],
  ["writes_merged", "writes_merged_total", "counter", 1],
  ["written_bytes", "written_bytes_total", "counter", 1],
  ["write_time_seconds", "write_time_seconds_total", "counter", 1],
  ["io_now", "io_now", "gauge", 1],
  ["io_time_seconds", "io_time_seconds_total", "counter", 1],
  ["io_time_weighted_seconds", "io_time_weighted_seconds_total", "counter", 1],
  ["discards_completed", "discards_completed_total", "counter", 1],
  ["discards_merged", "discards_merged_total", "counter", 1],
  ["discarded_bytes", "discarded_sectors_total", "counter", 1 / 512],
  ["discard_time_seconds", "discard_time_seconds_total", "counter", 1],
  ["flush_requests", "flush_requests_total", "counter", 1],
  ["flush_time_seconds", "flush_requests_time_seconds_total", "counter", 1],
];

/**
 * node_exporter's families from one `system.stats` event of `host` (see the host input's
 * README, `counters`): cpu, memory, network, disk, load, stat counters, boot/now time and
 * uname. `timeSeconds` is the event's timestamp (node_time_seconds). Missing parts are skipped
 * (an older collector sends no `uname`).
 */
export function hostStatsFamilies(host: string, data: SystemStats, timeSeconds: number): FamilyBlock[] {
  const b = createFamilyBuilder(host);
  const c: Partial<StatsCounters> = data.counters ?? {};

  for (const cpu of c.cpu ?? []) {
    const id = String(cpu.cpu ?? "");
    for (const mode of CPU_MODES) {
      b.add(
        "node_cpu_seconds_total",
        "counter",
        "Seconds the CPUs spent in each mode.",
        { cpu: id, mode },
        num(cpu[mode]),
      );
    }
    for (const [field, mode] of [
      ["guest", "user"],
      ["guest_nice", "nice"],
    ] as const) {
      b.add(
        "node_cpu_guest_seconds_total",
        "counter",
        "Seconds the CPUs spent in guests (VMs) for each mode.",
        { cpu: id, mode },
        num(cpu[field]),
      );
    }
  }

  for (const [key, value] of Object.entries(c.meminfo ?? {})) {
    const name = `node_memory_${sanitizeMetricName(key)}`;
    b.add(name, "gauge", `Memory information field ${key}.`, {}, value);
  }

  for (const dev of c.network ?? []) {
    const device = String(dev.device ?? "");
    for (const [field, value] of Object.entries(dev)) {
      if (field === "device") continue;
      const name = `node_network_${sanitizeMetricName(field)}_total`;
      b.add(name, "counter", `Network device statistic ${field}.`, { device }, num(value));
    }
  }

  for (const disk of c.disks ?? []) {
    const device = String(disk.device ?? "");
    for (const [field, suffix, type, scale] of DISK_FIELDS) {
      const value = num(disk[field]);
      const help = `Disk statistic ${field} from /proc/diskstats.`;
      b.add(`node_disk_${suffix}`, type, help, { device }, typeof value === "number" ? value * scale : value);
    }
  }

  const load = data.load_average ?? [];
  b.add("node_load1", "gauge", "1m load average.", {}, load[0]);
  b.add("node_load5", "gauge", "5m load average.", {}, load[1]);
  b.add("node_load15", "gauge", "15m load average.", {}, load[2]);

  b.add("node_boot_time_seconds", "gauge", "Node boot time, in unixtime.", {}, c.boot_time ?? data.boot_time);
  b.add("node_time_seconds", "gauge", "System time in seconds since epoch (1970).", {}, timeSeconds);
  b.add(
    "node_context_switches_total",
    "counter",
    "Total number of context switches.",
    {},
    c.context_switches,
  );
  b.add("node_intr_total", "counter", "Total number of interrupts serviced.", {}, c.interrupts);
  b.add("node_forks_total", "counter", "Total number of forks.", {}, c.forks);
  b.add("node_procs_running", "gauge", "Number of processes in runnable state.", {}, c.procs_running);
  b.add(
    "node_procs_blocked",
    "gauge",
    "Number of processes blocked waiting for I/O to complete.",
    {},
    c.procs_blocked,
  );

  const u: Partial<HostStats["uname"]> = data.uname ?? {};
  const uname = {
    domainname: "(none)",
    machine: u.machine ?? "",
    nodename: typeof u.nodename === "string" ? u.nodename : host,
    release: u.release ?? "",
    sysname: u.sysname ?? "Linux",
    version: u.version ?? "",
  };
  b.add(
    "node_uname_info",
    "gauge",
    "Labeled system information as provided by the uname system call.",
    uname,
    1,
  );
  return b.blocks();
}
