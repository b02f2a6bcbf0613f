import { NutError } from "@wirewatch/nut";
import type { DraftEvent } from "@wirewatch/protocol";
import { silentLogger } from "@wirewatch/protocol";
import { readTestdata } from "@wirewatch/testkit";
import { describe, expect, it } from "vitest";
import { createInlineRunner } from "../../../src/inline-runner.js";
import { upsConfigSchema } from "../../../src/inputs/ups/config.js";
import { createUpsCollector } from "../../../src/inputs/ups/index.js";
import type { NutSource } from "../../../src/inputs/ups/nut-source.js";
import type { UpsStatusPayload } from "../../../src/inputs/ups/parse/ups-payload.js";
import { parseUpscDump } from "../../../src/inputs/ups/parse/upsc-dump.js";
import { createScheduler } from "../../../src/scheduler.js";
import type { TaskStatus } from "../../../src/task-health.js";
import { createManualClock } from "../../helpers/manual-clock.js";
import { createRecordingPublisher } from "../../helpers/recording-publisher.js";

/**
 * The ups input through the scheduler, with upsd replaced by a source that answers from recorded
 * dumps (the network path itself is covered against a real upsd in ups-upsd.int.test.ts).
 */

const EATON = parseUpscDump(readTestdata("nut/Eaton__5PX_2000__usbhid-ups__2.7.4__01.dev"));
const CP900 = parseUpscDump(readTestdata("nut/Cyber_Power_Systems__CP900AVR__usbhid-ups__2.6.5__01.dev"));

/** upsd's answers, changed by the test between polls: variables, or the error LIST VAR gets. */
interface FakeUpsd {
  upses: Record<string, Record<string, string> | NutError>;
  down?: NutError;
  closed: number;
  listVarsCalls: string[];
}

function fakeSource(state: FakeUpsd): NutSource {
  return {
    async listUps() {
      if (state.down) throw state.down;
      return Object.keys(state.upses).map((name) => ({ name, description: `UPS ${name}` }));
    },
    async listVars(ups) {
      state.listVarsCalls.push(ups);
      if (state.down) throw state.down;
      const answer = state.upses[ups];
      if (answer === undefined) throw new NutError("UNKNOWN-UPS", `LIST VAR ${ups}: UNKNOWN-UPS`);
      if (answer instanceof NutError) throw answer;
      return { ...answer };
    },
    async close() {
      state.closed += 1;
    },
  };
}

function setup(configInput: unknown, state: FakeUpsd) {
  const clock = createManualClock();
  const publisher = createRecordingPublisher();
  const scheduler = createScheduler({ publisher, clock, host: "collector1", logger: silentLogger });
  const config = upsConfigSchema.parse(configInput);
  const ctx = { host: "collector1", runner: createInlineRunner(), clock, logger: silentLogger };
  scheduler.add(createUpsCollector(config, ctx, () => fakeSource(state)));
  const take = () => publisher.events.splice(0);
  const statuses = (events: DraftEvent[]) =>
    events
      .filter((e) => e.channel === "collector.status")
      .map((e) => {
        const s = e.data as TaskStatus;
        return [s.input, s.state, s.error];
      });
  const ups = (events: DraftEvent[]) =>
    events
      .filter((e) => e.channel === "infrastructure.status")
      .map((e) => ({ host: e.host, ...(e.data as UpsStatusPayload) }));
  return { scheduler, clock, take, statuses, ups };
}

const state = (upses: FakeUpsd["upses"]): FakeUpsd => ({ upses, closed: 0, listVarsCalls: [] });

describe("ups input", () => {
  it("emits one infrastructure.status per UPS of every server, with each server's host", async () => {
    const nas = state({ eaton: EATON, cp900: CP900 });
    const { scheduler, take, statuses, ups } = setup(
      { enabled: true, servers: [{ host: "nas1.lan", name: "nas1" }, { host: "127.0.0.1" }] },
      nas,
    );
    await scheduler.runNow();
    const events = take();
    expect(ups(events).map((e) => [e.host, e.ups.name, e.ups.server, e.ups.status])).toEqual([
      ["nas1", "eaton", "nas1.lan:3493", "ALARM OL CHRG RB"],
      ["nas1", "cp900", "nas1.lan:3493", "OB DISCHRG"],
      ["collector1", "eaton", "127.0.0.1:3493", "ALARM OL CHRG RB"],
      ["collector1", "cp900", "127.0.0.1:3493", "OB DISCHRG"],
    ]);
    // each UPS's health carries its events' host (the alert engine matches stale status by host)
    expect(
      events
        .filter((e) => e.channel === "collector.status" && String((e.data as TaskStatus).input).includes("@"))
        .map((e) => [e.host, (e.data as TaskStatus).input]),
    ).toEqual([
      ["nas1", "ups.eaton@nas1"],
      ["nas1", "ups.cp900@nas1"],
      ["collector1", "ups.eaton@127.0.0.1:3493"],
      ["collector1", "ups.cp900@127.0.0.1:3493"],
    ]);
    const [eaton] = ups(events);
    expect(eaton?.ups).toMatchObject({
      description: "UPS eaton",
      alarm: "Replace battery!",
      status_flags: { OL: true, OB: false, RB: true, ALARM: true, CHRG: true },
      battery_charge: 100,
      battery_runtime: 1032,
      load: 30,
    });
    expect(eaton?.ups.variables["outlet.1.status"]).toBe("on");
    expect(statuses(events)).toEqual([
      ["ups.eaton@nas1", "ok", null],
      ["ups.cp900@nas1", "ok", null],
      ["ups.nas1", "ok", null],
      ["ups.eaton@127.0.0.1:3493", "ok", null],
      ["ups.cp900@127.0.0.1:3493", "ok", null],
      ["ups.127.0.0.1:3493", "ok", null],
    ]);
    await scheduler.stop();
  });

  it("polls only the configured UPSes", async () => {
    const upsd = state({ eaton: EATON, cp900: CP900 });
    const { scheduler, take, ups } = setup({ enabled: true, servers: [{ upses: ["cp900"] }] }, upsd);
    await scheduler.runNow();
    expect(ups(take()).map((e) => e.ups.name)).toEqual(["cp900"]);
    expect(upsd.listVarsCalls).toEqual(["cp900"]);
    await scheduler.stop();
  });

  it("makes a UPS with stale data or a lost driver stale, emits nothing for it, and recovers", async () => {
    const upsd = state({ eaton: EATON, cp900: CP900 });
    const { scheduler, take, statuses, ups } = setup({ enabled: true, servers: [{ name: "nas1" }] }, upsd);
    await scheduler.runNow();
    take();

    upsd.upses.cp900 = new NutError("DATA-STALE", "LIST VAR cp900: DATA-STALE (upsd has not heard …)");
    await scheduler.runNow();
    let events = take();
    expect(ups(events).map((e) => e.ups.name)).toEqual(["eaton"]);
    expect(statuses(events)).toEqual([
      [
        "ups.cp900@nas1",
        "stale",
        "upsd at 127.0.0.1:3493: LIST VAR cp900: DATA-STALE (upsd has not heard …)",
      ],
    ]);
    expect(scheduler.status().find((s) => s.input === "ups.nas1")?.state).toBe("ok");

    upsd.upses.cp900 = new NutError("DRIVER-NOT-CONNECTED", "LIST VAR cp900: DRIVER-NOT-CONNECTED");
    await scheduler.runNow();
    events = take();
    expect(ups(events).map((e) => e.ups.name)).toEqual(["eaton"]);
    expect(statuses(events)).toEqual([
      ["ups.cp900@nas1", "stale", "upsd at 127.0.0.1:3493: LIST VAR cp900: DRIVER-NOT-CONNECTED"],
    ]);

    upsd.upses.cp900 = { ...CP900, "ups.status": "OL CHRG" };
    await scheduler.runNow();
    events = take();
    expect(ups(events).map((e) => [e.ups.name, e.ups.status])).toEqual([
      ["eaton", "ALARM OL CHRG RB"],
      ["cp900", "OL CHRG"],
    ]);
    expect(statuses(events)).toEqual([["ups.cp900@nas1", "ok", null]]);
    await scheduler.stop();
  });

  it("takes a status naming no power state (WAIT, empty, unknown words) as no sample: stale, no event", async () => {
    const upsd = state({ eaton: EATON, cp900: CP900 });
    const { scheduler, take, statuses, ups } = setup({ enabled: true, servers: [{ name: "nas1" }] }, upsd);
    await scheduler.runNow();
    take();
    const noSample = (problem: string) => `upsd at 127.0.0.1:3493: LIST VAR cp900: no sample: ${problem}`;

    // a restarted driver initialising: upsd serves ups.status WAIT and nothing else
    upsd.upses.cp900 = { "ups.status": "WAIT" };
    await scheduler.runNow();
    let events = take();
    expect(ups(events).map((e) => e.ups.name)).toEqual(["eaton"]);
    expect(statuses(events)).toEqual([
      ["ups.cp900@nas1", "stale", noSample("ups.status is WAIT (the driver is starting)")],
    ]);
    expect(scheduler.status().find((s) => s.input === "ups.nas1")?.state).toBe("ok");

    for (const [vars, problem] of [
      [{ ...CP900, "ups.status": "" }, "ups.status is empty"],
      [{ "battery.charge": "90" }, "no ups.status"],
      [{ ...CP900, "ups.status": "HE" }, 'ups.status "HE" names no power state (OL, OB, BYPASS, OFF)'],
    ] as const) {
      upsd.upses.cp900 = { ...vars };
      await scheduler.runNow();
      events = take();
      expect(ups(events).map((e) => e.ups.name)).toEqual(["eaton"]);
      expect(statuses(events)).toEqual([["ups.cp900@nas1", "stale", noSample(problem)]]);
    }

    upsd.upses.cp900 = CP900;
    await scheduler.runNow();
    events = take();
    expect(ups(events).map((e) => [e.ups.name, e.ups.status])).toEqual([
      ["eaton", "ALARM OL CHRG RB"],
      ["cp900", "OB DISCHRG"],
    ]);
    expect(statuses(events)).toEqual([["ups.cp900@nas1", "ok", null]]);
    await scheduler.stop();
  });

  it("fails the schedule when upsd is unreachable and marks its known UPSes stale", async () => {
    const upsd = state({ eaton: EATON });
    const { scheduler, take, statuses, ups } = setup({ enabled: true, servers: [{ name: "nas1" }] }, upsd);
    await scheduler.runNow();
    take();
    upsd.down = new NutError(
      "WW_NUT_CONNECT",
      "cannot connect to upsd at 127.0.0.1:3493: connect ECONNREFUSED",
    );
    await scheduler.runNow();
    const events = take();
    expect(ups(events)).toEqual([]);
    expect(statuses(events)).toEqual([
      ["ups.eaton@nas1", "stale", "upsd at 127.0.0.1:3493 unreachable"],
      [
        "ups.nas1",
        "error",
        "upsd at 127.0.0.1:3493: cannot connect to upsd at 127.0.0.1:3493: connect ECONNREFUSED",
      ],
    ]);
    await scheduler.stop();
  });

  it("fails the schedule for a UPS upsd refuses, still emitting the others", async () => {
    const upsd = state({ eaton: EATON });
    const { scheduler, take, statuses, ups } = setup(
      { enabled: true, servers: [{ name: "nas1", upses: ["eaton", "typo"] }] },
      upsd,
    );
    await scheduler.runNow();
    const events = take();
    expect(ups(events).map((e) => e.ups.name)).toEqual(["eaton"]);
    expect(statuses(events)).toEqual([
      ["ups.eaton@nas1", "ok", null],
      ["ups.typo@nas1", "error", "upsd at 127.0.0.1:3493: LIST VAR typo: UNKNOWN-UPS"],
      ["ups.nas1", "error", "upsd at 127.0.0.1:3493: LIST VAR typo: UNKNOWN-UPS"],
    ]);
    await scheduler.stop();
  });

  it("reports a UPS that upsd stopped listing once, then forgets it", async () => {
    const upsd = state({ eaton: EATON, cp900: CP900 });
    const { scheduler, take, statuses } = setup({ enabled: true, servers: [{ name: "nas1" }] }, upsd);
    await scheduler.runNow();
    take();
    delete upsd.upses.cp900;
    await scheduler.runNow();
    expect(statuses(take())).toEqual([
      ["ups.cp900@nas1", "stale", "no longer listed by upsd at 127.0.0.1:3493"],
    ]);
    await scheduler.runNow();
    expect(statuses(take())).toEqual([]);
    await scheduler.stop();
  });

  it("fails when upsd serves no UPS at all", async () => {
    const { scheduler, take, statuses } = setup({ enabled: true }, state({}));
    await scheduler.runNow();
    expect(statuses(take())).toEqual([
      ["ups.127.0.0.1:3493", "error", "upsd at 127.0.0.1:3493: upsd lists no UPS (LIST UPS is empty)"],
    ]);
    await scheduler.stop();
  });

  it("repeats an unchanged UPS status every 10 intervals", async () => {
    const { scheduler, clock, take, statuses } = setup(
      { enabled: true, servers: [{ name: "nas1" }] },
      state({ eaton: EATON }),
    );
    await scheduler.runNow();
    take();
    const repeats: number[] = [];
    for (let poll = 1; poll <= 20; poll++) {
      await clock.advance(5_000);
      await scheduler.runNow();
      if (statuses(take()).some(([input]) => input === "ups.eaton@nas1")) repeats.push(poll);
    }
    expect(repeats).toEqual([10, 20]);
    await scheduler.stop();
  });

  it("closes its NUT connections when the scheduler stops", async () => {
    const upsd = state({ eaton: EATON });
    const { scheduler } = setup({ enabled: true, servers: [{ name: "a" }, { name: "b" }] }, upsd);
    await scheduler.runNow();
    await scheduler.stop();
    expect(upsd.closed).toBe(2);
  });
});
