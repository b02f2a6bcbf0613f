import type { MdArray } from "@wirewatch/protocol";
import { readTestdata } from "@wirewatch/testkit";
import { describe, expect, it } from "vitest";
import { mdArrayStatus, parseMdstat } from "../../../../src/inputs/host/parse/mdstat.js";

const KiB = 1024;
const parse = (fixture: string) => parseMdstat(readTestdata(fixture));
const byName = (arrays: MdArray[], name: string): MdArray => {
  const found = arrays.find((a) => a.name === name);
  if (!found) throw new Error(`no array ${name}`);
  return found;
};

describe("parseMdstat: node_exporter's composite of 17 arrays", () => {
  const md = parse("proc/node_exporter/mdstat");

  it("finds every array and the personalities", () => {
    expect(md.personalities).toEqual([
      "linear",
      "multipath",
      "raid0",
      "raid1",
      "raid6",
      "raid5",
      "raid4",
      "raid10",
    ]);
    expect(md.arrays.map((a) => a.name)).toEqual([
      "md3",
      "md127",
      "md0",
      "md4",
      "md6",
      "md8",
      "md201",
      "md7",
      "md9",
      "md10",
      "md11",
      "md12",
      "md126",
      "md219",
      "md00",
      "md120",
      "md101",
    ]);
  });

  it("healthy raid6 with two spares (md3)", () => {
    const a = byName(md.arrays, "md3");
    expect(a).toMatchObject({
      state: "active",
      level: "raid6",
      disks_total: 8,
      disks_active: 8,
      disks_spare: 2, // sdd1[10](S) sdd2[11](S)
      disks_failed: 0,
      status: "UUUUUUUU",
      degraded: false,
      size_bytes: 5853468288 * KiB,
      superblock: "1.2",
      sync: null,
    });
    expect(a.members).toHaveLength(10);
    expect(a.members[0]).toEqual({ device: "sda1", slot: 8, role: "active", write_mostly: false });
  });

  it("inactive raid1 with a failed and a spare member (md4)", () => {
    const a = byName(md.arrays, "md4");
    expect(a).toMatchObject({ state: "inactive", activity: "inactive", level: "raid1", degraded: false });
    expect(a.members).toEqual([
      { device: "sda3", slot: 0, role: "failed", write_mostly: false },
      { device: "sdb3", slot: 1, role: "spare", write_mostly: false },
    ]);
  });

  it("degraded raid1 recovering at 8.5% (md6)", () => {
    const a = byName(md.arrays, "md6");
    expect(a).toMatchObject({
      state: "degraded",
      degraded: true,
      disks_total: 2,
      disks_active: 1,
      status: "U_",
    });
    expect(a.members.map((m) => m.role)).toEqual(["failed", "spare", "active"]); // sdb2[2](F) sdc[1](S) sda2[0]
    expect(a.sync).toEqual({
      action: "recovery",
      status: "running",
      percent: 8.5,
      blocks_done: 16775552,
      blocks_total: 195310144,
      finish_seconds: 17 * 60, // finish=17.0min
      speed_bytes_per_sec: 259783 * KiB, // speed=259783K/sec
    });
  });

  it("resync and check in progress on healthy arrays (md8, md201)", () => {
    expect(byName(md.arrays, "md8")).toMatchObject({
      state: "resync",
      sync: { action: "resync", percent: 8.5 },
    });
    expect(byName(md.arrays, "md201")).toMatchObject({
      state: "check",
      sync: { action: "check", percent: 5.7, blocks_done: 114176, blocks_total: 1993728, finish_seconds: 12 },
    });
  });

  it("degraded raid6 with a failed member and a bitmap (md7)", () => {
    expect(byName(md.arrays, "md7")).toMatchObject({
      state: "degraded",
      disks_total: 4,
      disks_active: 3,
      status: "U_UU",
      disks_failed: 1,
      sync: null,
    });
  });

  it("delayed and pending resyncs are not running (md9, md11)", () => {
    const md9 = byName(md.arrays, "md9");
    expect(md9).toMatchObject({ state: "active", disks_failed: 2, disks_spare: 1 });
    expect(md9.sync).toMatchObject({ action: "resync", status: "delayed", percent: null });
    const md11 = byName(md.arrays, "md11");
    expect(md11).toMatchObject({
      state: "active",
      read_only: "auto-read-only",
      disks_failed: 1,
      disks_spare: 2,
    });
    expect(md11.sync).toMatchObject({ action: "resync", status: "pending" });
  });

  it("raid0, linear, external metadata and read-only arrays", () => {
    expect(byName(md.arrays, "md10")).toMatchObject({
      level: "raid0",
      state: "active",
      disks_total: null,
      status: null,
      degraded: false,
      size_bytes: 314159265 * KiB,
    });
    expect(byName(md.arrays, "md126")).toMatchObject({ level: "raid0", superblock: "external:/md127/0" });
    expect(byName(md.arrays, "md219")).toMatchObject({
      state: "inactive",
      level: "container",
      superblock: "external:imsm",
    });
    expect(byName(md.arrays, "md120")).toMatchObject({ level: "linear", state: "active" });
    expect(byName(md.arrays, "md101")).toMatchObject({ read_only: "read-only", level: "raid0" });
    expect(byName(md.arrays, "md127").superblock).toBeNull(); // 0.90 superblocks are not named
  });

  it("summarises as inactive: md4 is a stopped raid1, not a container", () => {
    expect(mdArrayStatus(md.arrays)).toBe("inactive");
  });
});

describe("parseMdstat: procfs adds a degraded reshape (md42)", () => {
  it("reads reshape progress at 56.1%", () => {
    const md42 = byName(parse("proc/procfs/mdstat").arrays, "md42");
    expect(md42).toMatchObject({
      state: "degraded",
      level: "raid5",
      disks_total: 3,
      disks_active: 2,
      status: "UU_",
    });
    expect(md42.sync).toMatchObject({
      action: "reshape",
      percent: 56.1,
      blocks_done: 1096879076,
      blocks_total: 1953381440,
      finish_seconds: Math.round(1868.1 * 60),
      speed_bytes_per_sec: 7640 * KiB,
    });
  });
});
