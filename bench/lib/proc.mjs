// Process and machine accounting from /proc (Linux), shared by the gateway and collector benchmarks.
import { execFileSync } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import { cpus } from "node:os";

/** Clock ticks per second of /proc/<pid>/stat's utime/stime (USER_HZ, 100 on Linux). */
export const CLK_TCK = 100;

/** CPU seconds (user + system, every thread) a process has used so far. */
export function cpuSeconds(pid) {
  const text = readFileSync(`/proc/${pid}/stat`, "utf8");
  // comm may contain spaces and parentheses: fields start after the last ')'.
  const fields = text.slice(text.lastIndexOf(")") + 2).split(" ");
  const utime = Number(fields[11]);
  const stime = Number(fields[12]);
  return { user: utime / CLK_TCK, system: stime / CLK_TCK, total: (utime + stime) / CLK_TCK };
}

/** CPU seconds per thread of a process, keyed by tid, with the thread's name (comm). */
export function threadCpu(pid) {
  const out = new Map();
  for (const tid of readdirSync(`/proc/${pid}/task`)) {
    try {
      const comm = readFileSync(`/proc/${pid}/task/${tid}/comm`, "utf8").trim();
      out.set(tid, { comm, ...cpuSeconds(`${pid}/task/${tid}`) });
    } catch {}
  }
  return out;
}

/** VmRSS and VmHWM (peak) of a process, in bytes. */
export function rssBytes(pid) {
  const text = readFileSync(`/proc/${pid}/status`, "utf8");
  const kb = (key) => Number(text.match(new RegExp(`^${key}:\\s+(\\d+) kB`, "m"))?.[1] ?? Number.NaN);
  return {
    rss: kb("VmRSS") * 1024,
    hwm: kb("VmHWM") * 1024,
    threads: Number(text.match(/^Threads:\s+(\d+)/m)?.[1]),
  };
}

/** Machine-wide CPU time from /proc/stat: busy and total jiffies over every core. */
export function machineCpu() {
  const line = readFileSync("/proc/stat", "utf8").split("\n")[0];
  const [, ...values] = line.trim().split(/\s+/);
  const [user, nice, system, idle, iowait, irq, softirq, steal] = values.map(Number);
  const busy = user + nice + system + irq + softirq + steal;
  return { busy: busy / CLK_TCK, total: (busy + idle + iowait) / CLK_TCK, steal: steal / CLK_TCK };
}

/**
 * Watches a set of pids over an interval: `start()` then `stop()` gives CPU % of one core per
 * pid, machine-wide busy cores, and the share of that not explained by the watched pids
 * (other work on the machine: the noise indicator).
 */
export function cpuWindow(pids) {
  const started = performance.now();
  const before = new Map(pids.map((pid) => [pid, cpuSeconds(pid)]));
  const machineBefore = machineCpu();
  return {
    stop() {
      const seconds = (performance.now() - started) / 1000;
      const perPid = {};
      const detail = {};
      let ours = 0;
      for (const pid of pids) {
        let used = { total: Number.NaN, user: Number.NaN, system: Number.NaN };
        try {
          const now = cpuSeconds(pid);
          const then = before.get(pid);
          used = {
            total: now.total - then.total,
            user: now.user - then.user,
            system: now.system - then.system,
          };
        } catch {}
        perPid[pid] = (used.total / seconds) * 100;
        detail[pid] = { user: (used.user / seconds) * 100, system: (used.system / seconds) * 100 };
        if (Number.isFinite(used.total)) ours += used.total;
      }
      const machine = machineCpu();
      const busy = machine.busy - machineBefore.busy;
      return {
        seconds,
        perPid,
        detail,
        machineBusyPercent: (busy / seconds) * 100,
        otherPercent: Math.max(0, ((busy - ours) / seconds) * 100),
        stealPercent: ((machine.steal - machineBefore.steal) / seconds) * 100,
      };
    },
  };
}

/** Machine-wide busy time over `ms` (before a run starts: how loaded the machine already is), % of one core. */
export async function machineBusyPercent(ms = 2000) {
  const before = machineCpu();
  await new Promise((resolve) => setTimeout(resolve, ms));
  const after = machineCpu();
  return ((after.busy - before.busy) / (ms / 1000)) * 100;
}

/** The commit the packages were built from, and whether packages/ had uncommitted changes. */
export function treeState() {
  try {
    const run = (args) =>
      execFileSync("git", args, { cwd: new URL("../..", import.meta.url), encoding: "utf8" }).trim();
    const head = run(["rev-parse", "--short", "HEAD"]);
    const dirty = run(["status", "--porcelain", "--", "packages", "apps"]).split("\n").filter(Boolean).length;
    return dirty ? `${head} + ${dirty} uncommitted change(s) under packages/ and apps/` : head;
  } catch {
    return "unknown (no git)";
  }
}

/** The header every result file carries. */
export function runHeader(command) {
  const cpu = cpus();
  return [
    `Run ${new Date().toISOString()} · Node ${process.version} · ${cpu.length} × ${cpu[0]?.model.trim()} · Linux ${readFileSync("/proc/sys/kernel/osrelease", "utf8").trim()}`,
    `Command: \`${command}\` · packages built from ${treeState()}`,
  ].join("  \n");
}

export const fmt = (n, digits = 0) =>
  Number.isFinite(n)
    ? n.toLocaleString("en-US", { maximumFractionDigits: digits, minimumFractionDigits: digits })
    : "—";

/** Wall clock in ms with sub-ms resolution, comparable across processes on one machine. */
export const wallMs = () => performance.timeOrigin + performance.now();

export const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** A markdown table from a header row and rows of cells. */
export function table(header, rows) {
  return [
    `| ${header.join(" | ")} |`,
    `|${header.map(() => "---").join("|")}|`,
    ...rows.map((row) => `| ${row.join(" | ")} |`),
  ].join("\n");
}
