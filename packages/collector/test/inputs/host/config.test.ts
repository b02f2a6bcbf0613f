import { describe, expect, it } from "vitest";
import { hostConfigSchema } from "../../../src/inputs/host/config.js";

describe("hostConfigSchema", () => {
  it("defaults to this machine's trees and the documented intervals", () => {
    expect(hostConfigSchema.parse({})).toMatchObject({
      enabled: true,
      statsIntervalMs: 1000,
      processesIntervalMs: 5000,
      storageIntervalMs: 10000,
      topProcesses: 10,
      paths: { proc: "/proc", sys: "/sys", root: "/" },
      netDeviceExclude: "^lo$",
    });
  });

  it("accepts container paths and rejects typos, relative paths and bad patterns", () => {
    expect(hostConfigSchema.parse({ paths: { proc: "/host/proc", root: "/host" } }).paths).toEqual({
      proc: "/host/proc",
      sys: "/sys",
      root: "/host",
    });
    const bad = hostConfigSchema.safeParse({
      statsInterval: 5,
      paths: { proc: "proc" },
      fsTypesExclude: "(",
    });
    expect(bad.success).toBe(false);
    expect(bad.error?.issues.map((i) => i.path.join("."))).toEqual(["paths.proc", "fsTypesExclude", ""]);
  });
});
