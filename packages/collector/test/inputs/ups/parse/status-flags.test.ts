import { describe, expect, it } from "vitest";
import { decodeUpsStatus, UPS_STATUS_FLAGS } from "../../../../src/inputs/ups/parse/status-flags.js";

describe("decodeUpsStatus", () => {
  it("sets every flag present and leaves every other known flag false", () => {
    const { flags, other } = decodeUpsStatus("OB DISCHRG LB");
    expect(Object.keys(flags)).toEqual([...UPS_STATUS_FLAGS]);
    expect(
      Object.entries(flags)
        .filter(([, on]) => on)
        .map(([flag]) => flag),
    ).toEqual(["OB", "LB", "DISCHRG"]);
    expect(other).toEqual([]);
  });

  it("knows all fifteen words of NUT's status list", () => {
    const { flags } = decodeUpsStatus(UPS_STATUS_FLAGS.join(" "));
    expect(Object.values(flags).every(Boolean)).toBe(true);
    expect(UPS_STATUS_FLAGS).toHaveLength(15);
  });

  it("keeps unknown words (a driver's HE, future flags) apart, once each", () => {
    expect(decodeUpsStatus("  OL   HE ECO HE ")).toMatchObject({ flags: { OL: true }, other: ["HE", "ECO"] });
  });

  it("reads an empty status as all false", () => {
    const { flags, other } = decodeUpsStatus("");
    expect(Object.values(flags).some(Boolean)).toBe(false);
    expect(other).toEqual([]);
  });
});
