import type { HostStorage } from "@wirewatch/protocol";
import type { GatherTask } from "../../collector.js";
import { CollectorError } from "../../errors.js";
import type { InputContext } from "../../registry.js";
import type { HostConfig } from "./config.js";
import { errnoOf } from "./files.js";
import { createFilesystemProbe } from "./filesystems.js";
import type { HostSource } from "./host-source.js";
import type { FileText } from "./parse/composite.js";
import { filterMounts } from "./parse/mounts.js";
import { type RaidOperations, raidJobs } from "./raid-jobs.js";

/** md attributes copied from /sys/block/<md>/md/ when present (md(4)). */
export const MD_SYSFS_ATTRIBUTES = [
  "array_state",
  "sync_action",
  "degraded",
  "mismatch_cnt",
  "uuid",
  "level",
] as const;

/**
 * `storage.status` every `storageIntervalMs`: md arrays from /proc/mdstat (absent file: no
 * arrays, `array_status: "none"`), enriched with /sys/block/<md>/md attributes, and every real
 * filesystem from the mount table of pid 1 (the host's mount namespace when /proc is the
 * host's; falls back to /proc/self/mounts) with statfs usage under `paths.root`.
 *
 * Long-running md operations (resync, recovery, check, repair, reshape) also go to `jobs` as
 * NZB Flow's `command-progress` every round, and `task-finished` in the first round that no
 * longer shows them ({@link raidJobs}). What the previous round saw lives here, per input
 * instance; a failed or abandoned round leaves it as it was.
 */
export function createStorageTask(config: HostConfig, ctx: InputContext, files: HostSource): GatherTask {
  const filter = {
    mountPointsExclude: new RegExp(config.mountPointsExclude),
    fsTypesExclude: new RegExp(config.fsTypesExclude),
  };
  const probe = createFilesystemProbe({
    source: files,
    timeoutMs: config.mountTimeoutMs,
    clock: ctx.clock,
  });
  let raidOperations: RaidOperations = new Map();

  const readMounts = async (signal: AbortSignal): Promise<FileText> => {
    try {
      return await files.read(files.procPath("1", "mounts"), signal);
    } catch (err) {
      if (signal.aborted || !(err instanceof CollectorError)) throw err;
      if (!["ENOENT", "EACCES", "EPERM"].includes(errnoOf(err.cause) ?? "")) throw err;
      return files.read(files.procPath("self", "mounts"), signal);
    }
  };

  const readMdSysfs = async (signal: AbortSignal): Promise<Record<string, Record<string, string>>> => {
    const out: Record<string, Record<string, string>> = {};
    const arrays = (await files.list(files.sysPath("block"))).filter((name) => name.startsWith("md"));
    await Promise.all(
      arrays.map(async (name) => {
        const values = await Promise.all(
          MD_SYSFS_ATTRIBUTES.map((attr) =>
            files.readOptional(files.sysPath("block", name, "md", attr), signal),
          ),
        );
        const attrs: Record<string, string> = {};
        MD_SYSFS_ATTRIBUTES.forEach((attr, i) => {
          const value = values[i];
          if (value) attrs[attr] = value.text.trim();
        });
        out[name] = attrs;
      }),
    );
    return out;
  };

  return {
    name: "storage",
    intervalMs: config.storageIntervalMs,
    jitterMs: config.jitterMs,
    ...(config.timeoutMs === undefined ? {} : { timeoutMs: config.timeoutMs }),
    async gather(acc, signal) {
      const atMs = ctx.clock.now();
      const [mdstat, mounts, mdSysfs] = await Promise.all([
        files.readOptional(files.procPath("mdstat"), signal),
        readMounts(signal),
        readMdSysfs(signal),
      ]);
      const sample = await ctx.runner.runTask("host.storage", { mdstat, mounts, mdSysfs }, { signal });
      const { disks, unavailable } = await probe.probe(filterMounts(sample.mounts, filter));
      const payload: HostStorage = {
        array_status: sample.array_status,
        arrays: sample.arrays,
        disks,
        unavailable,
      };
      const raid = raidJobs(acc.host, sample.arrays, raidOperations, new Date(atMs).toISOString());
      // A run abandoned at its deadline has its emits dropped: it must not advance the RAID state.
      if (signal.aborted) throw signal.reason;
      acc.emit("storage.status", payload, { timestamp: atMs });
      for (const event of raid.events) acc.emit("jobs", event, { timestamp: atMs });
      raidOperations = raid.operations;
    },
  };
}
