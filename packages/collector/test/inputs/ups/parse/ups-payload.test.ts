import { readdirSync } from "node:fs";
import { checkPayload } from "@wirewatch/protocol";
import { readTestdata, TESTDATA_DIR } from "@wirewatch/testkit";
import { describe, expect, it } from "vitest";
import { upsStatusProblem } from "../../../../src/inputs/ups/parse/status-flags.js";
import { nutNumber, toUpsPayload } from "../../../../src/inputs/ups/parse/ups-payload.js";
import { parseUpscDump } from "../../../../src/inputs/ups/parse/upsc-dump.js";

/** What each recorded UPS (testdata/nut, see testdata/SOURCES.md) must produce. */
const RECORDED: Record<string, Record<string, unknown>> = {
  "APC__Back-UPS_ES_750__usbhid-ups__2.6.4__01.dev": {
    status: "OL CHRG LB",
    on: ["OL", "LB", "CHRG"],
    battery_charge: 35,
    battery_runtime: 0,
    load: 42,
    input_voltage: 119,
    output_voltage: null,
    model: "Back-UPS ES 750",
    mfr: "American Power Conversion",
    alarm: null,
  },
  "APC__Back-UPS_RS_1000MS__usbhid-ups__2.7.4__01.dev": {
    status: "OL CHRG",
    on: ["OL", "CHRG"],
    battery_charge: 96,
    battery_runtime: 2076,
    load: 18,
    input_voltage: 122,
    model: "Back-UPS RS 1000MS",
    serial: "5B2228T01467",
  },
  "APC__Smart-UPS_2200__usbhid-ups__2.7.4__01.dev": {
    status: "OB DISCHRG",
    on: ["OB", "DISCHRG"],
    battery_charge: 93,
    battery_runtime: 65535,
    load: 5.2,
    input_voltage: 0,
    output_voltage: 220.4,
    model: "Smart-UPS 2200",
    source: "battery",
  },
  "APC__Smart-UPS_750__apc_modbus__2.8.2__01.dev": {
    status: "OL HE",
    on: ["OL"],
    other: ["HE"],
    battery_charge: 100,
    battery_runtime: 6420,
    load: 5.19,
    input_voltage: 240.39,
    output_voltage: 239,
    model: "Smart-UPS 750",
    realpower_watts: 25.94,
  },
  "Cyber_Power_Systems__CP1500PFCLCD__usbhid-ups__2.7.4__01.dev": {
    status: "OL",
    on: ["OL"],
    battery_charge: 100,
    battery_runtime: 1530,
    load: 25,
    input_voltage: 116,
    output_voltage: 140,
    model: "CP1500PFCLCD",
    mfr: "CPS",
    estimated_realpower_watts: 225,
  },
  "Cyber_Power_Systems__CP900AVR__usbhid-ups__2.6.5__01.dev": {
    status: "OB DISCHRG",
    on: ["OB", "DISCHRG"],
    battery_charge: 93,
    battery_runtime: 2572,
    load: 13,
    input_voltage: 0,
    output_voltage: 120,
    model: "CP 1000D",
    source: "battery",
  },
  "Eaton__5PX_2000__usbhid-ups__2.7.4__01.dev": {
    status: "ALARM OL CHRG RB",
    on: ["OL", "RB", "CHRG", "ALARM"],
    alarm: "Replace battery!",
    battery_charge: 100,
    battery_runtime: 1032,
    load: 30,
    input_voltage: 235,
    output_voltage: 235,
    model: "Eaton 5PX 2000",
    mfr: "EATON",
    realpower_watts: 504,
  },
  "Eaton__93PM__snmp-ups__2.7.4__02.dev": {
    status: "ALARM OL RB",
    on: ["OL", "RB", "ALARM"],
    alarm: "Battery bad! Building alarm!",
    battery_charge: 0,
    battery_runtime: 0,
    load: null,
    input_voltage: null,
    model: "PXGMS UPS + EATON 93PM",
    mfr: "Eaton Corporation",
  },
  "telegraf__CyberPower_CP900EPFCLCD__variables.dev": {
    status: "OL",
    on: ["OL"],
    battery_charge: 100,
    battery_runtime: 4020,
    load: 13,
    input_voltage: 228,
    output_voltage: 228,
    model: "CP900EPFCLCD",
    mfr: "CPS",
  },
};

describe("toUpsPayload on every recorded UPS", () => {
  it("covers every .dev file in testdata/nut", () => {
    const files = readdirSync(`${TESTDATA_DIR}nut`).filter((f) => f.endsWith(".dev"));
    expect(files.sort()).toEqual(Object.keys(RECORDED).sort());
  });

  for (const [file, expected] of Object.entries(RECORDED)) {
    it(`${file}: a valid infrastructure.status with the recorded values`, () => {
      const vars = parseUpscDump(readTestdata(`nut/${file}`));
      expect(upsStatusProblem(vars["ups.status"])).toBeNull(); // a sample, not a starting driver
      const payload = toUpsPayload({ name: "ups", server: "127.0.0.1:3493", vars });
      expect(checkPayload("infrastructure.status", payload)).toEqual({ ok: true });
      expect(JSON.parse(JSON.stringify(payload))).toEqual(payload);
      const { on, other, source, realpower_watts, estimated_realpower_watts, ...fields } = expected;
      expect(payload.ups).toMatchObject(fields);
      const flagsOn = Object.entries(payload.ups.status_flags)
        .filter(([, v]) => v)
        .map(([k]) => k);
      expect(flagsOn).toEqual(on);
      expect(payload.ups.status_other).toEqual(other ?? []);
      if (source) expect(payload.power.source).toBe(source);
      if (realpower_watts !== undefined) expect(payload.power.realpower_watts).toBe(realpower_watts);
      if (estimated_realpower_watts !== undefined) {
        expect(payload.power.estimated_realpower_watts).toBe(estimated_realpower_watts);
      }
      expect(payload.ups.variables).toEqual(vars);
    });
  }
});

describe("toUpsPayload", () => {
  it("fills every field, null where NUT has nothing", () => {
    const payload = toUpsPayload({ name: "ups1", server: "nas1:3493", description: " Rack UPS ", vars: {} });
    expect(payload.ups).toMatchObject({
      name: "ups1",
      server: "nas1:3493",
      description: "Rack UPS",
      status: "",
      alarm: null,
      battery_charge: null,
      model: null,
      variables: {},
    });
    expect(payload.power).toMatchObject({ source: "unknown", estimated_realpower_watts: null });
    expect(checkPayload("infrastructure.status", payload)).toEqual({ ok: true });
  });

  it("takes device.* when ups.* is missing, and battery.temperature when ups.temperature is", () => {
    const payload = toUpsPayload({
      name: "u",
      server: "s:1",
      vars: {
        "device.model": "X1",
        "device.mfr": "ACME",
        "battery.temperature": "31.5",
        "ups.status": "OL BYPASS",
      },
    });
    expect(payload.ups).toMatchObject({ model: "X1", mfr: "ACME", temperature: 31.5 });
    expect(payload.power.source).toBe("bypass");
  });
});

describe("nutNumber", () => {
  it("reads NUT's numbers and rejects text", () => {
    expect(["230.0", "-60", "0.00", "1.2e3", "+5", " 42 "].map(nutNumber)).toEqual([
      230, -60, 0, 1200, 5, 42,
    ]);
    expect(["", "NUMBER", "12V", "0x10", "NaN", "Infinity", undefined].map(nutNumber)).toEqual(
      Array(7).fill(null),
    );
  });
});
