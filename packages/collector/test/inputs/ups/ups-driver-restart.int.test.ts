import type { DraftEvent } from "@wirewatch/protocol";
import { DUMMY_UPS_VARS, POWER_CUT_STEPS, startUpsd, type Upsd } from "@wirewatch/testkit";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { alertOf, type Data, startUpsAlertRig, type UpsAlertRig, upsSample } from "./ups-alert-rig.js";

/**
 * Issue 14, defect 2: a NUT driver restarted during a power cut. While the new driver starts,
 * upsd answers DRIVER-NOT-CONNECTED and then `ups.status: WAIT` (no other variable) before the
 * UPS's real status. WAIT is no sample: the on-battery alert must go `unknown` and come back
 * (`returned`), never resolve and fire again, and recover once the status really says OL.
 */

const upsHealth = (e: DraftEvent) =>
  e.channel === "collector.status" && (e.data as Data).input === "ups.ups1@nas1";

describe("a dummy-ups driver restarted while the UPS is on battery", () => {
  let upsd: Upsd;
  let rig: UpsAlertRig;

  beforeAll(async () => {
    upsd = await startUpsd({ upses: [{ name: "ups1", vars: { ...DUMMY_UPS_VARS } }], maxAgeS: 3 });
    rig = await startUpsAlertRig(upsd.port);
  });

  afterAll(async () => {
    await rig?.stop();
    await upsd?.stop();
  });

  it("keeps ups-on-battery firing or unknown through DRIVER-NOT-CONNECTED and WAIT; recovers once on OL", async () => {
    const { recorder, engine, upsAlerts } = rig;
    const [, onBattery, , mainsBack] = POWER_CUT_STEPS;
    if (!onBattery || !mainsBack) throw new Error("POWER_CUT_STEPS changed");

    await upsd.step("ups1", onBattery.vars);
    const fired = await recorder.next(alertOf("ups-on-battery", "fired"), "on-battery alert");

    const restartAt = recorder.events.length;
    const answers = await upsd.restartDriver("ups1", { downMs: 1_500 });
    // what upsd really answered meanwhile: the driver gone, then WAIT while the new one starts
    // (and, seen once under load, WAIT as the old one stopped)
    expect(answers.slice(answers.indexOf("ERR DRIVER-NOT-CONNECTED"))).toEqual([
      "ERR DRIVER-NOT-CONNECTED",
      "WAIT",
      "OB DISCHRG",
    ]);
    // two polls on battery after the restart, and everything the engine made of them
    const back = await recorder.next(upsSample("ups1", "OB DISCHRG"), "ups1 on battery again", restartAt);
    const after = await recorder.next(upsSample("ups1", "OB DISCHRG"), "another ups1 sample", back + 1);
    await engine.flush();
    const window = recorder.events.slice(restartAt, after + 1);

    // never a recovery (MonServ's [RECOVERED] frame) while on battery: unknown, then returned
    expect(upsAlerts(fired).map((a) => `${a.rule} ${a.transition}`)).toEqual([
      "ups-on-battery fired",
      "ups-on-battery unknown",
      "ups-on-battery returned",
    ]);
    // no sample without a power state reached the bus: every ups1 sample said OB DISCHRG
    const statuses = window.filter(upsSample("ups1")).map((e) => (e.data as { ups: Data }).ups.status);
    expect(new Set(statuses)).toEqual(new Set(["OB DISCHRG"]));
    // ups1 went stale for the lost driver and for WAIT, then ok with its first real status
    const healthSeen = window
      .filter(upsHealth)
      .map((e) => `${(e.data as Data).state} ${(e.data as Data).error}`);
    const staleSeen = healthSeen.filter((h) => h.startsWith("stale"));
    expect(
      staleSeen.filter((h) => !/DRIVER-NOT-CONNECTED|LIST VAR ups1: no sample: ups\.status is WAIT/.test(h)),
    ).toEqual([]);
    expect(staleSeen.some((h) => h.includes("DRIVER-NOT-CONNECTED"))).toBe(true);
    expect(staleSeen.at(-1)).toMatch(/no sample: ups\.status is WAIT \(the driver is starting\)$/);
    expect(healthSeen.at(-1)).toBe("ok null");
    expect(engine.list().alerts.map((a) => [a.rule, a.state])).toEqual([["ups-on-battery", "firing"]]);

    // the status really says OL: one recovery
    await upsd.step("ups1", mainsBack.vars);
    const recovered = await recorder.next(
      alertOf("ups-on-battery", "resolved"),
      "on-battery recovery",
      after,
    );
    expect(recorder.events[recovered]?.data).toMatchObject({
      state: "resolved",
      subject: "[RECOVERED] nas1 UPS ups1 on battery",
      message: expect.stringMatching(/^UPS ups1@nas1 back on line power after \d+s$/),
    });
    await engine.flush();
    expect(upsAlerts().map((a) => `${a.rule} ${a.transition}`)).toEqual([
      "ups-on-battery fired",
      "ups-on-battery unknown",
      "ups-on-battery returned",
      "ups-on-battery resolved",
    ]);
  });
});
