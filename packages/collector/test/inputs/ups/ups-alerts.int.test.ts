import { DUMMY_UPS_VARS, POWER_CUT_STEPS, startUpsd, type Upsd } from "@wirewatch/testkit";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { alertOf, health, startUpsAlertRig, type UpsAlertRig, upsSample } from "./ups-alert-rig.js";

/**
 * The default UPS alert rules end to end: a real upsd with dummy-ups (testkit), the registered
 * ups input and the scheduler publishing through `observingPublisher` into an alert engine with
 * the built-in rules (as `wirewatch start` wires it), every draft and alert recorded in order.
 */

describe("default UPS alerts against a real upsd", () => {
  let upsd: Upsd;
  let rig: UpsAlertRig;

  beforeAll(async () => {
    upsd = await startUpsd({
      upses: [
        { name: "ups1", vars: { ...DUMMY_UPS_VARS } },
        { name: "ups2", vars: { ...DUMMY_UPS_VARS, "ups.model": "Second" } },
      ],
      maxAgeS: 3,
    });
    rig = await startUpsAlertRig(upsd.port);
  });

  afterAll(async () => {
    await rig?.stop();
    await upsd?.stop();
  });

  it("a power cut OL → OB DISCHRG → OB LB (stale for a while) → OL CHRG: each alert fires once and recovers once", async () => {
    const { recorder, engine, upsAlerts } = rig;
    const [online, onBattery, lowBattery, mainsBack] = POWER_CUT_STEPS;
    if (!online || !onBattery || !lowBattery || !mainsBack) throw new Error("POWER_CUT_STEPS changed");

    await upsd.step("ups1", online.vars);
    let from = await recorder.next(upsSample("ups1", "OL"), "ups1 OL");
    expect(upsAlerts()).toEqual([]);

    await upsd.step("ups1", onBattery.vars);
    from = await recorder.next(upsSample("ups1", "OB DISCHRG"), "ups1 OB DISCHRG", from);
    from = await recorder.next(alertOf("ups-on-battery", "fired"), "on-battery alert", from);
    expect(recorder.events[from]?.data).toMatchObject({
      state: "firing",
      level: "warning",
      host: "nas1",
      key: "ups1",
      message: "UPS ups1@nas1 on battery: charge 86%, runtime 1500s",
      subject: "[ALERT] nas1 UPS ups1 on battery warning",
    });

    await upsd.step("ups1", lowBattery.vars);
    from = await recorder.next(upsSample("ups1", "OB LB"), "ups1 OB LB", from);
    from = await recorder.next(alertOf("ups-low-battery", "fired"), "low-battery alert", from);
    expect(recorder.events[from]?.data).toMatchObject({
      state: "firing",
      level: "critical",
      key: "ups1",
      message: "UPS ups1@nas1 low battery: charge 15%, runtime 180s",
    });

    // DATA-STALE: the alerts go unknown; no recovery while upsd has no fresh data
    upsd.pauseDriver("ups1");
    const stale = await recorder.next(health("ups.ups1@nas1", "stale"), "ups1 stale", from);
    await recorder.next(alertOf("ups-on-battery", "unknown"), "on-battery unknown", stale);
    await recorder.next(alertOf("ups-low-battery", "unknown"), "low-battery unknown", stale);
    // ups2 keeps being polled while ups1 is stale: two more of its samples
    const later = await recorder.next(upsSample("ups2"), "ups2 while stale", stale + 1);
    await recorder.next(upsSample("ups2"), "another ups2 while stale", later + 1);
    expect(upsAlerts().filter((a) => a.state === "resolved")).toEqual([]);
    upsd.resumeDriver("ups1");
    const ok = await recorder.next(health("ups.ups1@nas1", "ok"), "ups1 ok again", stale);
    await recorder.next(alertOf("ups-on-battery", "returned"), "on-battery returned", ok);
    await recorder.next(alertOf("ups-low-battery", "returned"), "low-battery returned", ok);

    await upsd.step("ups1", mainsBack.vars);
    from = await recorder.next(upsSample("ups1", "OL CHRG"), "ups1 OL CHRG", ok);
    const back = await recorder.next(alertOf("ups-on-battery", "resolved"), "on-battery recovery", from);
    expect(recorder.events[back]?.data).toMatchObject({
      state: "resolved",
      level: "ok",
      key: "ups1",
      message: expect.stringMatching(/^UPS ups1@nas1 back on line power after \d+s$/),
    });
    const lbBack = await recorder.next(alertOf("ups-low-battery", "resolved"), "low-battery recovery", from);
    expect(recorder.events[lbBack]?.data).toMatchObject({
      state: "resolved",
      key: "ups1",
      message: expect.stringMatching(/^UPS ups1@nas1 battery no longer low: charge 22%, firing for \d+s$/),
    });

    // a few more polls on line: nothing new
    const more = await recorder.next(upsSample("ups1", "OL CHRG"), "ups1 still OL CHRG", lbBack + 1);
    await recorder.next(upsSample("ups1", "OL CHRG"), "ups1 OL CHRG again", more + 1);
    await engine.flush();

    const transitions = (rule: string) =>
      upsAlerts()
        .filter((a) => a.rule === rule)
        .map((a) => `${a.transition}`);
    expect(transitions("ups-on-battery")).toEqual(["fired", "unknown", "returned", "resolved"]);
    expect(transitions("ups-low-battery")).toEqual(["fired", "unknown", "returned", "resolved"]);
    expect(new Set(upsAlerts().map((a) => a.rule))).toEqual(new Set(["ups-on-battery", "ups-low-battery"]));
    expect(upsAlerts().every((a) => a.host === "nas1" && a.key === "ups1")).toBe(true);
    expect(engine.list().alerts.filter((a) => String(a.rule).startsWith("ups-"))).toEqual([]);
  });
});
