import { afterEach, describe, expect, it } from "vitest";
import { isAlertsError } from "../src/errors.js";
import type { RuleEntry } from "../src/rule.js";
import { type EngineHarness, startEngine } from "./helpers/engine-harness.js";
import { stats, storage } from "./helpers/samples.js";

const cpu: RuleEntry = {
  name: "cpu",
  channel: "system.stats",
  field: "cpu_percent",
  op: ">",
  warning: 90,
  critical: 95,
  unit: "%",
  subject: "CPU usage",
};
const fs: RuleEntry = {
  name: "filesystem",
  channel: "storage.status",
  field: "disks[].used_percent",
  key: "mountpoint",
  op: ">",
  warning: 85,
};
const MIN = 60_000;

let h: EngineHarness;
afterEach(async () => {
  await h?.engine.close();
});

const logTexts = () => h.publisher.logs().map((l) => String(l.text));

describe("silences", () => {
  it("keeps a firing alert off its channel, logs it as silenced, and announces it when the silence expires", async () => {
    h = await startEngine({ rules: [cpu, fs] });
    const silence = await h.engine.silence({
      rule: "cpu",
      durationMs: 10 * MIN,
      reason: "kernel update",
      by: "admin",
    });
    expect(silence).toMatchObject({ rule: "cpu", host: null, reason: "kernel update", created_by: "admin" });
    expect(Date.parse(silence.expires_at) - Date.parse(silence.created_at)).toBe(10 * MIN);
    await h.sample("system.stats", stats(93));
    await h.sample("storage.status", storage({ "/": 90 }));
    expect(h.publisher.alerts().map((a) => a.rule)).toEqual(["filesystem"]);
    expect(logTexts()).toContain("CPU usage warning: 93.0% (threshold: 90.0%) (silenced)");
    expect(h.engine.list().alerts.find((a) => a.rule === "cpu")?.silenced_by).toEqual([silence.silence_id]);

    await h.at(10 * 60 - 1);
    expect(h.publisher.on("resource.alert").filter((a) => a.rule === "cpu")).toEqual([]);
    await h.at(10 * 60);
    expect(logTexts().at(-1)).toBe(`Silence ${silence.silence_id} (rule cpu on every host) expired`);
    expect(h.publisher.logs().at(-1)).toMatchObject({ action: "expired", silence_id: silence.silence_id });
    expect(h.publisher.alerts().filter((a) => a.rule === "cpu")).toEqual([
      expect.objectContaining({ state: "firing", severity: "warning", transition: "catch_up" }),
    ]);
    expect(h.engine.list().silences).toEqual([]);
    h.assertValidPayloads();
  });

  it("a recovery during a silence is announced when it ends, if the alert had been announced", async () => {
    h = await startEngine({ rules: [cpu] });
    await h.sample("system.stats", stats(93));
    const silence = await h.engine.silence({
      host: "nas1",
      durationMs: 5 * MIN,
      reason: "maintenance",
      by: "admin",
    });
    await h.sample("system.stats", stats(99));
    await h.sample("system.stats", stats(20));
    expect(h.alertLog()).toEqual(["firing:warning:fired"]);
    await h.engine.unsilence(silence.silence_id, "admin");
    expect(h.alertLog()).toEqual(["firing:warning:fired", "resolved:warning:catch_up"]);
    expect(logTexts()).toContain(`Silence ${silence.silence_id} (every rule on host nas1) removed by admin`);
    expect(h.publisher.alerts().at(-1)?.message).toBe(
      "CPU usage recovered: 20.0% (threshold: 90.0%), firing for 0s",
    );
  });

  it("an alert that fired and recovered within a silence leaves no trace on its channel", async () => {
    h = await startEngine({ rules: [cpu] });
    await h.engine.silence({ rule: "c*", durationMs: 5 * MIN, reason: "load test", by: "admin" });
    await h.sample("system.stats", stats(99));
    await h.sample("system.stats", stats(20));
    await h.at(5 * 60);
    expect(h.alertLog()).toEqual([]);
    expect(logTexts().filter((t) => t.endsWith("(silenced)"))).toHaveLength(2);
  });

  it("an alert covered by two silences is announced only when the last one ends", async () => {
    h = await startEngine({ rules: [cpu] });
    await h.engine.silence({ rule: "cpu", durationMs: 2 * MIN, reason: "a", by: "admin" });
    await h.engine.silence({ host: "nas*", durationMs: 4 * MIN, reason: "b", by: "admin" });
    await h.sample("system.stats", stats(93));
    await h.at(3 * 60);
    expect(h.alertLog()).toEqual([]);
    await h.at(4 * 60);
    expect(h.alertLog()).toEqual(["firing:warning:catch_up"]);
  });

  it("lists silences by expiry and forgets them on their own", async () => {
    h = await startEngine({ rules: [cpu] });
    const late = await h.engine.silence({ rule: "cpu", durationMs: 60 * MIN, reason: "late", by: "a" });
    const early = await h.engine.silence({ host: "pi4", durationMs: MIN, reason: "early", by: "b" });
    expect(h.engine.list().silences.map((s) => s.silence_id)).toEqual([early.silence_id, late.silence_id]);
    await h.at(61);
    expect(h.engine.list().silences.map((s) => s.silence_id)).toEqual([late.silence_id]);
    expect(h.publisher.logs().filter((l) => l.action === "expired")).toHaveLength(1);
  });

  it.each<[string, Record<string, unknown>, string]>([
    ["no rule and no host", { durationMs: MIN, reason: "x" }, "WW_ALERTS_INVALID"],
    ["an unknown rule", { rule: "cpuu", durationMs: MIN, reason: "x" }, "WW_ALERTS_NOT_FOUND"],
    ["a glob matching no rule", { rule: "disk*", durationMs: MIN, reason: "x" }, "WW_ALERTS_NOT_FOUND"],
    ["a too short duration", { rule: "cpu", durationMs: 999, reason: "x" }, "WW_ALERTS_INVALID"],
    ["a fractional duration", { rule: "cpu", durationMs: 1500.5, reason: "x" }, "WW_ALERTS_INVALID"],
    [
      "a too long duration",
      { rule: "cpu", durationMs: 91 * 24 * 60 * MIN, reason: "x" },
      "WW_ALERTS_INVALID",
    ],
    ["an empty reason", { rule: "cpu", durationMs: MIN, reason: "   " }, "WW_ALERTS_INVALID"],
    ["a host with a slash", { host: "a/b", durationMs: MIN, reason: "x" }, "WW_ALERTS_INVALID"],
  ])("rejects a silence with %s", async (_label, request, code) => {
    h = await startEngine({ rules: [cpu] });
    await expect(h.engine.silence({ by: "admin", ...request } as never)).rejects.toSatisfy((e) =>
      isAlertsError(e, code as "WW_ALERTS_INVALID"),
    );
    expect(h.engine.list().silences).toEqual([]);
    expect(h.publisher.events).toEqual([]);
  });

  it("rejects unsilencing an unknown id", async () => {
    h = await startEngine({ rules: [cpu] });
    await expect(h.engine.unsilence("s-nope", "admin")).rejects.toSatisfy((e) =>
      isAlertsError(e, "WW_ALERTS_NOT_FOUND"),
    );
  });

  it("acknowledging a silenced alert logs it but publishes nothing", async () => {
    h = await startEngine({ rules: [cpu] });
    await h.engine.silence({ rule: "cpu", durationMs: MIN, reason: "x", by: "admin" });
    await h.sample("system.stats", stats(93));
    await h.engine.ack(h.engine.list().alerts[0]?.alert_id ?? "", "admin");
    await h.engine.flush();
    expect(h.alertLog()).toEqual([]);
    expect(h.publisher.logs().at(-1)).toMatchObject({ transition: "acknowledged" });
  });
});
