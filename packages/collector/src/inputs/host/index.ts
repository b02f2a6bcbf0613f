import type { Collector } from "../../collector.js";
import type { InputDefinition } from "../../registry.js";
import { type HostConfig, hostConfigSchema } from "./config.js";
import { createLocalHostSource } from "./files.js";
import { createProcessesTask } from "./processes.js";
import { createStatsTask } from "./stats.js";
import { createStorageTask } from "./storage.js";

/**
 * The `host` input: this machine's (or, with `paths`, a mounted host's) CPU, memory, load,
 * network, disks, processes, md arrays and filesystems, as three schedules — `host.stats`
 * (`system.stats`), `host.processes` (`system.processes`), `host.storage` (`storage.status`,
 * and `jobs` for md resync/recovery/check/repair/reshape).
 * See README.md beside this file for every field and its unit.
 */
export const hostInput: InputDefinition<HostConfig> = {
  description: "CPU, memory, load, network, disks, processes, md RAID and filesystems from /proc and /sys",
  configSchema: hostConfigSchema,
  create(config, ctx): Collector {
    const files = createLocalHostSource(config.paths);
    return {
      name: "host",
      configSchema: hostConfigSchema,
      host: config.hostname ?? ctx.host,
      tasks: [
        createStatsTask(config, ctx, files),
        createProcessesTask(config, ctx, files),
        createStorageTask(config, ctx, files),
      ],
      close: async () => files.close(),
    };
  },
};

export { type HostConfig, type HostConfigInput, hostConfigSchema } from "./config.js";
export type { MdArray, MdMember, MdSync } from "./parse/mdstat.js";
export type { HostProcesses, ProcessEntry } from "./processes-payload.js";
export {
  RAID_STEPS,
  type RaidJobEvent,
  type RaidProgress,
  type RaidStep,
  type RaidTaskFinished,
} from "./raid-jobs.js";
export type { HostStats } from "./stats-payload.js";
export type { HostStorage } from "./storage.js";
