import type { Clock, FilesystemUsage, UnavailableFilesystem } from "@wirewatch/protocol";
import { errnoOf } from "./files.js";
import type { HostSource } from "./host-source.js";
import type { MountEntry } from "./parse/mounts.js";
import { round2 } from "./rates.js";

/**
 * statfs(2) of each mount point under the source's root, each bounded by `timeoutMs`. A mount that
 * does not answer in time (dead NFS server) is reported unavailable and skipped on later
 * gathers until its pending call returns — the stuck-mount handling of node_exporter — so one
 * hung mount never holds up the others or piles up blocked threads.
 */
export function createFilesystemProbe(options: {
  source: Pick<HostSource, "rootPath" | "statfs">;
  timeoutMs: number;
  clock: Clock;
}) {
  const stuck = new Set<string>();

  const probeOne = async (mount: MountEntry): Promise<FilesystemUsage | UnavailableFilesystem> => {
    const { device, mountpoint, fstype } = mount;
    if (stuck.has(mountpoint))
      return { device, mountpoint, fstype, error: "statfs still pending (stuck mount)" };
    const path = options.source.rootPath(mountpoint);
    const call = options.source.statfs(path);
    let timer: unknown = null;
    const timedOut = new Promise<"timeout">((resolve) => {
      timer = options.clock.setTimeout(() => resolve("timeout"), options.timeoutMs);
    });
    try {
      const result = await Promise.race([call, timedOut]);
      if (result === "timeout") {
        stuck.add(mountpoint);
        void call.then(
          () => stuck.delete(mountpoint),
          () => stuck.delete(mountpoint),
        );
        return { device, mountpoint, fstype, error: `statfs did not answer within ${options.timeoutMs} ms` };
      }
      const used = (result.blocks - result.bfree) * result.bsize;
      const free = result.bavail * result.bsize;
      return {
        device,
        mountpoint,
        fstype,
        total: result.blocks * result.bsize,
        used,
        free,
        used_percent: used + free > 0 ? round2((used / (used + free)) * 100) : 0,
        reserved: Math.max(0, result.bfree - result.bavail) * result.bsize,
        files: result.files,
        files_free: result.ffree,
        readonly: mount.options.includes("ro"),
      };
    } catch (err) {
      return { device, mountpoint, fstype, error: `statfs ${path}: ${errnoOf(err) ?? String(err)}` };
    } finally {
      options.clock.clearTimeout(timer);
    }
  };

  return {
    async probe(
      mounts: readonly MountEntry[],
    ): Promise<{ disks: FilesystemUsage[]; unavailable: UnavailableFilesystem[] }> {
      const results = await Promise.all(mounts.map(probeOne));
      return {
        disks: results.filter((r): r is FilesystemUsage => !("error" in r)),
        unavailable: results.filter((r): r is UnavailableFilesystem => "error" in r),
      };
    },
  };
}
