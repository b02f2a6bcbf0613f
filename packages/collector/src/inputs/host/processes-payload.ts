import type { HostProcesses, ProcessEntry } from "@wirewatch/protocol";
import type { ProcessesSample } from "./parse/composite.js";
import type { ProcessSample } from "./parse/proc-pid.js";
import { USER_HZ } from "./parse/stat.js";
import { increase, round2 } from "./rates.js";

export interface ProcessesOptions {
  topProcesses: number;
  processCmdline: boolean;
  maxCmdlineLength: number;
}

/** CPU ticks per process at one moment, keyed `pid:starttime` so a reused pid is a new process. */
export interface TickSnapshot {
  atMs: number;
  ticks: Map<string, number>;
}

const keyOf = (p: ProcessSample): string => `${p.pid}:${p.start_ticks}`;

/**
 * The `system.processes` payload: the top `topProcesses` by resident memory and by CPU.
 * `cpu_percent` is the share of one CPU over the time since the previous sample (top's
 * convention: a process using two cores shows 200); 0 on the first sample and for processes
 * that started since. `percent_ram` is RSS over MemTotal. Ties keep the lower pid first.
 */
export function buildProcessesPayload(
  sample: ProcessesSample,
  previous: TickSnapshot | null,
  atMs: number,
  options: ProcessesOptions,
): { payload: HostProcesses; snapshot: TickSnapshot } {
  const seconds = previous && atMs > previous.atMs ? (atMs - previous.atMs) / 1000 : 0;
  const users = new Map(sample.users);
  const ticks = new Map<string, number>();
  const entries = sample.processes.map((p) => {
    ticks.set(keyOf(p), p.cpu_ticks);
    const before = previous?.ticks.get(keyOf(p));
    const entry: ProcessEntry = {
      pid: p.pid,
      name: p.name,
      rss_bytes: p.rss_bytes,
      percent_ram: sample.memTotalBytes > 0 ? round2((p.rss_bytes / sample.memTotalBytes) * 100) : 0,
      cpu_percent:
        before !== undefined && seconds > 0
          ? round2((increase(before, p.cpu_ticks) / USER_HZ / seconds) * 100)
          : 0,
      state: p.state,
      ppid: p.ppid,
      threads: p.threads,
    };
    if (p.uid !== null) entry.username = users.get(p.uid) ?? String(p.uid);
    if (options.processCmdline) entry.cmdline = truncate(p.cmdline, options.maxCmdlineLength);
    return { entry, cpuTicks: p.cpu_ticks };
  });
  const top = (
    compare: (a: (typeof entries)[number], b: (typeof entries)[number]) => number,
  ): ProcessEntry[] =>
    [...entries]
      .sort((a, b) => compare(a, b) || a.entry.pid - b.entry.pid)
      .slice(0, options.topProcesses)
      .map((e) => e.entry);
  return {
    payload: {
      total: entries.length,
      by_memory: top((a, b) => b.entry.rss_bytes - a.entry.rss_bytes),
      // On the first sample every cpu_percent is 0; lifetime CPU time orders them meanwhile.
      by_cpu: top((a, b) => b.entry.cpu_percent - a.entry.cpu_percent || b.cpuTicks - a.cpuTicks),
      rate_window_s: round2(seconds),
    },
    snapshot: { atMs, ticks },
  };
}

/** `text` cut to `max` characters, the last one `…` when cut. */
export function truncate(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}
