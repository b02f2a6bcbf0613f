import { checkPayload } from "@wirewatch/protocol";
import { describe, expect, it } from "vitest";
import { type AlertState, newAlertState } from "../src/alert-state.js";
import { compileRule } from "../src/compile-rule.js";
import { DEFAULT_RULES } from "../src/defaults.js";
import { formatDuration, formatNumber } from "../src/messages.js";
import { type Announcement, alertPayload, messageOf } from "../src/payload.js";
import type { Rule } from "../src/rule.js";
import { renderTemplate } from "../src/template.js";

const rule = (name: string) => compileRule(DEFAULT_RULES.find((r) => r.name === name) as Rule);
const state = (r: string, labels: Record<string, string>, key: string | null = null): AlertState => ({
  ...newAlertState("id1", r, "nas1", key),
  phase: "firing",
  severity: "warning",
  labels,
  since: 0,
  firedAt: 0,
});
const firing = (value: number, threshold: number, extra: Partial<Announcement> = {}): Announcement => ({
  kind: "fired",
  state: "firing",
  severity: "warning",
  value,
  threshold,
  heldMs: 60_000,
  firingMs: 0,
  ...extra,
});

describe("seed-style messages", () => {
  it("temperature warning exactly like UMA's example", () => {
    const r = rule("temperature-cpu");
    const s = state("temperature-cpu", { label: "CPU Package", sensor: "temp1" }, "coretemp-isa-0000/temp1");
    expect(messageOf(r, s, firing(75.2, 70))).toBe(
      "CPU Package temperature warning: 75.2°C (threshold: 70.0°C)",
    );
  });

  it("CPU usage warning, critical and recovery", () => {
    const r = rule("cpu");
    const s = state("cpu", {});
    expect(messageOf(r, s, firing(93.1, 90))).toBe("CPU usage warning: 93.1% (threshold: 90.0%)");
    expect(messageOf(r, s, firing(97, 95, { severity: "critical" }))).toBe(
      "CPU usage critical: 97.0% (threshold: 95.0%)",
    );
    expect(messageOf(r, s, firing(41, 90, { kind: "resolved", state: "resolved", firingMs: 312_000 }))).toBe(
      "CPU usage recovered: 41.0% (threshold: 90.0%), firing for 5m 12s",
    );
  });

  it("filesystem, unknown, acknowledged and collector messages", () => {
    const fs = rule("filesystem");
    const s = state("filesystem", { mountpoint: "/mnt/disk1" }, "/mnt/disk1");
    expect(messageOf(fs, s, firing(96.2, 95, { severity: "critical" }))).toBe(
      "Filesystem /mnt/disk1 usage critical: 96.2% (threshold: 95.0%)",
    );
    expect(
      messageOf(
        fs,
        s,
        firing(96.2, 95, { state: "unknown", kind: "unknown", reason: "collector host.storage is stale" }),
      ),
    ).toBe("Filesystem /mnt/disk1 usage unknown: collector host.storage is stale");
    expect(messageOf(fs, s, firing(86, 85, { kind: "acknowledged", by: "admin" }))).toBe(
      "Filesystem /mnt/disk1 usage warning: 86.0% (threshold: 85.0%), acknowledged by admin",
    );
    const c = rule("collector-stale");
    const cs = state("collector-stale", { input: "host.stats", raw: "stale" }, "host.stats");
    expect(messageOf(c, cs, firing(1, 1))).toBe(
      "Collector host.stats stale: no fresh data (last success: never)",
    );
    expect(
      messageOf(
        c,
        { ...cs, labels: { input: "host.stats", raw: "ok" } },
        firing(0, 1, { kind: "resolved", state: "resolved", firingMs: 125_000 }),
      ),
    ).toBe("Collector host.stats recovered (ok) after 2m 5s");
  });

  it.each([
    [0, "0s"],
    [999, "0s"],
    [45_000, "45s"],
    [300_000, "5m"],
    [312_000, "5m 12s"],
    [7_380_000, "2h 3m"],
    [7_200_500, "2h"],
    [273_600_000, "3d 4h"],
    [-5, "0s"],
  ])("formatDuration(%d) = %s", (ms, text) => {
    expect(formatDuration(ms)).toBe(text);
  });

  it("formats numbers with one decimal", () => {
    expect([
      formatNumber(70),
      formatNumber(75.25),
      formatNumber(-3.46),
      formatNumber(123456.7),
      formatNumber(null),
    ]).toEqual(["70.0", "75.3", "-3.5", "123457", "?"]);
  });

  it("templates fall back through names and quoted literals", () => {
    expect(renderTemplate("{a|b}", { b: "B" })).toBe("B");
    expect(renderTemplate("{a|'none'}", {})).toBe("none");
    expect(renderTemplate("{a} and {missing}", { a: "A" })).toBe("A and ?");
    expect(renderTemplate("{a|b}", { a: "", b: "B" })).toBe("B");
  });
});

describe("alert payloads pass the protocol's channel schemas", () => {
  it.each([
    ["cpu", "resource.alert", {}],
    ["filesystem", "resource.alert", { mountpoint: "/" }],
    ["temperature-cpu", "temperature.alert", { label: "CPU Package", sensor: "temp1" }],
    ["temperature-disk", "temperature.alert", { chip: "drivetemp-scsi-0-0" }],
    ["collector-stale", "infrastructure.alert", { input: "host.stats", raw: "stale" }],
  ])("%s on %s, in every state", (name, channel, labels) => {
    const r = rule(name);
    expect(r.alertChannel).toBe(channel);
    const s = state(name, labels, "k");
    for (const a of [
      firing(80, 70),
      firing(80, 70, { kind: "resolved", state: "resolved" }),
      firing(80, 70, { kind: "unknown", state: "unknown", reason: "stale" }),
    ]) {
      const data = alertPayload(r, s, a);
      expect(checkPayload(channel, data)).toEqual({ ok: true });
      expect(data).toMatchObject({
        alert_id: "id1",
        rule: name,
        host: "nas1",
        severity: "warning",
        held_ms: 60_000,
      });
    }
  });

  it("carries UMA's temperature fields, level ok on recovery and a MonServ-style subject", () => {
    const r = rule("temperature-cpu");
    const s = state("temperature-cpu", { label: "CPU Package" }, "coretemp-isa-0000/temp1");
    expect(alertPayload(r, s, firing(75.2, 70))).toMatchObject({
      sensor_name: "CPU Package",
      sensor_type: "cpu",
      temperature: 75.2,
      threshold: 70,
      level: "warning",
      state: "firing",
      subject: "[ALERT] nas1 CPU Package temperature warning",
    });
    expect(alertPayload(r, s, firing(60, 70, { kind: "resolved", state: "resolved" }))).toMatchObject({
      level: "ok",
      state: "resolved",
      subject: "[RECOVERED] nas1 CPU Package temperature",
    });
  });
});
