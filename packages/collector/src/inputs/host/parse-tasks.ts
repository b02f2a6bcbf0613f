import { parseProcessesFiles, parseStatsFiles, parseStorageFiles } from "./parse/composite.js";
import { parseDiskstats } from "./parse/diskstats.js";
import { parseLoadavg, parseUptime } from "./parse/loadavg.js";
import { parseMdstat } from "./parse/mdstat.js";
import { parseMeminfo } from "./parse/meminfo.js";
import { parseMounts } from "./parse/mounts.js";
import { parseNetDev } from "./parse/net-dev.js";
import { parseStat } from "./parse/stat.js";

/**
 * The host input's parse tasks: one per schedule (`host.stats`, `host.processes`,
 * `host.storage`: every file of a round in one task) and each file parser on its own. Pure
 * functions of file text, run inline or in a parse worker (see ../../parse-tasks.ts).
 */
export const hostParseTasks = {
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
