import { afterEach, describe, expect, it } from "vitest";
import { DUMMY_UPS_VARS, nutGetVar, POWER_CUT_STEPS, startUpsd, type Upsd } from "../src/index.js";
import { testdataPath } from "../src/testdata.js";
import { waitFor } from "../src/wait-for.js";

const FIXTURE = testdataPath("nut/Cyber_Power_Systems__CP900AVR__usbhid-ups__2.6.5__01.dev");

let upsd: Upsd | undefined;
afterEach(async () => {
  await upsd?.stop();
  upsd = undefined;
});

describe("startUpsd", () => {
  it("serves a recorded .dev file and inline variables on a private loopback port", async () => {
    upsd = await startUpsd({
      upses: [
        { name: "cp900", file: FIXTURE, description: 'Rack "B" UPS' },
        { name: "dummy", vars: { ...DUMMY_UPS_VARS } },
      ],
    });
    expect(await upsd.query("LIST UPS")).toEqual([
      "BEGIN LIST UPS",
      'UPS cp900 "Rack \\"B\\" UPS"',
      'UPS dummy "Description unavailable"',
      "END LIST UPS",
    ]);
    expect(await nutGetVar(upsd.port, "cp900", "ups.status")).toBe("OB DISCHRG");
    expect(await nutGetVar(upsd.port, "cp900", "battery.charge")).toBe("93");
    expect(await nutGetVar(upsd.port, "dummy", "ups.model")).toBe("Dummy 1500");
  });

  it("steps a dummy UPS through a power cut, each step served before step() resolves", async () => {
    upsd = await startUpsd({ upses: [{ name: "ups1", vars: { ...DUMMY_UPS_VARS } }] });
    for (const step of POWER_CUT_STEPS) {
      await upsd.step("ups1", step.vars);
      expect(await nutGetVar(upsd.port, "ups1", "ups.status")).toBe(step.flags.join(" "));
      expect(await nutGetVar(upsd.port, "ups1", "battery.charge")).toBe(step.vars["battery.charge"]);
    }
    // the last step removed ups.alarm again
    expect(await nutGetVar(upsd.port, "ups1", "ups.alarm")).toBeNull();
    expect(await nutGetVar(upsd.port, "ups1", "ups.serial")).toBe("WW0001");
  });

  it("loses and regains the driver, and makes data stale while the driver is paused", async () => {
    upsd = await startUpsd({ upses: [{ name: "ups1", vars: { ...DUMMY_UPS_VARS } }], maxAgeS: 3 });
    await upsd.step("ups1", { "ups.status": "OB DISCHRG" });
    await upsd.stopDriver("ups1");
    await waitFor(
      async () => (await upsd?.query("GET VAR ups1 ups.status"))?.[0] === "ERR DRIVER-NOT-CONNECTED",
    );
    await upsd.startDriver("ups1");
    // the restarted driver re-reads the whole file, steps included
    expect(await nutGetVar(upsd.port, "ups1", "ups.status")).toBe("OB DISCHRG");
    upsd.pauseDriver("ups1");
    await waitFor(async () => (await upsd?.query("LIST VAR ups1"))?.[0] === "ERR DATA-STALE", {
      timeoutMs: 20_000,
    });
    upsd.resumeDriver("ups1");
    await waitFor(async () => (await nutGetVar(upsd?.port ?? 0, "ups1", "ups.status")) === "OB DISCHRG", {
      timeoutMs: 20_000,
    });
  });

  it("restarts a driver: upsd answers DRIVER-NOT-CONNECTED, then WAIT while it starts, then its data", async () => {
    upsd = await startUpsd({ upses: [{ name: "ups1", vars: { ...DUMMY_UPS_VARS } }], maxAgeS: 3 });
    await upsd.step("ups1", { "ups.status": "OB DISCHRG" });
    const answers = await upsd.restartDriver("ups1", { downMs: 500 });
    expect([answers[0], answers.at(-1)]).toEqual(["OB DISCHRG", "OB DISCHRG"]);
    // between: the driver gone, then WAIT while the new one starts (under load, WAIT was also
    // seen once as the old driver stopped, before DRIVER-NOT-CONNECTED)
    const between = answers.slice(1, -1);
    expect(between.slice(between.indexOf("ERR DRIVER-NOT-CONNECTED"))).toEqual([
      "ERR DRIVER-NOT-CONNECTED",
      "WAIT",
    ]);
    expect(between.filter((answer) => answer !== "ERR DRIVER-NOT-CONNECTED" && answer !== "WAIT")).toEqual(
      [],
    );
  });

  it("refuses values dummy-ups cannot read", async () => {
    upsd = await startUpsd({ upses: [{ name: "ups1" }] });
    await expect(upsd.step("ups1", { "ups.alarm": 'say "hi"' })).rejects.toThrow(
      /cannot read values with quotes/,
    );
  });
});
