import { type Bus, createMemoryBus, silentLogger } from "@wirewatch/bus";
import { createGateway, type ListeningGateway, listenGateway } from "@wirewatch/gateway";
import { DUMMY_UPS_VARS, POWER_CUT_STEPS, startUpsd, type Upsd } from "@wirewatch/testkit";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createInlineRunner } from "../../../src/inline-runner.js";
import { registerBuiltinInputs } from "../../../src/inputs/builtin.js";
import { createRegistry } from "../../../src/registry.js";
import { createScheduler, type Scheduler } from "../../../src/scheduler.js";
import { type Subscriber, subscribe } from "./ws-subscriber.js";

/**
 * The ups input end to end: a real upsd with dummy-ups drivers (testkit), the registered input,
 * the scheduler, a MemoryBus, the gateway, and a WebSocket client subscribed to
 * infrastructure.status and collector.status.
 */

const TOKEN = "ups-int-test-token-0123456789abcdef";
const isUps = (name: string, status?: string) => (m: Record<string, unknown>) => {
  if (m.type !== "infrastructure.status") return false;
  const ups = (m.data as { ups: { name: string; status: string } }).ups;
  return ups.name === name && (status === undefined || ups.status === status);
};
const isHealth = (input: string, state: string) => (m: Record<string, unknown>) =>
  m.type === "collector.status" &&
  (m.data as { input: string }).input === input &&
  (m.data as { state: string }).state === state;

describe("ups input against a real upsd", () => {
  let upsd: Upsd;
  let bus: Bus;
  let listening: ListeningGateway;
  let scheduler: Scheduler;
  let client: Subscriber;

  beforeAll(async () => {
    upsd = await startUpsd({
      upses: [
        { name: "ups1", vars: { ...DUMMY_UPS_VARS }, description: "Rack UPS" },
        { name: "ups2", vars: { ...DUMMY_UPS_VARS, "ups.model": "Second" } },
      ],
      maxAgeS: 3,
    });
    bus = createMemoryBus({ logger: silentLogger });
    const gateway = createGateway({
      bus,
      hostName: "gw",
      auth: { mode: "token", tokens: [{ name: "reader", token: TOKEN, permissions: ["read"] }] },
    });
    listening = await listenGateway(gateway, { host: "127.0.0.1", port: 0 });
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
    expect(inputs.map((input) => input.name)).toEqual(["ups"]);
    scheduler = createScheduler({ publisher: bus, host: "collector1", logger: silentLogger });
    for (const input of inputs) scheduler.add(input);
    client = await subscribe(`ws://127.0.0.1:${listening.port}/api/v1/ws`, TOKEN, [
      "infrastructure.status",
      "collector.status",
    ]);
    scheduler.start();
  });

  afterAll(async () => {
    client?.close();
    await scheduler?.stop();
    await listening?.close();
    await bus?.close();
    await upsd?.stop();
  });

  it("delivers each step of a power cut to a subscribed client: OL → OB DISCHRG → OB LB → OL CHRG", async () => {
    let from = 0;
    for (const step of POWER_CUT_STEPS) {
      await upsd.step("ups1", step.vars);
      const status = step.flags.join(" ");
      const { message, index } = await client.next(isUps("ups1", status), {
        from,
        description: `ups1 ${status}`,
      });
      from = index + 1;
      expect(message).toMatchObject({ channel: "infrastructure.status", host: "nas1" });
      const { ups, power } = message.data as {
        ups: Record<string, unknown> & { status_flags: Record<string, boolean> };
        power: Record<string, unknown>;
      };
      const on = Object.entries(ups.status_flags)
        .filter(([, v]) => v)
        .map(([k]) => k);
      expect(on.sort()).toEqual([...step.flags].sort());
      expect(ups).toMatchObject({
        name: "ups1",
        server: `127.0.0.1:${upsd.port}`,
        description: "Rack UPS",
        battery_charge: Number(step.vars["battery.charge"]),
        battery_runtime: Number(step.vars["battery.runtime"]),
        input_voltage: Number(step.vars["input.voltage"]),
        model: "Dummy 1500",
        mfr: "Wirewatch",
        driver: "dummy-ups",
        alarm: step.vars["ups.alarm"] ?? null,
      });
      expect(power.source).toBe(step.flags.includes("OB") ? "battery" : "mains");
      expect((ups.variables as Record<string, string>)["ups.status"]).toBe(status);
    }
    // the other UPS of the server was polled all along
    expect(client.messages.some(isUps("ups2", "OL"))).toBe(true);
  });

  it("makes a UPS stale while its driver is paused (DATA-STALE) or gone, never emitting stale data", async () => {
    await client.next(isHealth("ups.ups1@nas1", "ok"), { description: "ups1 ok" });
    upsd.pauseDriver("ups1");
    const stale = await client.next(isHealth("ups.ups1@nas1", "stale"), { description: "ups1 stale" });
    expect((stale.message.data as { error: string }).error).toMatch(/DATA-STALE/);
    // while stale: ups2 keeps coming, ups1 does not
    const later = await client.next(isUps("ups2"), {
      from: stale.index + 1,
      description: "ups2 after ups1 went stale",
    });
    const again = await client.next(isUps("ups2"), { from: later.index + 1, description: "another ups2" });
    expect(client.messages.slice(stale.index + 1, again.index + 1).some(isUps("ups1"))).toBe(false);
    expect(scheduler.status().find((s) => s.input === "ups.nas1")?.state).toBe("ok");

    upsd.resumeDriver("ups1");
    const ok = await client.next(isHealth("ups.ups1@nas1", "ok"), {
      from: stale.index + 1,
      description: "ups1 ok again",
    });
    await client.next(isUps("ups1"), { from: ok.index, description: "ups1 events again" });

    await upsd.stopDriver("ups1");
    const lost = await client.next(isHealth("ups.ups1@nas1", "stale"), {
      from: ok.index + 1,
      description: "driver lost",
    });
    expect((lost.message.data as { error: string }).error).toMatch(/DRIVER-NOT-CONNECTED/);
    await upsd.startDriver("ups1");
    await client.next(isHealth("ups.ups1@nas1", "ok"), { from: lost.index + 1, description: "driver back" });
  });

  it("reports an unreachable upsd on the server's schedule and recovers when it is back", async () => {
    const registry = createRegistry();
    registerBuiltinInputs(registry);
    const [input] = registry.createInputs(
      { ups: { enabled: true, intervalMs: 500, timeoutMs: 500, servers: [{ port: 1, name: "nowhere" }] } },
      { host: "collector1", runner: createInlineRunner() },
    );
    const local = createScheduler({ publisher: bus, host: "collector1", logger: silentLogger });
    if (input) local.add(input);
    await local.runNow();
    const status = local.status().find((s) => s.input === "ups.nowhere");
    expect(status).toMatchObject({
      state: "error",
      error: expect.stringMatching(/upsd at 127\.0\.0\.1:1: cannot connect/),
    });
    await local.stop();
  });
});
