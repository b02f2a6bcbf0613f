import { describe, expect, it } from "vitest";
import {
  decodeUpsStatus,
  UPS_STATUS_FLAGS,
  upsStatusProblem,
} from "../../../../src/inputs/ups/parse/status-flags.js";

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

describe("upsStatusProblem: is ups.status a sample?", () => {
  it("accepts every status that names a power state (OL, OB, BYPASS, OFF), whatever else it says", () => {
    const statuses = [
      "OL",
      "OB DISCHRG LB",
      "ALARM OL CHRG RB",
      " OL BYPASS ",
      "BYPASS",
      "OFF",
      "OL HE",
      "FSD OB LB",
    ];
    expect(statuses.map(upsStatusProblem)).toEqual(statuses.map(() => null));
  });

  it("refuses WAIT, the status of a driver that is starting", () => {
    expect(upsStatusProblem("WAIT")).toBe("ups.status is WAIT (the driver is starting)");
    expect(upsStatusProblem(" WAIT ")).toBe("ups.status is WAIT (the driver is starting)");
    // decoded as flags it would read "not on battery": the false recovery this check prevents
    expect(decodeUpsStatus("WAIT")).toMatchObject({ flags: { OB: false, OL: false }, other: ["WAIT"] });
  });

  it("refuses an empty or missing status", () => {
    expect(upsStatusProblem("")).toBe("ups.status is empty");
    expect(upsStatusProblem(" \t ")).toBe("ups.status is empty");
    expect(upsStatusProblem(undefined)).toBe("no ups.status");
  });

  it("refuses a status of only other words, known or not, naming them", () => {
    expect(upsStatusProblem("HE ECO")).toBe('ups.status "HE ECO" names no power state (OL, OB, BYPASS, OFF)');
    expect(upsStatusProblem("WAIT ALARM")).toMatch(/^ups.status "WAIT ALARM" names no power state/);
    expect(upsStatusProblem("LB CHRG")).toMatch(/names no power state/);
    expect(upsStatusProblem("ol ob")).toMatch(/names no power state/); // NUT's words are upper case
  });

  it("never throws on odd input and keeps its message short", () => {
    const long = "X".repeat(10_000);
    expect(upsStatusProblem(long)).toBe(
      `ups.status "${"X".repeat(80)}…" names no power state (OL, OB, BYPASS, OFF)`,
    );
    expect(upsStatusProblem("\u0000 \uFFFD")).toMatch(/names no power state/);
  });
});
