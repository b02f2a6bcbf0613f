import type { StatsSample } from "./parse/composite.js";
import { summarizeMemory } from "./parse/meminfo.js";
import { type CpuTicks, USER_HZ } from "./parse/stat.js";
import { cpuBusyPercent, cpuModePercents, perSecond, round2 } from "./rates.js";

export interface StatsFilters {
  /** Interfaces left out of the network_io totals. */
  netDeviceExclude: RegExp;
  /** Block devices left out of disk_io and counters.disks. */
  diskDeviceExclude: RegExp;
}

export interface TimedSample {
  sample: StatsSample;
  atMs: number;
}

const percentOf = (part: number, whole: number): number => (whole > 0 ? round2((part / whole) * 100) : 0);
const sum = <T>(items: readonly T[], pick: (item: T) => number): number =>
  items.reduce((a, i) => a + pick(i), 0);

/**
 * The `system.stats` payload from the current sample and the previous one (architecture §3 and the
 * host README). Rates and CPU percentages cover the time between the two samples
 * (`rate_window_s`); on the first sample there is no window and they are all 0.
 */
export function buildStatsPayload(current: TimedSample, previous: TimedSample | null, filters: StatsFilters) {
  const cur = current.sample;
  const prev = previous && current.atMs > previous.atMs ? previous.sample : null;
  const seconds = prev && previous ? (current.atMs - previous.atMs) / 1000 : 0;
  const mem = summarizeMemory(cur.meminfo);
  const prevCpus = new Map((prev?.stat.cpus ?? []).map((c) => [c.cpu, c as CpuTicks]));

  const nets = cur.netDev.filter((d) => !filters.netDeviceExclude.test(d.device));
  const prevNets = new Map((prev?.netDev ?? []).map((d) => [d.device, d]));
  const interfaces = nets.map((d) => ({
    name: d.device,
    bytes_recv: d.receive_bytes,
    bytes_sent: d.transmit_bytes,
    bytes_recv_per_sec: perSecond(prevNets.get(d.device)?.receive_bytes, d.receive_bytes, seconds),
    bytes_sent_per_sec: perSecond(prevNets.get(d.device)?.transmit_bytes, d.transmit_bytes, seconds),
  }));

  const disks = cur.diskstats.filter((d) => !filters.diskDeviceExclude.test(d.device));
  const prevDisks = new Map((prev?.diskstats ?? []).map((d) => [d.device, d]));
  const diskIo = disks.map((d) => {
    const p = prevDisks.get(d.device);
    return {
      device: d.device,
      read_bytes_per_sec: perSecond(p?.read_bytes, d.read_bytes, seconds),
      write_bytes_per_sec: perSecond(p?.written_bytes, d.written_bytes, seconds),
      reads_per_sec: perSecond(p?.reads_completed, d.reads_completed, seconds),
      writes_per_sec: perSecond(p?.writes_completed, d.writes_completed, seconds),
      busy_percent: Math.min(100, perSecond(p?.io_time_seconds, d.io_time_seconds, seconds) * 100),
    };
  });

  const zeroModes = cpuModePercents(cur.stat.total, cur.stat.total);
  return {
    cpu_percent: prev ? cpuBusyPercent(prev.stat.total, cur.stat.total) : 0,
    cpu_per_core: cur.stat.cpus.map((c) => {
      const p = prevCpus.get(c.cpu);
      return prev && p ? cpuBusyPercent(p, c) : 0;
    }),
    cpu_modes_percent: prev ? cpuModePercents(prev.stat.total, cur.stat.total) : zeroModes,
    cpu_count: cur.stat.cpus.length,
    memory_percent: percentOf(mem.used, mem.total),
    memory_used: mem.used,
    memory_total: mem.total,
    memory_available: mem.available,
    memory_available_estimated: mem.available_estimated,
    memory_free: mem.free,
    memory_buffers: mem.buffers,
    memory_cached: mem.cached,
    swap: {
      total: mem.swap_total,
      used: mem.swap_used,
      free: mem.swap_free,
      percent: percentOf(mem.swap_used, mem.swap_total),
    },
    uptime: cur.uptime,
    boot_time: cur.stat.boot_time,
    load_average: cur.loadavg.load,
    network_io: {
      bytes_sent: sum(nets, (d) => d.transmit_bytes),
      bytes_recv: sum(nets, (d) => d.receive_bytes),
      bytes_sent_per_sec: round2(sum(interfaces, (i) => i.bytes_sent_per_sec)),
      bytes_recv_per_sec: round2(sum(interfaces, (i) => i.bytes_recv_per_sec)),
      packets_sent: sum(nets, (d) => d.transmit_packets),
      packets_recv: sum(nets, (d) => d.receive_packets),
      interfaces,
    },
    disk_io: diskIo,
    rate_window_s: round2(seconds),
    counters: {
      cpu: cur.stat.cpus.map((c) => ({
        cpu: String(c.cpu),
        user: c.user / USER_HZ,
        nice: c.nice / USER_HZ,
        system: c.system / USER_HZ,
        idle: c.idle / USER_HZ,
        iowait: c.iowait / USER_HZ,
        irq: c.irq / USER_HZ,
        softirq: c.softirq / USER_HZ,
        steal: c.steal / USER_HZ,
        guest: c.guest / USER_HZ,
        guest_nice: c.guest_nice / USER_HZ,
      })),
      boot_time: cur.stat.boot_time,
      context_switches: cur.stat.context_switches,
      interrupts: cur.stat.interrupts,
      forks: cur.stat.forks,
      procs_running: cur.stat.procs_running,
      procs_blocked: cur.stat.procs_blocked,
      meminfo: cur.meminfo,
      network: cur.netDev,
      disks,
    },
  };
}
