import { readTestdata } from "@wirewatch/testkit";
import { describe, expect, it } from "vitest";
import { parseStat } from "../../../../src/inputs/host/parse/stat.js";

describe("parseStat", () => {
  it("reads the aggregate and per-CPU tick counters of node_exporter's /proc/stat", () => {
    const stat = parseStat(readTestdata("proc/node_exporter/stat"));
    // cpu  301854 612 111922 8979004 3552 2 3944 0 44 36
    expect(stat.total).toEqual({
      user: 301854,
      nice: 612,
      system: 111922,
      idle: 8979004,
      iowait: 3552,
      irq: 2,
      softirq: 3944,
      steal: 0,
      guest: 44,
      guest_nice: 36,
    });
    expect(stat.cpus.map((c) => c.cpu)).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
    // cpu7 29098 268 10164 1139282 555 0 31 0 9 8
    expect(stat.cpus[7]).toMatchObject({
      cpu: 7,
      user: 29098,
      nice: 268,
      idle: 1139282,
      guest: 9,
      guest_nice: 8,
    });
    expect(stat).toMatchObject({
      boot_time: 1418183276,
      context_switches: 38014093,
      interrupts: 8885917,
      forks: 26442,
      procs_running: 2,
      procs_blocked: 0,
    });
  });

  it("reads procfs's /proc/stat with its ~130 KB intr line", () => {
    const stat = parseStat(readTestdata("proc/procfs/stat"));
    expect(stat.cpus).toHaveLength(8);
    expect(stat.interrupts).toBe(73777505);
    expect(stat.procs_blocked).toBe(1);
    expect(stat.total.guest).toBe(0);
  });

  it("fills counters an old kernel does not print with 0 (2.4: user nice system idle only)", () => {
    const stat = parseStat("cpu  10 20 30 40\ncpu0 10 20 30 40\n");
    expect(stat.total).toMatchObject({ user: 10, idle: 40, iowait: 0, steal: 0, guest_nice: 0 });
    expect(stat.boot_time).toBeNull();
  });

  it("rejects a file truncated inside a cpu line, naming the line", () => {
    const lines = readTestdata("proc/node_exporter/stat").split("\n");
    const truncated = `${lines.slice(0, 3).join("\n")}\ncpu2 46504 36`;
    expect(() => parseStat(truncated)).toThrow(/line 4: cpu line has 2 counters, at least 4 expected/);
  });

  it("rejects a garbled counter with its mode and line", () => {
    const garbled = readTestdata("proc/node_exporter/stat").replace("cpu1 47869", "cpu1 47x69");
    expect(() => parseStat(garbled)).toThrow(/line 3: user is '47x69', not a count/);
  });

  it("rejects a file without the aggregate cpu line", () => {
    expect(() => parseStat("ctxt 5\nbtime 7\n")).toThrow(
      expect.objectContaining({ code: "WW_COLLECTOR_PARSE" }),
    );
  });
});
