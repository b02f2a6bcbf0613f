import { readTestdata } from "@wirewatch/testkit";
import { describe, expect, it } from "vitest";
import { parseDiskstats } from "../../../../src/inputs/host/parse/diskstats.js";

describe("parseDiskstats", () => {
  it("reads 14-, 18- and 20-field lines of node_exporter's composite diskstats", () => {
    const text = readTestdata("proc/node_exporter/diskstats");
    const disks = parseDiskstats(text);
    expect(disks).toHaveLength(text.trim().split("\n").length);
    const sda = disks.find((d) => d.device === "sda");
    // 8 0 sda 25354637 34367663 1003346126 18492372 28444756 11134226 505697032 63877960 0 9653880 82621804
    expect(sda).toMatchObject({
      major: 8,
      minor: 0,
      reads_completed: 25354637,
      reads_merged: 34367663,
      read_bytes: 1003346126 * 512,
      read_time_seconds: 18492.372,
      writes_completed: 28444756,
      written_bytes: 505697032 * 512,
      write_time_seconds: 63877.96,
      io_now: 0,
      io_time_seconds: 9653.88,
      io_time_weighted_seconds: 82621.804,
      discards_completed: null,
      flush_requests: null,
    });
    // sdb: 18 fields → discards (68851 0 1925173784 11130), no flush
    expect(disks.find((d) => d.device === "sdb")).toMatchObject({
      discards_completed: 68851,
      discards_merged: 0,
      discarded_bytes: 1925173784 * 512,
      discard_time_seconds: 11.13,
      flush_requests: null,
    });
    // sdc: 20 fields → flush 1555 requests, 1944 ms
    expect(disks.find((d) => d.device === "sdc")).toMatchObject({
      flush_requests: 1555,
      flush_time_seconds: 1.944,
    });
  });

  it("reads a modern NVMe + md host (jamescun)", () => {
    const disks = parseDiskstats(readTestdata("proc/jamescun-procfs/diskstats"));
    expect(disks.map((d) => d.device)).toContain("md2");
    // 9 2 md2 28466 0 1087930 4407 54031602 0 644865632 ...
    expect(disks.find((d) => d.device === "md2")).toMatchObject({
      reads_completed: 28466,
      written_bytes: 644865632 * 512,
    });
  });

  it("rejects a truncated line and a garbled counter", () => {
    expect(() => parseDiskstats("   8       0 sda 1 2 3 4 5\n")).toThrow(
      /line 1: 8 fields, at least 14 expected/,
    );
    const garbled = readTestdata("proc/procfs/diskstats").replace("sda 25354637", "sda 2535-4637");
    expect(() => parseDiskstats(garbled)).toThrow(/sda reads completed is '2535-4637'/);
  });
});
