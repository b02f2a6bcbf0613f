import { afterEach, describe, expect, it } from "vitest";
import { DEFAULT_RULES } from "../src/defaults.js";
import { type EngineHarness, startEngine } from "./helpers/engine-harness.js";
import { status } from "./helpers/samples.js";

/**
 * The default UPS rules (ups-on-battery, ups-low-battery, ups-replace-battery, ups-overload) on
 * hand-built `infrastructure.status` payloads in the ups input's shape: booleans as 1/0, one
 * alert per host + UPS name, seed-style messages, no recovery from stale data.
 */
const FLAGS = ["OL", "OB", "LB", "HB", "RB", "CHRG", "DISCHRG", "BYPASS", "CAL", "OFF", "OVER", "TRIM"];

function ups(name: string, statusText: string, extra: Record<string, unknown> = {}) {
  const words = statusText.split(" ").filter(Boolean);
  const status_flags = Object.fromEntries(
    [...FLAGS, "BOOST", "FSD", "ALARM"].map((flag) => [flag, words.includes(flag)]),
  );
  return {
    ups: {
      name,
      server: "nas1.lan:3493",
      status: statusText,
      status_flags,
      status_other: [],
      alarm: null,
      battery_charge: 100,
      battery_runtime: 2400,
      load: 23,
      ...extra,
    },
    power: { source: words.includes("OB") ? "battery" : "mains" },
  };
}

const UPS_RULES = ["ups-on-battery", "ups-low-battery", "ups-replace-battery", "ups-overload"];

let h: EngineHarness;
afterEach(async () => {
  await h?.engine.close();
});

const infra = () =>
  h.publisher
    .on("infrastructure.alert")
    .map((a) => `${a.rule} ${a.host}/${a.key} ${a.state}:${a.severity}: ${a.message}`);

describe("default UPS rules", () => {
  it("are defaults on infrastructure.status, keyed by ups.name, firing at once", () => {
    for (const name of UPS_RULES) {
      const rule = DEFAULT_RULES.find((r) => r.name === name);
      expect(rule, name).toMatchObject({ channel: "infrastructure.status", key: "ups.name" });
    }
    expect(DEFAULT_RULES.find((r) => r.name === "ups-on-battery")?.forMs).toBe(0);
    expect(DEFAULT_RULES.find((r) => r.name === "ups-low-battery")?.forMs).toBe(0);
  });

  it("a power cut: on battery, low battery, back on line — each fires once and recovers once", async () => {
    h = await startEngine({ defaults: true });
    await h.sample("infrastructure.status", ups("ups", "OL"));
    await h.at(10);
    await h.sample(
      "infrastructure.status",
      ups("ups", "OB DISCHRG", { battery_charge: 86, battery_runtime: 1500 }),
    );
    await h.at(15);
    await h.sample(
      "infrastructure.status",
      ups("ups", "OB DISCHRG", { battery_charge: 80, battery_runtime: 1400 }),
    );
    await h.at(70);
    await h.sample(
      "infrastructure.status",
      ups("ups", "OB LB", { battery_charge: 15, battery_runtime: 180 }),
    );
    await h.at(100);
    await h.sample(
      "infrastructure.status",
      ups("ups", "OL CHRG", { battery_charge: 22, battery_runtime: 600 }),
    );
    await h.at(110);
    await h.sample(
      "infrastructure.status",
      ups("ups", "OL CHRG", { battery_charge: 30, battery_runtime: 700 }),
    );
    expect(infra()).toEqual([
      "ups-on-battery nas1/ups firing:warning: UPS ups@nas1 on battery: charge 86%, runtime 1500s",
      "ups-low-battery nas1/ups firing:critical: UPS ups@nas1 low battery: charge 15%, runtime 180s",
      "ups-on-battery nas1/ups resolved:warning: UPS ups@nas1 back on line power after 1m 30s",
      "ups-low-battery nas1/ups resolved:critical: UPS ups@nas1 battery no longer low: charge 22%, firing for 30s",
    ]);
    const [fired] = h.publisher.on("infrastructure.alert");
    expect(fired).toMatchObject({
      subject: "[ALERT] nas1 UPS ups on battery warning",
      value: 1,
      threshold: 1,
    });
    h.assertValidPayloads();
  });

  it("keeps one alert per host and UPS; a sample of one UPS leaves the others alone", async () => {
    h = await startEngine({ defaults: true });
    await h.sample("infrastructure.status", ups("ups1", "OB DISCHRG"), "nas1");
    await h.sample("infrastructure.status", ups("ups2", "OL"), "nas1");
    await h.sample("infrastructure.status", ups("ups1", "OB DISCHRG"), "nas2");
    await h.sample("infrastructure.status", ups("ups1", "OL"), "nas1");
    expect(infra()).toEqual([
      "ups-on-battery nas1/ups1 firing:warning: UPS ups1@nas1 on battery: charge 100%, runtime 2400s",
      "ups-on-battery nas2/ups1 firing:warning: UPS ups1@nas2 on battery: charge 100%, runtime 2400s",
      "ups-on-battery nas1/ups1 resolved:warning: UPS ups1@nas1 back on line power after 0s",
    ]);
    const ids = new Set(h.publisher.on("infrastructure.alert").map((a) => a.alert_id));
    expect(ids.size).toBe(2);
  });

  it("replace battery and overload, with their recoveries", async () => {
    h = await startEngine({ defaults: true });
    await h.sample("infrastructure.status", ups("ups", "OL RB"));
    await h.sample("infrastructure.status", ups("ups", "OL OVER", { load: 112 }));
    await h.at(60);
    await h.sample("infrastructure.status", ups("ups", "OL", { load: 40 }));
    expect(infra()).toEqual([
      "ups-replace-battery nas1/ups firing:warning: UPS ups@nas1 reports its battery needs replacing",
      "ups-replace-battery nas1/ups resolved:warning: UPS ups@nas1 battery replaced (no longer reported), after 0s",
      "ups-overload nas1/ups firing:critical: UPS ups@nas1 overloaded: load 112%",
      "ups-overload nas1/ups resolved:critical: UPS ups@nas1 no longer overloaded: load 40%, after 1m",
    ]);
    h.assertValidPayloads();
  });

  it("a stale UPS goes unknown, never resolved, until a fresh sample", async () => {
    h = await startEngine({ defaults: true });
    await h.sample(
      "infrastructure.status",
      ups("ups", "OB DISCHRG", { battery_charge: 86, battery_runtime: 1500 }),
    );
    await h.sample("collector.status", status("ups.ups@nas1", "stale", "DATA-STALE"));
    await h.sample("collector.status", status("ups.ups@nas1", "stale", "DATA-STALE"));
    const onBattery = () =>
      h.publisher
        .alerts()
        .filter((a) => a.rule === "ups-on-battery")
        .map((a) => `${a.state}:${a.severity}:${a.transition}`);
    expect(onBattery()).toEqual(["firing:warning:fired", "unknown:warning:unknown"]);
    await h.sample("infrastructure.status", ups("ups", "OB DISCHRG", { battery_charge: 80 }));
    await h.sample("infrastructure.status", ups("ups", "OL"));
    expect(onBattery()).toEqual([
      "firing:warning:fired",
      "unknown:warning:unknown",
      "firing:warning:returned",
      "resolved:warning:resolved",
    ]);
  });
});
