import type { StorageStatus } from "@wirewatch/protocol";
import { createFamilyBuilder, type FamilyBlock } from "./family-builder.js";

/**
 * node_exporter's `node_filesystem_*` families from one `storage.status` event of `host`:
 * size = total, avail = free (df's Avail), free = free + reserved (node_exporter's free
 * includes root-reserved blocks), files, files_free, readonly, and device_error (1 for
 * filesystems whose statfs failed or timed out, which get no sizes).
 */
export function storageFamilies(host: string, data: StorageStatus): FamilyBlock[] {
  const b = createFamilyBuilder(host);
  for (const d of data.disks ?? []) {
    const labels = { device: d.device ?? "", fstype: d.fstype ?? "", mountpoint: d.mountpoint ?? "" };
    const free = typeof d.free === "number" ? d.free + (d.reserved ?? 0) : d.free;
    b.add("node_filesystem_size_bytes", "gauge", "Filesystem size in bytes.", labels, d.total);
    b.add("node_filesystem_free_bytes", "gauge", "Filesystem free space in bytes.", labels, free);
    b.add(
      "node_filesystem_avail_bytes",
      "gauge",
      "Filesystem space available to non-root users in bytes.",
      labels,
      d.free,
    );
    b.add("node_filesystem_files", "gauge", "Filesystem total file nodes.", labels, d.files);
    b.add("node_filesystem_files_free", "gauge", "Filesystem total free file nodes.", labels, d.files_free);
    const ro = d.readonly === undefined ? undefined : d.readonly ? 1 : 0;
    b.add("node_filesystem_readonly", "gauge", "Filesystem read-only status.", labels, ro);
    b.add(
      "node_filesystem_device_error",
      "gauge",
      "Whether an error occurred while getting statistics for the given device.",
      labels,
      0,
    );
  }
  for (const d of data.unavailable ?? []) {
    const labels = { device: d.device ?? "", fstype: d.fstype ?? "", mountpoint: d.mountpoint ?? "" };
    b.add(
      "node_filesystem_device_error",
      "gauge",
      "Whether an error occurred while getting statistics for the given device.",
      labels,
      1,
    );
  }
  return b.blocks();
}
