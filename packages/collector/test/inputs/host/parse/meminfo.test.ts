import { readTestdata } from "@wirewatch/testkit";
import { describe, expect, it } from "vitest";
import { parseMeminfo, summarizeMemory } from "../../../../src/inputs/host/parse/meminfo.js";

describe("parseMeminfo", () => {
  it("converts kB to bytes and keys fields like node_exporter", () => {
    const m = parseMeminfo(readTestdata("proc/node_exporter/meminfo"));
    expect(m.MemTotal_bytes).toBe(3742148 * 1024);
    expect(m.Active_anon_bytes).toBe(2020004 * 1024); // Active(anon)
    expect(m.Inactive_file_bytes).toBe(145676 * 1024); // Inactive(file)
    expect(m.HugePages_Total).toBe(0); // a count, no unit
    expect(m.Hugepagesize_bytes).toBe(2048 * 1024);
    expect(m.MemAvailable_bytes).toBeUndefined();
  });

  it("estimates available memory on kernels without MemAvailable (node_exporter's 3.7 GB host)", () => {
    const mem = summarizeMemory(parseMeminfo(readTestdata("proc/node_exporter/meminfo")));
    // MemFree 225472 + Active(file) 213412 + Inactive(file) 145676 + SReclaimable 44772 = 629332 kB
    expect(mem.available).toBe(629332 * 1024);
    expect(mem.available_estimated).toBe(true);
    // used = MemTotal 3742148 − 629332 = 3112816 kB
    expect(mem.used).toBe(3112816 * 1024);
    // swap: SwapTotal 4194300 − SwapFree 3155360 = 1038940 kB used
    expect(mem.swap_used).toBe(1038940 * 1024);
  });

  it("uses MemAvailable when the kernel gives it (jamescun's 64 GB host)", () => {
    const mem = summarizeMemory(parseMeminfo(readTestdata("proc/jamescun-procfs/meminfo")));
    expect(mem.available_estimated).toBe(false);
    // used = MemTotal 65429972 − MemAvailable 63242600 = 2187372 kB
    expect(mem.used).toBe(2187372 * 1024);
    expect(mem.swap_total).toBe(33520636 * 1024);
    expect(mem.swap_used).toBe(0);
  });

  it("parses procfs's 16 GB host (no MemAvailable either)", () => {
    const mem = summarizeMemory(parseMeminfo(readTestdata("proc/procfs/meminfo")));
    expect(mem.available_estimated).toBe(true);
    expect(mem.total).toBe(15666184 * 1024);
    // MemFree 440324 + Active(file) 6494020 + Inactive(file) 6532440 + SReclaimable 1738124 = 15204908 kB
    expect(mem.available).toBe(15204908 * 1024);
    // no swap configured: percent must not divide by zero
    expect(mem.swap_total).toBe(0);
  });

  it("rejects a file cut in the middle of a line, naming the line", () => {
    const text = readTestdata("proc/jamescun-procfs/meminfo");
    const cut = text.slice(0, text.indexOf("Buffers:") + "Buffers:   ".length);
    expect(() => parseMeminfo(cut)).toThrow(/line 4: 'Buffers:' is not 'Key: value \[kB\]'/);
  });

  it("rejects a file without MemTotal", () => {
    expect(() => parseMeminfo("MemFree: 1 kB\n")).toThrow(/no 'MemTotal' line/);
  });
});
