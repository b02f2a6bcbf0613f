import { numberedLines, parseError, uint } from "./parse-error.js";

/** Kernel clock ticks per second of /proc/stat (USER_HZ); 100 on every Linux architecture in use. */
export const USER_HZ = 100;

/** CPU time by mode, in USER_HZ ticks, as /proc/stat's `cpu` lines give it. */
export interface CpuTicks {
  user: number;
  nice: number;
  system: number;
  idle: number;
  iowait: number;
  irq: number;
  softirq: number;
  steal: number;
  /** Already included in `user` by the kernel. */
  guest: number;
  /** Already included in `nice` by the kernel. */
  guest_nice: number;
}

export const CPU_MODES = ["user", "nice", "system", "idle", "iowait", "irq", "softirq", "steal"] as const;
const ALL_FIELDS = [...CPU_MODES, "guest", "guest_nice"] as const;

export interface ProcStat {
  /** Aggregate of all CPUs (`cpu` line). */
  total: CpuTicks;
  /** Per-CPU lines in file order; `cpu` is the N of `cpuN` (offline CPUs are absent). */
  cpus: (CpuTicks & { cpu: number })[];
  /** Boot time, seconds since the epoch (`btime`). */
  boot_time: number | null;
  context_switches: number | null;
  /** Total interrupts serviced since boot (first number of `intr`). */
  interrupts: number | null;
  /** Forks since boot (`processes`). */
  forks: number | null;
  procs_running: number | null;
  procs_blocked: number | null;
}

/**
 * Parses /proc/stat (proc(5)). CPU lines carry 4 to 10 tick counters depending on the kernel
 * (iowait since 2.5.41, irq/softirq 2.6.0, steal 2.6.11, guest 2.6.24, guest_nice 2.6.33);
 * missing trailing ones are 0. Throws `WW_COLLECTOR_PARSE` naming the line on a truncated or
 * non-numeric CPU line or a missing aggregate `cpu` line. Other lines are not interpreted
 * beyond the counters listed on {@link ProcStat}.
 */
export function parseStat(text: string): ProcStat {
  let total: CpuTicks | null = null;
  const cpus: ProcStat["cpus"] = [];
  const result: Omit<ProcStat, "total" | "cpus"> = {
    boot_time: null,
    context_switches: null,
    interrupts: null,
    forks: null,
    procs_running: null,
    procs_blocked: null,
  };
  for (const { line, no } of numberedLines(text)) {
    const trimmed = line.trim();
    const gap = trimmed.search(/\s/);
    const key = gap === -1 ? trimmed : trimmed.slice(0, gap);
    if (key.startsWith("cpu")) {
      const fields = trimmed.split(/\s+/).slice(1);
      if (key === "cpu") total = cpuTicks(fields, no);
      else if (/^cpu\d+$/.test(key)) cpus.push({ cpu: Number(key.slice(3)), ...cpuTicks(fields, no) });
      else throw parseError(`line ${no}: '${key}' is not a cpu line`);
      continue;
    }
    const field = SINGLE_COUNTERS.get(key);
    if (field === undefined) continue;
    // Only the first number is used: `intr` and `softirq` lines run to thousands of fields.
    result[field] = uint(firstToken(trimmed, gap), key === "intr" ? "intr total" : key, no);
  }
  if (total === null) throw parseError("no aggregate 'cpu' line");
  return { total, cpus, ...result };
}

/** Lines whose first number is kept, by key, and where it goes. */
const SINGLE_COUNTERS = new Map<string, Exclude<keyof ProcStat, "total" | "cpus">>([
  ["btime", "boot_time"],
  ["ctxt", "context_switches"],
  ["intr", "interrupts"],
  ["processes", "forks"],
  ["procs_running", "procs_running"],
  ["procs_blocked", "procs_blocked"],
]);

/** The whitespace-separated token after the key (which ends at `gap`); undefined when none. */
function firstToken(trimmed: string, gap: number): string | undefined {
  if (gap === -1) return undefined;
  const rest = trimmed.slice(gap).trimStart();
  const end = rest.search(/\s/);
  return end === -1 ? rest : rest.slice(0, end);
}

function cpuTicks(fields: string[], lineNo: number): CpuTicks {
  if (fields.length < 4) {
    throw parseError(
      `line ${lineNo}: cpu line has ${fields.length} counters, at least 4 expected (truncated?)`,
    );
  }
  const ticks = {} as CpuTicks;
  ALL_FIELDS.forEach((mode, i) => {
    ticks[mode] = i < fields.length ? uint(fields[i], mode, lineNo) : 0;
  });
  return ticks;
}
