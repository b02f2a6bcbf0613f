import type { DiskCounters, MdArray, Meminfo, NetDeviceCounters } from "@wirewatch/protocol";
import { parseDiskstats } from "./diskstats.js";
import { type Loadavg, parseLoadavg, parseUptime } from "./loadavg.js";
import { mdArrayStatus, parseMdstat } from "./mdstat.js";
import { parseMeminfo } from "./meminfo.js";
import { type MountEntry, parseMounts } from "./mounts.js";
import { parseNetDev } from "./net-dev.js";
import { inFile } from "./parse-error.js";
import { type ProcessFiles, type ProcessSample, parsePasswd, parseProcess } from "./proc-pid.js";
import { type ProcStat, parseStat } from "./stat.js";

/**
 * The host input's pool tasks: one per schedule, each parsing every file that schedule read in
 * one worker round trip. Inputs are file contents with their paths (so errors name the file);
 * outputs are absolute samples — rates need the previous sample, which lives on the main thread.
 * The SSH input can feed these with files read remotely.
 */
export interface FileText {
  path: string;
  text: string;
}

export interface StatsFiles {
  stat: FileText;
  meminfo: FileText;
  loadavg: FileText;
  uptime: FileText;
  /** Optional: a host without networking namespaces files still reports the rest. */
  netDev: FileText | null;
  diskstats: FileText | null;
}

export interface StatsSample {
  stat: ProcStat;
  meminfo: Meminfo;
  loadavg: Loadavg;
  uptime: number;
  netDev: NetDeviceCounters[];
  diskstats: DiskCounters[];
}

export function parseStatsFiles(files: StatsFiles): StatsSample {
  return {
    stat: inFile(files.stat.path, () => parseStat(files.stat.text)),
    meminfo: inFile(files.meminfo.path, () => parseMeminfo(files.meminfo.text)),
    loadavg: inFile(files.loadavg.path, () => parseLoadavg(files.loadavg.text)),
    uptime: inFile(files.uptime.path, () => parseUptime(files.uptime.text).uptime),
    netDev: files.netDev ? inFile(files.netDev.path, () => parseNetDev(files.netDev!.text)) : [],
    diskstats: files.diskstats
      ? inFile(files.diskstats.path, () => parseDiskstats(files.diskstats!.text))
      : [],
  };
}

export interface ProcessesFiles {
  meminfo: FileText;
  passwd: FileText | null;
  /** `path` is the process directory, e.g. /proc/1234. */
  processes: (ProcessFiles & { path: string })[];
}

export interface ProcessesSample {
  memTotalBytes: number;
  /** uid → user name from passwd. */
  users: [number, string][];
  processes: ProcessSample[];
}

export function parseProcessesFiles(files: ProcessesFiles): ProcessesSample {
  const meminfo = inFile(files.meminfo.path, () => parseMeminfo(files.meminfo.text));
  const processes: ProcessSample[] = [];
  for (const proc of files.processes) {
    // An empty stat is a process that exited while being read: not an error.
    if (proc.stat.trim().length === 0) continue;
    processes.push(inFile(`${proc.path}/stat`, () => parseProcess(proc)));
  }
  return {
    memTotalBytes: meminfo.MemTotal_bytes ?? 0,
    users: files.passwd ? [...parsePasswd(files.passwd.text)] : [],
    processes,
  };
}

export interface StorageFiles {
  /** Null when the kernel has no md driver (no /proc/mdstat): "none", not an error. */
  mdstat: FileText | null;
  mounts: FileText;
  /** /sys/block/<md>/md/<attribute> values by array name, when readable. */
  mdSysfs: Record<string, Record<string, string>>;
}

export interface StorageSample {
  array_status: string;
  arrays: MdArray[];
  mounts: MountEntry[];
}

export function parseStorageFiles(files: StorageFiles): StorageSample {
  const md = files.mdstat ? inFile(files.mdstat.path, () => parseMdstat(files.mdstat!.text)) : null;
  const arrays = (md?.arrays ?? []).map((array) => {
    const sysfs = files.mdSysfs[array.name];
    return sysfs && Object.keys(sysfs).length > 0 ? { ...array, sysfs } : array;
  });
  return {
    array_status: mdArrayStatus(arrays),
    arrays,
    mounts: inFile(files.mounts.path, () => parseMounts(files.mounts.text)),
  };
}
