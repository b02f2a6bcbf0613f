import { describe, expect, it } from "vitest";
import {
  DEFAULT_FS_TYPES_EXCLUDE,
  DEFAULT_MOUNT_POINTS_EXCLUDE,
} from "../../../../src/inputs/host/config.js";
import { filterMounts, parseMounts } from "../../../../src/inputs/host/parse/mounts.js";

// No /proc/<pid>/mounts recording exists in testdata/ (see testdata/SOURCES.md); this sample
// follows fstab(5)/proc(5): device, mount point (octal escapes), type, options, dump, pass.
const MOUNTS = [
  "sysfs /sys sysfs rw,nosuid,nodev,noexec,relatime 0 0",
  "proc /proc proc rw,nosuid,nodev,noexec,relatime 0 0",
  "udev /dev devtmpfs rw,nosuid,relatime,size=8123456k 0 0",
  "tmpfs /run tmpfs rw,nosuid,nodev,noexec,relatime,size=1630000k,mode=755 0 0",
  "/dev/md0 / ext4 rw,relatime,errors=remount-ro 0 0",
  "tmpfs /dev/shm tmpfs rw,nosuid,nodev 0 0",
  "cgroup2 /sys/fs/cgroup cgroup2 rw,nosuid,nodev,noexec,relatime 0 0",
  "/dev/sdb1 /mnt/My\\040Disk xfs ro,relatime 0 0",
  "overlay /var/lib/docker/overlay2/abc/merged overlay rw,relatime 0 0",
  "/dev/sdc1 /srv ext4 rw 0 0",
  "/dev/sdd1 /srv ext4 rw 0 0",
  "/dev/loop3 /snap/core/123 squashfs ro,nodev 0 0",
  "/dev/mapper/vg-run /run/credentials/x.service ext4 ro 0 0",
].join("\n");

describe("parseMounts / filterMounts", () => {
  it("decodes octal escapes and splits options", () => {
    const mounts = parseMounts(MOUNTS);
    expect(mounts).toHaveLength(13);
    expect(mounts[7]).toEqual({
      device: "/dev/sdb1",
      mountpoint: "/mnt/My Disk",
      fstype: "xfs",
      options: ["ro", "relatime"],
    });
  });

  it("keeps real filesystems under node_exporter's default excludes, last of stacked mounts", () => {
    const kept = filterMounts(parseMounts(MOUNTS), {
      mountPointsExclude: new RegExp(DEFAULT_MOUNT_POINTS_EXCLUDE),
      fsTypesExclude: new RegExp(DEFAULT_FS_TYPES_EXCLUDE),
    });
    // /sys /proc /dev /dev/shm cgroup docker-overlay squashfs and /run/credentials/* are excluded;
    // tmpfs on /run is kept (node_exporter keeps tmpfs); /srv is mounted twice: the last one shows.
    expect(kept.map((m) => [m.mountpoint, m.device])).toEqual([
      ["/run", "tmpfs"],
      ["/", "/dev/md0"],
      ["/mnt/My Disk", "/dev/sdb1"],
      ["/srv", "/dev/sdd1"],
    ]);
  });

  it("rejects a truncated line", () => {
    expect(() => parseMounts("/dev/sda1 / ext4 rw 0 0\n/dev/sdb1 /data")).toThrow(
      /line 2: 2 fields, at least 4/,
    );
  });
});
