import type { Collector } from "../../collector.js";
import type { InputContext, InputDefinition } from "../../registry.js";
import { type HostConfig, hostConfigSchema } from "./config.js";
import { createLocalHostSource } from "./files.js";
import type { HostSource } from "./host-source.js";
import { createProcessesTask } from "./processes.js";
import { createStatsTask } from "./stats.js";
import { createStorageTask } from "./storage.js";

/**
 * Builds the `host` input over `source` — the machine its gathers read: this one's /proc, /sys
 * and root (what the definition below uses), or recorded trees in tests.
 */
export function createHostCollector(config: HostConfig, ctx: InputContext, source: HostSource): Collector {
  return {
    name: "host",
    host: config.hostname ?? ctx.host,
    tasks: [
      createStatsTask(config, ctx, source),
      createProcessesTask(config, ctx, source),
      createStorageTask(config, ctx, source),
    ],
    close: async () => source.close(),
  };
}

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
  create: (config, ctx) => createHostCollector(config, ctx, createLocalHostSource(config.paths)),
};

export { type HostConfig, type HostConfigInput, hostConfigSchema } from "./config.js";
