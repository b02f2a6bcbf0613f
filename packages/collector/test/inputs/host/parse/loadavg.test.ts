import { readTestdata } from "@wirewatch/testkit";
import { describe, expect, it } from "vitest";
import { parseLoadavg, parseUptime } from "../../../../src/inputs/host/parse/loadavg.js";

describe("parseLoadavg / parseUptime", () => {
  it("reads the three averages and r/t of each recorded loadavg", () => {
    expect(parseLoadavg(readTestdata("proc/node_exporter/loadavg"))).toEqual({
      load: [0.21, 0.37, 0.39],
      runnable: 1,
      entities: 719,
    });
    expect(parseLoadavg(readTestdata("proc/procfs/loadavg")).load).toEqual([0.02, 0.04, 0.05]);
    expect(parseLoadavg(readTestdata("proc/jamescun-procfs/loadavg")).entities).toBe(458);
  });

  it("reads uptime and idle seconds", () => {
    expect(parseUptime(readTestdata("proc/jamescun-procfs/uptime"))).toEqual({
      uptime: 16072645.2,
      idle: 192637915.46,
    });
  });

  it("rejects truncated or garbled content", () => {
    expect(() => parseLoadavg("0.21 0.37")).toThrow(/at least 3 load averages/);
    expect(() => parseLoadavg("0.21 zero 0.39 1/2 3")).toThrow(/5-minute load is 'zero'/);
    expect(() => parseUptime("")).toThrow(/uptime is missing/);
  });
});
