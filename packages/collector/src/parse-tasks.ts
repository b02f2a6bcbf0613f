import { CollectorError, type SerializedError, serializeError } from "./errors.js";
import { parseProcessesFiles, parseStatsFiles, parseStorageFiles } from "./inputs/host/parse/composite.js";
import { parseDiskstats } from "./inputs/host/parse/diskstats.js";
import { parseLoadavg, parseUptime } from "./inputs/host/parse/loadavg.js";
import { parseMdstat } from "./inputs/host/parse/mdstat.js";
import { parseMeminfo } from "./inputs/host/parse/meminfo.js";
import { parseMounts } from "./inputs/host/parse/mounts.js";
import { parseNetDev } from "./inputs/host/parse/net-dev.js";
import { parseStat } from "./inputs/host/parse/stat.js";

/**
 * Every task the parse pool can run, by name: pure functions from file contents to parsed
 * samples. The worker dispatches on this table; so does the in-process runner, so both paths
 * run the same code. Inputs and outputs must survive structured cloning (plain data only).
 * New inputs add their parsers here.
 */
export const PARSE_TASKS = {
  parseStat,
  parseMeminfo,
  parseLoadavg,
  parseUptime,
  parseNetDev,
  parseDiskstats,
  parseMdstat,
  parseMounts,
  "host.stats": parseStatsFiles,
  "host.processes": parseProcessesFiles,
  "host.storage": parseStorageFiles,
} as const;

type Tasks = typeof PARSE_TASKS;
export type ParseTaskName = keyof Tasks;
export type TaskInput<N extends ParseTaskName> = Parameters<Tasks[N]>[0];
export type TaskOutput<N extends ParseTaskName> = ReturnType<Tasks[N]>;

/** A task's result as it crosses the worker boundary: errors as plain data keep their code. */
export type TaskOutcome = { ok: true; value: unknown } | { ok: false; error: SerializedError };

/** Runs a task by name; never throws (unknown names and parse failures become error outcomes). */
export function runParseTask(name: string, input: unknown): TaskOutcome {
  try {
    if (!Object.hasOwn(PARSE_TASKS, name)) {
      throw new CollectorError("WW_COLLECTOR_UNKNOWN_TASK", `no parse task named '${name}'`);
    }
    const task = PARSE_TASKS[name as ParseTaskName] as (input: unknown) => unknown;
    return { ok: true, value: task(input) };
  } catch (err) {
    return { ok: false, error: serializeError(err) };
  }
}
