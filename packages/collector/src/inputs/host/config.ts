import { hostSchema } from "@wirewatch/protocol";
import { z } from "zod";

/** node_exporter's default `--collector.filesystem.mount-points-exclude`. */
export const DEFAULT_MOUNT_POINTS_EXCLUDE =
  "^/(dev|proc|run/credentials/.+|sys|var/lib/docker/.+|var/lib/containers/storage/.+)($|/)";
/** node_exporter's default `--collector.filesystem.fs-types-exclude`. */
export const DEFAULT_FS_TYPES_EXCLUDE =
  "^(autofs|binfmt_misc|bpf|cgroup2?|configfs|debugfs|devpts|devtmpfs|fusectl|hugetlbfs|iso9660|mqueue|nsfs|overlay|proc|procfs|pstore|rpc_pipefs|securityfs|selinuxfs|squashfs|erofs|sysfs|tracefs)$";
/** node_exporter's default diskstats device exclude: partitions, ram, loop and floppy devices. */
export const DEFAULT_DISK_DEVICE_EXCLUDE = "^(z?ram|loop|fd|(h|s|v|xv)d[a-z]|nvme\\d+n\\d+p)\\d+$";
/** Interfaces left out of the `network_io` totals (all still appear in `counters.network`). */
export const DEFAULT_NET_DEVICE_EXCLUDE = "^lo$";

const regex = z.string().refine(
  (source) => {
    try {
      new RegExp(source);
      return true;
    } catch {
      return false;
    }
  },
  { message: "not a valid regular expression" },
);
const interval = (defaultMs: number) => z.number().int().min(100).max(86_400_000).default(defaultMs);
const absolutePath = (defaultPath: string) =>
  z.string().startsWith("/", { message: "must be an absolute path" }).default(defaultPath);

/**
 * Configuration of the `host` input (`inputs.host` in the config file). Paths follow
 * node_exporter's `--path.procfs`, `--path.sysfs`, `--path.rootfs` for running in a container
 * with the host's trees mounted (e.g. `/host/proc`, `/host/sys`, `/host`).
 */
export const hostConfigSchema = z.strictObject({
  enabled: z.boolean().default(true),
  /** Host name of the events; default: the collector's host name. */
  hostname: hostSchema.optional(),
  statsIntervalMs: interval(1_000),
  processesIntervalMs: interval(5_000),
  storageIntervalMs: interval(10_000),
  /** Random delay added to each schedule's wait, to spread many collectors. */
  jitterMs: z.number().int().min(0).max(60_000).default(0),
  /** Deadline of one gather; default min(interval, 10 s). */
  timeoutMs: z.number().int().min(10).max(600_000).optional(),
  /** Processes listed in each of `by_memory` and `by_cpu`. */
  topProcesses: z.number().int().min(1).max(100).default(10),
  /** Include command lines (they may carry arguments users consider private). */
  processCmdline: z.boolean().default(true),
  maxCmdlineLength: z.number().int().min(16).max(4096).default(256),
  paths: z
    .strictObject({
      proc: absolutePath("/proc"),
      sys: absolutePath("/sys"),
      root: absolutePath("/"),
    })
    .prefault({}),
  netDeviceExclude: regex.default(DEFAULT_NET_DEVICE_EXCLUDE),
  diskDeviceExclude: regex.default(DEFAULT_DISK_DEVICE_EXCLUDE),
  mountPointsExclude: regex.default(DEFAULT_MOUNT_POINTS_EXCLUDE),
  fsTypesExclude: regex.default(DEFAULT_FS_TYPES_EXCLUDE),
  /** A filesystem whose statfs takes longer is reported unavailable and skipped until it answers. */
  mountTimeoutMs: z.number().int().min(10).max(60_000).default(5_000),
});

export type HostConfig = z.output<typeof hostConfigSchema>;
