import { describe, expect, expectTypeOf, it } from "vitest";
import {
  checkPayload,
  type HostProcesses,
  type HostStats,
  type HostStorage,
  type InfrastructureStatus,
  RAID_STEPS,
  type StorageStatus,
  type SystemProcesses,
  type SystemStats,
  UPS_STATUS_FLAGS,
  type UpsStatusPayload,
} from "../src/index.js";

describe("payload types", () => {
  it("what an input emits in full is what its channel checks", () => {
    expectTypeOf<HostStats>().toExtend<SystemStats>();
    expectTypeOf<HostProcesses>().toExtend<SystemProcesses>();
    expectTypeOf<HostStorage>().toExtend<StorageStatus>();
    expectTypeOf<UpsStatusPayload>().toExtend<InfrastructureStatus>();
  });

  it("keeps NUT's status words in its documented order and a step for every md action", () => {
    expect(UPS_STATUS_FLAGS).toEqual([
      "OL",
      "OB",
      "LB",
      "HB",
      "RB",
      "CHRG",
      "DISCHRG",
      "BYPASS",
      "CAL",
      "OFF",
      "OVER",
      "TRIM",
      "BOOST",
      "FSD",
      "ALARM",
    ]);
    expect(RAID_STEPS.check).toBe("RAID_CHECK");
    expect(checkPayload("infrastructure.status", { ups: { name: "ups1", status: "OL" } })).toEqual({
      ok: true,
    });
  });
});
