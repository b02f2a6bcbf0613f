import { numberedLines, parseError } from "./parse-error.js";

export interface MountEntry {
  device: string;
  mountpoint: string;
  fstype: string;
  options: string[];
}

/** Decodes the octal escapes the kernel writes for space, tab, newline and backslash (\040…). */
function unescapeOctal(field: string): string {
  return field.replace(/\\([0-7]{3})/g, (_, octal: string) => String.fromCharCode(Number.parseInt(octal, 8)));
}

/**
 * Parses /proc/<pid>/mounts (fstab(5) layout: device, mount point, type, options, dump, pass).
 * Throws `WW_COLLECTOR_PARSE` naming the line when it has fewer than 4 fields.
 */
export function parseMounts(text: string): MountEntry[] {
  return numberedLines(text).map(({ line, no }) => {
    const f = line.trim().split(/\s+/);
    if (f.length < 4) throw parseError(`line ${no}: ${f.length} fields, at least 4 expected (truncated?)`);
    return {
      device: unescapeOctal(f[0]!),
      mountpoint: unescapeOctal(f[1]!),
      fstype: f[2]!,
      options: f[3]!.split(","),
    };
  });
}

export interface MountFilter {
  mountPointsExclude: RegExp;
  fsTypesExclude: RegExp;
}

/**
 * Real filesystems only: drops excluded mount points and filesystem types (node_exporter's
 * default patterns, see config.ts), and keeps the last entry of a mount point mounted over
 * several times (the one visible).
 */
export function filterMounts(mounts: readonly MountEntry[], filter: MountFilter): MountEntry[] {
  const byMountpoint = new Map<string, MountEntry>();
  for (const mount of mounts) {
    if (filter.mountPointsExclude.test(mount.mountpoint) || filter.fsTypesExclude.test(mount.fstype))
      continue;
    byMountpoint.delete(mount.mountpoint);
    byMountpoint.set(mount.mountpoint, mount);
  }
  return [...byMountpoint.values()];
}
