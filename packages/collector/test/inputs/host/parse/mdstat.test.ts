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

describe("parseMdstat: pymdstat's recordings", () => {
  it("01: no arrays at all is 'none'", () => {
    const md = parse("proc/pymdstat/mdstat.01");
    expect(md).toEqual({ personalities: [], arrays: [] });
    expect(mdArrayStatus(md.arrays)).toBe("none");
  });

  it("02: partitionable md_d0 raid5 with bitmap is healthy", () => {
    const md = parse("proc/pymdstat/mdstat.02");
    expect(md.arrays).toHaveLength(1);
    expect(md.arrays[0]).toMatchObject({
      name: "md_d0",
      level: "raid5",
      state: "active",
      disks_total: 5,
      disks_active: 5,
    });
    expect(mdArrayStatus(md.arrays)).toBe("healthy");
  });

  it("03: raid5 [4/3] with a missing member is degraded", () => {
    const md = parse("proc/pymdstat/mdstat.03");
    expect(md.arrays[0]).toMatchObject({
      state: "degraded",
      disks_total: 4,
      disks_active: 3,
      status: "UUU_",
      disks_failed: 0,
    });
    expect(mdArrayStatus(md.arrays)).toBe("degraded");
  });

  it("04: four healthy arrays including a 10-disk raid5", () => {
    const md = parse("proc/pymdstat/mdstat.04");
    expect(md.arrays.map((a) => [a.name, a.level, a.members.length])).toEqual([
      ["md1", "raid1", 2],
      ["md2", "raid1", 2],
      ["md3", "raid5", 10],
      ["md0", "raid1", 2],
    ]);
    expect(mdArrayStatus(md.arrays)).toBe("healthy");
  });

  it("05: degraded raid5 recovering at 12.6%", () => {
    const md = parse("proc/pymdstat/mdstat.05");
    expect(md.arrays[0]).toMatchObject({ name: "md127", state: "degraded", disks_total: 6, disks_active: 5 });
    expect(md.arrays[0]?.sync).toMatchObject({
      action: "recovery",
      percent: 12.6,
      blocks_done: 37043392,
      blocks_total: 292945152,
      finish_seconds: 7650, // 127.5 min
      speed_bytes_per_sec: 33440 * KiB,
    });
    expect(mdArrayStatus(md.arrays)).toBe("degraded");
  });

  it("06: healthy 7-disk raid6 with an IDE member", () => {
    const a = parse("proc/pymdstat/mdstat.06").arrays[0];
    expect(a).toMatchObject({ level: "raid6", disks_total: 7, state: "active" });
    expect(a?.members.map((m) => m.device)).toContain("hdb1");
  });

  it("07: raid1 [6/4] with a failed member", () => {
    const a = parse("proc/pymdstat/mdstat.07").arrays[0];
    expect(a).toMatchObject({
      state: "degraded",
      disks_total: 6,
      disks_active: 4,
      status: "_UUUU_",
      disks_failed: 1,
    });
    expect(a?.members.find((m) => m.device === "sde1")).toMatchObject({ slot: 6, role: "failed" });
  });

  it("08: inactive raid5 with unflagged members", () => {
    const md = parse("proc/pymdstat/mdstat.08");
    expect(md.arrays[0]).toMatchObject({ state: "inactive", level: "raid5" });
    expect(md.arrays[0]?.members.every((m) => m.role === "inactive")).toBe(true);
    expect(mdArrayStatus(md.arrays)).toBe("inactive");
  });

  it("09: inactive md2 of four spares without a level", () => {
    const md = parse("proc/pymdstat/mdstat.09");
    const md2 = byName(md.arrays, "md2");
    expect(md2.level).toBeUndefined();
    expect(md2).toMatchObject({
      state: "inactive",
      disks_spare: 4,
      size_bytes: 5860553984 * KiB,
      superblock: null,
    });
    expect(mdArrayStatus(md.arrays)).toBe("inactive");
  });

  it("10: raid1 and raid0 arrays, NVMe members", () => {
    const md = parse("proc/pymdstat/mdstat.10");
    expect(md.arrays.map((a) => a.name)).toEqual(["md129", "md128", "md125", "md126"]);
    expect(byName(md.arrays, "md126").members.map((m) => m.device)).toEqual(["nvme0n1", "nvme1n1"]);
    expect(byName(md.arrays, "md125").members).toHaveLength(6);
    expect(mdArrayStatus(md.arrays)).toBe("healthy");
  });

  it("11: inactive md127 with a spare", () => {
    const a = parse("proc/pymdstat/mdstat.11").arrays[0];
    expect(a).toMatchObject({ state: "inactive", disks_spare: 1, superblock: "1.2" });
    expect(a?.level).toBeUndefined();
  });

  it("12: raid0 on loop devices", () => {
    expect(parse("proc/pymdstat/mdstat.12").arrays[0]).toMatchObject({
      level: "raid0",
      state: "active",
      degraded: false,
    });
  });

  it("13: raid4 [4/3] reshaping at 2.1%", () => {
    const a = parse("proc/pymdstat/mdstat.13").arrays[0];
    expect(a).toMatchObject({ level: "raid4", state: "degraded", status: "UU__" });
    expect(a?.sync).toMatchObject({
      action: "reshape",
      percent: 2.1,
      blocks_done: 115168,
      blocks_total: 5237760,
    });
  });

  it("14: trailing no-break space after the personalities", () => {
    const md = parse("proc/pymdstat/mdstat.14");
    expect(md.personalities).toEqual(["raid0"]);
    expect(md.arrays[0]?.members.map((m) => m.device)).toEqual(["sda", "sdb"]);
  });

  it("15: Synology's unindented block lines", () => {
    const md = parse("proc/pymdstat/mdstat.15");
    expect(md.arrays.map((a) => [a.name, a.level, a.disks_total])).toEqual([
      ["md3", "raid6", 8],
      ["md2", "raid6", 8],
      ["md1", "raid1", 8],
      ["md0", "raid1", 8],
    ]);
    expect(byName(md.arrays, "md3").size_bytes).toBe(17581481472 * KiB);
    expect(mdArrayStatus(md.arrays)).toBe("healthy");
  });

  it("16: 95 TB raid5, file ending without 'unused devices'", () => {
    const a = parse("proc/pymdstat/mdstat.16").arrays[0];
    expect(a).toMatchObject({ name: "md1", level: "raid5", disks_total: 8, size_bytes: 95705752576 * KiB });
  });
});

describe("parseMdstat: systray-mdstat's sequence of one host", () => {
  it("ok → healthy", () => {
    const md = parse("proc/systray-mdstat/mdstat.ok");
    expect(md.arrays.map((a) => a.state)).toEqual(["active", "active", "active"]);
    expect(mdArrayStatus(md.arrays)).toBe("healthy");
  });

  it("degraded: md2 lost a disk ([U_], member absent, not marked F)", () => {
    const md = parse("proc/systray-mdstat/mdstat.degraded");
    expect(byName(md.arrays, "md2")).toMatchObject({ state: "degraded", status: "U_", disks_failed: 0 });
    expect(byName(md.arrays, "md2").members).toHaveLength(1);
    expect(mdArrayStatus(md.arrays)).toBe("degraded");
  });

  it("resync → resyncing", () => {
    const md = parse("proc/systray-mdstat/mdstat.resync");
    expect(byName(md.arrays, "md1")).toMatchObject({
      state: "resync",
      sync: { percent: 1.6, blocks_done: 2002048, blocks_total: 123465728, finish_seconds: 540 },
    });
    expect(mdArrayStatus(md.arrays)).toBe("resyncing");
  });

  it("check → checking", () => {
    const md = parse("proc/systray-mdstat/mdstat.check");
    expect(byName(md.arrays, "md1")).toMatchObject({
      state: "check",
      sync: { action: "check", percent: 1.6 },
    });
    expect(mdArrayStatus(md.arrays)).toBe("checking");
  });

  it("raid1-4disks: [4/2] recovering, truncated file", () => {
    const md = parse("proc/systray-mdstat/mdstat.raid1-4disks");
    expect(md.arrays[0]).toMatchObject({
      state: "degraded",
      disks_total: 4,
      disks_active: 2,
      sync: { action: "recovery", percent: 1.3 },
    });
    expect(mdArrayStatus(md.arrays)).toBe("degraded");
  });
});

describe("parseMdstat: garbled input", () => {
  const ok = readTestdata("proc/systray-mdstat/mdstat.ok");

  it("rejects a file that is not mdstat", () => {
    expect(() => parseMdstat("hello\n")).toThrow(/no 'Personalities' line/);
    expect(() => parseMdstat("")).toThrow(expect.objectContaining({ code: "WW_COLLECTOR_PARSE" }));
  });

  it("rejects a header truncated after the state", () => {
    const cut = ok.slice(0, ok.indexOf("md2 : active") + "md2 : act".length);
    expect(() => parseMdstat(cut)).toThrow(/line 2: md2 is 'act', not active\/inactive/);
  });

  it("rejects an array cut before its blocks line", () => {
    const cut = ok.slice(0, ok.indexOf("2930134464"));
    expect(() => parseMdstat(cut)).toThrow(/md2 has no 'blocks' line/);
  });

  it("rejects a garbled member and a garbled progress line", () => {
    expect(() => parseMdstat(ok.replace("sdb1[1]", "sdb1[1"))).toThrow(/'sdb1\[1' is not a member device/);
    const resync = readTestdata("proc/systray-mdstat/mdstat.resync").replace("1.6%", "1.x%");
    expect(() => parseMdstat(resync)).toThrow(/unreadable progress/);
  });
});
