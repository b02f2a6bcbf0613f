import {
  type AlertEngine,
  createAlertEngine,
  createMemoryStateStore,
  observingPublisher,
  resolveRules,
} from "@wirewatch/alerts";
import { silentLogger } from "@wirewatch/bus";
import type { DraftEvent } from "@wirewatch/protocol";
import { DUMMY_UPS_VARS, POWER_CUT_STEPS, startUpsd, type Upsd } from "@wirewatch/testkit";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createInlineRunner } from "../../../src/inline-runner.js";
import { registerBuiltinInputs } from "../../../src/inputs/builtin.js";
import { createRegistry } from "../../../src/registry.js";
import { createScheduler, type Scheduler } from "../../../src/scheduler.js";

/**
 * The default UPS alert rules end to end: a real upsd with dummy-ups (testkit), the registered
 * ups input and the scheduler publishing through `observingPublisher` into an alert engine with
 * the built-in rules (as `wirewatch start` wires it), every draft and alert recorded in order.
 */

type Data = Record<string, unknown>;

function createRecorder() {
  const events: DraftEvent[] = [];
  let waiters: (() => void)[] = [];
  return {
    events,
    async publish(draft: DraftEvent) {
      events.push(draft);
      const ready = waiters;
      waiters = [];
      for (const wake of ready) wake();
      return undefined;
    },
    /** Waits for an event matching `test` at or after index `from`. */
    async next(test: (e: DraftEvent) => boolean, description: string, from = 0, timeoutMs = 20_000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const index = events.findIndex((e, i) => i >= from && test(e));
        if (index !== -1) return index;
        const left = deadline - Date.now();
        if (left <= 0) throw new Error(`timed out waiting for ${description}`);
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, Math.min(left, 250));
          waiters.push(() => {
            clearTimeout(timer);
            resolve();
          });
        });
      }
    },
  };
}

const upsSample = (name: string, status?: string) => (e: DraftEvent) => {
  if (e.channel !== "infrastructure.status") return false;
  const ups = (e.data as { ups: { name: string; status: string } }).ups;
  return ups.name === name && (status === undefined || ups.status === status);
};
const alertOf = (rule: string, transition?: string) => (e: DraftEvent) =>
  e.channel === "infrastructure.alert" &&
  (e.data as Data).rule === rule &&
  (transition === undefined || (e.data as Data).transition === transition);
const health = (input: string, state: string) => (e: DraftEvent) =>
  e.channel === "collector.status" && (e.data as Data).input === input && (e.data as Data).state === state;

describe("default UPS alerts against a real upsd", () => {
  let upsd: Upsd;
  let engine: AlertEngine;
  let scheduler: Scheduler;
  const recorder = createRecorder();
  const upsAlerts = () =>
    recorder.events
      .filter((e) => e.channel === "infrastructure.alert" && String((e.data as Data).rule).startsWith("ups-"))
      .map((e) => e.data as Data);

  beforeAll(async () => {
    upsd = await startUpsd({
      upses: [
        { name: "ups1", vars: { ...DUMMY_UPS_VARS } },
        { name: "ups2", vars: { ...DUMMY_UPS_VARS, "ups.model": "Second" } },
      ],
      maxAgeS: 3,
    });
    engine = createAlertEngine({
      rules: resolveRules({ defaults: true }),
      store: createMemoryStateStore(),
      publisher: recorder,
      host: "collector1",
      logger: silentLogger,
    });
    await engine.start();
    const registry = createRegistry();
    registerBuiltinInputs(registry);
    const inputs = registry.createInputs(
      {
        host: { enabled: false },
        ups: {
          enabled: true,
          intervalMs: 500,
          timeoutMs: 2_000,
          servers: [{ port: upsd.port, name: "nas1" }],
        },
      },
      { host: "collector1", runner: createInlineRunner() },
    );
    scheduler = createScheduler({
      publisher: observingPublisher(recorder, engine),
      host: "collector1",
      logger: silentLogger,
    });
    for (const input of inputs) scheduler.add(input);
    scheduler.start();
  });

  afterAll(async () => {
    await scheduler?.stop();
    await engine?.close();
    await upsd?.stop();
  });

  it("a power cut OL → OB DISCHRG → OB LB (stale for a while) → OL CHRG: each alert fires once and recovers once", async () => {
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
