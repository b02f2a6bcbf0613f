import type { GatherTask } from "../../collector.js";
import { CollectorError } from "../../errors.js";
import type { InputContext } from "../../registry.js";
import type { HostConfig } from "./config.js";
import { ABSENT, errnoOf, VANISHED } from "./files.js";
import type { HostSource } from "./host-source.js";
import type { FileText, ProcessesFiles, ProcessesSample } from "./parse/composite.js";
import { formatCmdline } from "./parse/proc-pid.js";
import { buildProcessesPayload, type TickSnapshot, truncate } from "./processes-payload.js";

/**
 * `system.processes` every `processesIntervalMs`: reads stat and status of every /proc/<pid>,
 * meminfo (for percent_ram) and <root>/etc/passwd (user names), parses them in the pool
 * (`host.processes`), ranks them, then reads the cmdline of the listed ones. A process that
 * exits while being read is skipped.
 */
export function createProcessesTask(config: HostConfig, ctx: InputContext, files: HostSource): GatherTask {
  let previous: TickSnapshot | null = null;
  // stat and status of every process (and meminfo) stay open from one round to the next.
  const reader = files.keepOpen();

  /** Gone or hidden since it was listed (hidepid): the process is skipped, not a failure. */
  const vanished = (err: unknown): boolean =>
    err instanceof CollectorError &&
    (VANISHED.has(errnoOf(err.cause) ?? "") || errnoOf(err.cause) === "EACCES");

  /** A process's command line; `null` when it vanished meanwhile (as a failed read of its stat). */
  const readCmdline = async (pid: number, signal: AbortSignal): Promise<string | null> => {
    try {
      const cmdline = await files.readOptional(files.procPath(String(pid), "cmdline"), signal);
      return formatCmdline(cmdline?.text ?? null);
    } catch (err) {
      if (signal.aborted) throw signal.reason;
      if (vanished(err)) return null;
      throw err;
    }
  };

  /**
   * The payload, with the command lines of the listed processes only: they are read after the
   * ranking (two lists of `topProcesses` instead of every process). A listed process that
   * vanished before its command line was read is dropped, as if its stat had failed, and the
   * lists are ranked again without it.
   */
  const buildPayload = async (parsed: ProcessesSample, atMs: number, signal: AbortSignal) => {
    const cmdlines = new Map<number, string>();
    let sample = parsed;
    for (;;) {
      const built = buildProcessesPayload(sample, previous, atMs, config);
      if (!config.processCmdline) return built;
      const listed = [...built.payload.by_memory, ...built.payload.by_cpu];
      const missing = [...new Set(listed.map((e) => e.pid))].filter((pid) => !cmdlines.has(pid));
      const gone = new Set<number>();
      await Promise.all(
        missing.map(async (pid) => {
          const cmdline = await readCmdline(pid, signal);
          if (cmdline === null) gone.add(pid);
          else cmdlines.set(pid, cmdline);
        }),
      );
      if (gone.size > 0) {
        sample = { ...sample, processes: sample.processes.filter((p) => !gone.has(p.pid)) };
        continue;
      }
      for (const entry of listed)
        entry.cmdline = truncate(cmdlines.get(entry.pid) ?? "", config.maxCmdlineLength);
      return built;
    }
  };

  return {
    name: "processes",
    intervalMs: config.processesIntervalMs,
    jitterMs: config.jitterMs,
    ...(config.timeoutMs === undefined ? {} : { timeoutMs: config.timeoutMs }),
    async gather(acc, signal) {
      const atMs = ctx.clock.now();
      const pids = (await files.list(files.procPath()))
        .filter((name) => /^\d+$/.test(name))
        .map(Number)
        .sort((a, b) => a - b);
      // `${procDir}/${pid}` is files.procPath(pid) without a path.join per process.
      const procDir = files.procPath().replace(/\/+$/, "");
      const dirs = pids.map((pid) => `${procDir}/${pid}`);
      const texts = await reader.readMany(
        dirs.flatMap((dir) => [`${dir}/stat`, `${dir}/status`]),
        signal,
      );
      const processes: ProcessesFiles["processes"] = [];
      pids.forEach((pid, i) => {
        const stat = texts[2 * i]!;
        const status = texts[2 * i + 1]!;
        const statusAbsent = status instanceof CollectorError && ABSENT.has(errnoOf(status.cause) ?? "");
        for (const result of statusAbsent ? [stat] : [stat, status]) {
          // Exited between listing and reading, or hidden from us (hidepid): not an input failure.
          if (result instanceof CollectorError) {
            if (vanished(result)) return;
            throw result;
          }
        }
        processes.push({
          pid,
          path: dirs[i]!,
          stat: (stat as FileText).text,
          status: statusAbsent ? null : (status as FileText).text,
          cmdline: null,
        });
      });
      const [meminfo, passwd] = await Promise.all([
        reader.read(files.procPath("meminfo"), signal),
        files.readOptional(files.rootPath("etc", "passwd"), signal),
      ]);
      reader.endRound();
      const sample = await ctx.runner.runTask("host.processes", { meminfo, passwd, processes }, { signal });
      const { payload, snapshot } = await buildPayload(sample, atMs, signal);
      acc.emit("system.processes", payload, { timestamp: atMs });
      previous = snapshot;
    },
  };
}
