import { readTestdata } from "@wirewatch/testkit";
import { describe, expect, it } from "vitest";
import { parseUpscDump } from "../../../../src/inputs/ups/parse/upsc-dump.js";

describe("parseUpscDump", () => {
  it("reads name: value lines, skipping comments, comment blocks and TIMER lines", () => {
    const text = [
      "# DEVICE:URL: https://example.org",
      "battery.charge: 35",
      "battery.runtime: 0\t#COMMENT: Need calibration.",
      "# battery.runtime:COMMENT:",
      "# .Notes on calibration: 1. charge to 100%",
      "# battery.runtime:EOC",
      "TIMER 5",
      "ups.serial: ID: esa, Msg: XXXXXXXXXX",
      'ups.alarm: "Replace \\"battery\\"!"',
      "device.model:  CP 1000D",
      "ups.serial2: 5B2228T01467  ",
      "not a variable line",
      "",
    ].join("\n");
    expect(parseUpscDump(text)).toEqual({
      "battery.charge": "35",
      "battery.runtime": "0",
      "ups.serial": "ID: esa, Msg: XXXXXXXXXX",
      "ups.alarm": 'Replace "battery"!',
      "device.model": "CP 1000D",
      "ups.serial2": "5B2228T01467",
    });
  });

  it("reads a DDL dump with its long comment block (UTF-8 text) whole", () => {
    const vars = parseUpscDump(readTestdata("nut/APC__Back-UPS_ES_750__usbhid-ups__2.6.4__01.dev"));
    expect(vars["battery.runtime"]).toBe("0");
    expect(vars["ups.status"]).toBe("OL CHRG LB");
    expect(Object.keys(vars).every((name) => /^[a-z0-9._-]+$/i.test(name))).toBe(true);
    expect(Object.keys(vars)).not.toContain("#");
  });

  it("keeps the last value when a name repeats (dummy-ups reads files in order)", () => {
    expect(parseUpscDump("ups.status: OL\nups.status: OB\n")).toEqual({ "ups.status": "OB" });
  });
});
