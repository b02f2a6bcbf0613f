import type { SystemProcesses } from "@wirewatch/protocol";
import type { GatherTask } from "../../collector.js";
import { CollectorError } from "../../errors.js";
import type { InputContext } from "../../registry.js";
import type { HostConfig } from "./config.js";
import { errnoOf, type HostFiles, VANISHED } from "./files.js";
import type { ProcessesFiles } from "./parse/composite.js";
import { buildProcessesPayload, type TickSnapshot } from "./processes-payload.js";

/** Processes read concurrently (bounded so a host with 30 000 pids does not open them all). */
const READ_CONCURRENCY = 64;

/**
 * `system.processes` every `processesIntervalMs`: reads stat, status and cmdline of every
 * /proc/<pid>, meminfo (for percent_ram) and <root>/etc/passwd (user names), parses them in the
 * pool (`host.processes`) and ranks them. A process that exits while being read is skipped.
 */
export function createProcessesTask(config: HostConfig, ctx: InputContext, files: HostFiles): GatherTask {
  let previous: TickSnapshot | null = null;
  const readProcess = async (
    pid: number,
    signal: AbortSignal,
  ): Promise<ProcessesFiles["processes"][number] | null> => {
    const dir = files.procPath(String(pid));
    try {
      const [stat, status, cmdline] = await Promise.all([
        files.read(`${dir}/stat`, signal),
        files.readOptional(`${dir}/status`, signal),
        config.processCmdline ? files.readOptional(`${dir}/cmdline`, signal) : null,
      ]);
      return {
        pid,
        path: dir,
        stat: stat.text,
        status: status?.text ?? null,
        cmdline: cmdline?.text ?? null,
      };
    } catch (err) {
      if (signal.aborted) throw signal.reason;
      // Exited between listing and reading, or hidden from us (hidepid): not an input failure.
      if (
        err instanceof CollectorError &&
        (VANISHED.has(errnoOf(err.cause) ?? "") || errnoOf(err.cause) === "EACCES")
      ) {
        return null;
      }
      throw err;
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
      const processes: ProcessesFiles["processes"] = [];
      for (let i = 0; i < pids.length; i += READ_CONCURRENCY) {
        const batch = await Promise.all(
          pids.slice(i, i + READ_CONCURRENCY).map((pid) => readProcess(pid, signal)),
        );
        for (const proc of batch) if (proc) processes.push(proc);
      }
      const [meminfo, passwd] = await Promise.all([
        files.read(files.procPath("meminfo"), signal),
        files.readOptional(files.rootPath("etc", "passwd"), signal),
      ]);
      const sample = await ctx.runner.runTask("host.processes", { meminfo, passwd, processes }, { signal });
      const { payload, snapshot } = buildProcessesPayload(sample, previous, atMs, config);
      const data: SystemProcesses = payload;
      acc.emit("system.processes", data, { timestamp: atMs });
      previous = snapshot;
    },
  };
}
