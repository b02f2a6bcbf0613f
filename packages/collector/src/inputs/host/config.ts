/**
 * Configuration of the `host` input (`collector.inputs.host` in the config file). This schema is
 * the only definition of these options: @wirewatch/config embeds it through
 * `@wirewatch/collector/inputs-config`, and turns every `.describe()` into the comment of the
 * option in `wirewatch config defaults` and into the JSON Schema's `description`. Keep the
 * description on the outermost schema of a field (after `.default()` / `.optional()`), one
 * sentence with its unit.
 */
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

/** A JavaScript regular expression, given as its source text. */
const regex = () =>
  z.string().refine(
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
  z.string().startsWith("/", { message: "must be an absolute path (start with /)" }).default(defaultPath);

/** Paths follow node_exporter's `--path.procfs`, `--path.sysfs`, `--path.rootfs`. */
const pathsSchema = z
  .strictObject({
    proc: absolutePath("/proc").describe(
      "Mount point of the host's procfs (e.g. /host/proc in a container).",
    ),
    sys: absolutePath("/sys").describe("Mount point of the host's sysfs (e.g. /host/sys in a container)."),
    root: absolutePath("/").describe(
      "Mount point of the host's root filesystem, for /etc/passwd and filesystem usage (e.g. /host).",
    ),
  })
  .describe(
    "Where the host's kernel interfaces and root filesystem are mounted " +
      "(node_exporter's --path.procfs, --path.sysfs, --path.rootfs).",
  );

/** Configuration of the `host` input. */
export const hostConfigSchema = z
  .strictObject({
    enabled: z.boolean().default(true).describe("Run the host input."),
    hostname: hostSchema
      .optional()
      .meta({ examples: ["nas1"] })
      .describe(
        "Host name of this input's events (letters, digits, . _ -); unset: the collector's host name.",
      ),
    statsIntervalMs: interval(1_000).describe(
      "Interval of system.stats samples (CPU, memory, load, network, disk I/O), in ms.",
    ),
    processesIntervalMs: interval(5_000).describe("Interval of system.processes samples, in ms."),
    storageIntervalMs: interval(10_000).describe(
      "Interval of storage.status samples (md RAID arrays, filesystems), in ms.",
    ),
    jitterMs: z
      .number()
      .int()
      .min(0)
      .max(60_000)
      .default(0)
      .describe("Random delay of up to this many ms added to every wait, to spread many collectors."),
    timeoutMs: z
      .number()
      .int()
      .min(10)
      .max(600_000)
      .optional()
      .meta({ examples: [5000] })
      .describe("Deadline of one gather in ms; unset: the schedule's interval, capped at 10000 ms."),
    topProcesses: z
      .number()
      .int()
      .min(1)
      .max(100)
      .default(10)
      .describe("Processes listed in each of system.processes' by_memory and by_cpu."),
    processCmdline: z
      .boolean()
      .default(true)
      .describe("Include command lines in system.processes (their arguments may carry secrets)."),
    maxCmdlineLength: z
      .number()
      .int()
      .min(16)
      .max(4096)
      .default(256)
      .describe("Longest command line sent, in characters (longer ones are cut and end in …)."),
    paths: pathsSchema.prefault({}),
    netDeviceExclude: regex()
      .default(DEFAULT_NET_DEVICE_EXCLUDE)
      .describe(
        "Regular expression of network interfaces left out of the network_io totals " +
          "(every interface still appears in counters.network).",
      ),
    diskDeviceExclude: regex()
      .default(DEFAULT_DISK_DEVICE_EXCLUDE)
      .describe(
        "Regular expression of block devices left out of disk_io and counters.disks " +
          "(default: node_exporter's, which drops partitions and ram, loop and floppy devices).",
      ),
    mountPointsExclude: regex()
      .default(DEFAULT_MOUNT_POINTS_EXCLUDE)
      .describe(
        "Regular expression of mount points left out of storage.status " +
          "(default: node_exporter's --collector.filesystem.mount-points-exclude).",
      ),
    fsTypesExclude: regex()
      .default(DEFAULT_FS_TYPES_EXCLUDE)
      .describe(
        "Regular expression of filesystem types left out of storage.status " +
          "(default: node_exporter's --collector.filesystem.fs-types-exclude; tmpfs is kept).",
      ),
    mountTimeoutMs: z
      .number()
      .int()
      .min(10)
      .max(60_000)
      .default(5_000)
      .describe(
        "Deadline of one filesystem's statfs in ms; a mount that misses it is reported unavailable " +
          "and skipped until its call returns.",
      ),
  })
  .describe(
    "The host input: CPU, memory, load, network, disks, processes, md RAID and filesystems " +
      "from /proc and /sys (of this machine, or of the host mounted at paths).",
  );

/** Options of the `host` input as a config file may write them (every key optional). */
export type HostConfigInput = z.input<typeof hostConfigSchema>;
/** Validated options of the `host` input, every default filled in. */
export type HostConfig = z.output<typeof hostConfigSchema>;
