import { mkdir } from "node:fs/promises";
import { join } from "node:path";
import type { HostStorage } from "@wirewatch/protocol";
import { afterEach, describe, expect, it } from "vitest";
import { createFakeRoot, type FakeRoot, fixture } from "../../helpers/fake-root.js";
import { createHostHarness } from "../../helpers/host-harness.js";

let root: FakeRoot | undefined;
afterEach(async () => root?.cleanup());

// Mount table of the fake host (no mounts recording exists in testdata/). Mount points
// are relative to paths.root, like node_exporter's --path.rootfs.
const MOUNTS = [
  "/dev/md0 / ext4 rw,relatime 0 0",
  "proc /proc proc rw,nosuid 0 0",
  "sysfs /sys sysfs rw 0 0",
  "tmpfs /dev/shm tmpfs rw 0 0",
  "/dev/md2 /data xfs ro,relatime 0 0",
  "overlay /var/lib/docker/overlay2/abc/merged overlay rw 0 0",
  "server:/export /mnt/gone nfs4 rw 0 0",
].join("\n");

const md1Sysfs = (attr: string) => fixture(`sys/procfs/block/md1/md/${attr}`);

async function storageRoot(): Promise<FakeRoot> {
  const r = await createFakeRoot({
    "proc/mdstat": fixture("proc/systray-mdstat/mdstat.ok"),
    "proc/1/mounts": MOUNTS,
    "sys/block/md1/md/array_state": md1Sysfs("array_state"),
    "sys/block/md1/md/sync_action": md1Sysfs("sync_action"),
    "sys/block/md1/md/degraded": md1Sysfs("degraded"),
    "sys/block/md1/md/uuid": md1Sysfs("uuid"),
    "sys/block/md1/md/level": md1Sysfs("level"),
  });
  await mkdir(join(r.dir, "data"));
  return r;
}

describe("host input: storage.status", () => {
  it("follows one host's arrays from healthy to resyncing to degraded, and to none without md", async () => {
    root = await storageRoot();
    const h = createHostHarness(root);
    const status = () => h.publisher.data<HostStorage>("storage.status").at(-1)!;

    await h.run("storage");
    expect(status().array_status).toBe("healthy");
    expect(status().arrays.map((a: { name: string; state: string }) => [a.name, a.state])).toEqual([
      ["md2", "active"],
      ["md1", "active"],
      ["md0", "active"],
    ]);
    // md1 gains the /sys/block/md1/md attributes recorded by procfs
    expect(status().arrays[1]?.sysfs).toEqual({
      array_state: "clean",
      sync_action: "idle",
      degraded: "0",
      uuid: "0fbf5f2c-add2-43c2-bd78-a4be3ab709ef",
      level: "raid1",
    });
    expect(status().arrays[0]?.sysfs).toBeUndefined();

    await root.write("proc/mdstat", fixture("proc/systray-mdstat/mdstat.resync"));
    await h.run("storage");
    expect(status().array_status).toBe("resyncing");
    expect(status().arrays[1]).toMatchObject({
      name: "md1",
      state: "resync",
      sync: {
        action: "resync",
        status: "running",
        percent: 1.6,
        blocks_done: 2002048,
        blocks_total: 123465728,
      },
    });

    await root.write("proc/mdstat", fixture("proc/systray-mdstat/mdstat.degraded"));
    await h.run("storage");
    expect(status().array_status).toBe("degraded");
    expect(status().arrays[0]).toMatchObject({
      name: "md2",
      state: "degraded",
      status: "U_",
      members: [{ device: "sda1" }],
    });

    await root.remove("proc/mdstat"); // no md driver loaded: not an error
    await h.run("storage");
    expect(status()).toMatchObject({ array_status: "none", arrays: [] });

    expect(h.statuses().map((s) => s.state)).toEqual(["ok"]);
    h.assertAllValid();
    await h.scheduler.stop();
  });

  it("lists real filesystems with df-style usage, and unreachable ones apart", async () => {
    root = await storageRoot();
    const h = createHostHarness(root);
    await h.run("storage");
    const s = h.publisher.data<HostStorage>("storage.status")[0]!;
    expect(
      s.disks.map((d: { mountpoint: string; device: string; fstype: string; readonly: boolean }) => [
        d.mountpoint,
        d.device,
        d.fstype,
        d.readonly,
      ]),
    ).toEqual([
      ["/", "/dev/md0", "ext4", false],
      ["/data", "/dev/md2", "xfs", true],
    ]);
    for (const d of s.disks) {
      expect(d.total).toBeGreaterThan(0);
      // (blocks − bfree) + bavail + (bfree − bavail) = blocks: the three parts add up to the size
      expect(d.used + d.free + d.reserved).toBe(d.total);
      expect(d.used_percent).toBe(Math.round((d.used / (d.used + d.free)) * 10000) / 100);
    }
    // /mnt/gone does not exist under the fake root: unavailable, not an input failure
    expect(s.unavailable).toEqual([
      {
        device: "server:/export",
        mountpoint: "/mnt/gone",
        fstype: "nfs4",
        error: expect.stringMatching(/ENOENT$/),
      },
    ]);
    expect(h.statuses()[0]?.state).toBe("ok");
    h.assertAllValid();
    await h.scheduler.stop();
  });

  it("falls back to /proc/self/mounts when pid 1's table is not readable", async () => {
    root = await createFakeRoot({ "proc/self/mounts": "/dev/vda / ext4 rw 0 0\n" });
    const h = createHostHarness(root);
    await h.run("storage");
    expect(h.publisher.data<HostStorage>("storage.status")[0]?.disks).toHaveLength(1);
    await h.scheduler.stop();
  });

  it("reports procfs's composite arrays, a degraded reshape included", async () => {
    root = await createFakeRoot({ "proc/mdstat": fixture("proc/procfs/mdstat"), "proc/1/mounts": "" });
    const h = createHostHarness(root);
    await h.run("storage");
    const s = h.publisher.data<HostStorage>("storage.status")[0]!;
    expect(s.arrays).toHaveLength(18);
    expect(s.array_status).toBe("inactive");
    expect(s.arrays.find((a: { name: string }) => a.name === "md42")).toMatchObject({
      state: "degraded",
      sync: { action: "reshape" },
    });
    h.assertAllValid();
    await h.scheduler.stop();
  });
});
