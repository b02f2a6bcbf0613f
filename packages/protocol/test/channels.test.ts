import { describe, expect, it } from "vitest";
import { CHANNELS, checkPayload, getChannelSpec, parseChannelRef, resolveChannel } from "../src/index.js";

describe("channel registry", () => {
  it("holds every channel of architecture §3 once, each with a description", () => {
    const names = CHANNELS.map((c) => c.name);
    expect(new Set(names).size).toBe(names.length);
    for (const n of [
      "system.stats",
      "system.processes",
      "docker.events",
      "docker.stats",
      "storage.status",
      "disk.smart",
      "sensors",
      "temperature.alert",
      "resource.alert",
      "infrastructure.status",
      "infrastructure.alert",
      "storage.alert",
      "jobs",
      "log",
      "collector.status",
      "gateway.clients",
    ]) {
      expect(getChannelSpec(n)?.description.length).toBeGreaterThan(10);
    }
  });

  it("marks gateway.clients, log and jobs admin-only and nothing else", () => {
    expect(
      CHANNELS.filter((c) => c.adminOnly)
        .map((c) => c.name)
        .sort(),
    ).toEqual(["gateway.clients", "jobs", "log"]);
  });

  it("accepts custom.<name> as a publishable events channel, but not custom alone or nested", () => {
    expect(getChannelSpec("custom.backup")).toMatchObject({
      kind: "events",
      publishable: true,
      adminOnly: false,
    });
    expect(getChannelSpec("custom.")).toBeUndefined();
    expect(getChannelSpec("custom.a.b")).toBeUndefined();
    expect(getChannelSpec("system.stats")?.publishable).toBe(false);
  });
});

describe("parseChannelRef", () => {
  it("parses a name and a host-narrowed name", () => {
    expect(parseChannelRef("system.stats")).toEqual({ ok: true, ref: { name: "system.stats" } });
    expect(parseChannelRef("system.stats@nas1.lan")).toEqual({
      ok: true,
      ref: { name: "system.stats", host: "nas1.lan" },
    });
  });

  it.each([
    ["glob star", "system.*"],
    ["redis pattern", "system.[st]tats"],
    ["question mark", "system.stat?"],
    ["control character", "system.stats\n"],
    ["NUL", "sys\u0000tem"],
    ["upper case", "System.Stats"],
    ["space", "system stats"],
    ["empty", ""],
    ["empty host", "system.stats@"],
    ["two hosts", "system.stats@a@b"],
    ["leading dot", ".stats"],
    ["double dot", "system..stats"],
    ["too long", `a${"b".repeat(300)}`],
    ["host too long", `system.stats@${"h".repeat(65)}`],
  ])("rejects %s", (_label, input) => {
    const r = parseChannelRef(input);
    expect(r.ok).toBe(false);
  });

  it("rejects non-strings without throwing", () => {
    for (const v of [null, undefined, 42, {}, ["system.stats"]]) expect(parseChannelRef(v).ok).toBe(false);
  });
});

describe("resolveChannel", () => {
  it("tells malformed names from unknown ones", () => {
    expect(resolveChannel("system.*")).toMatchObject({ ok: false, code: "invalid_channel" });
    expect(resolveChannel("system.nope")).toMatchObject({ ok: false, code: "unknown_channel" });
    expect(resolveChannel("sensors@nas1")).toMatchObject({
      ok: true,
      ref: { name: "sensors", host: "nas1" },
    });
  });
});

describe("checkPayload", () => {
  const stats = {
    cpu_percent: 25.5,
    memory_percent: 50,
    memory_used: 8589934592,
    memory_total: 17179869184,
    uptime: 86400,
    load_average: [0.5, 0.7, 0.9],
    network_io: { bytes_sent: 1048576, bytes_recv: 2097152 },
  };

  it("accepts UMA's documented system.stats example and extra fields", () => {
    expect(checkPayload("system.stats", stats)).toEqual({ ok: true });
    expect(checkPayload("system.stats", { ...stats, cpu_per_core: [1, 2] })).toEqual({ ok: true });
  });

  it("names the failing field", () => {
    const r = checkPayload("system.stats", { ...stats, cpu_percent: "high" });
    expect(r).toMatchObject({ ok: false });
    expect(!r.ok && r.reason).toMatch(/^data\.cpu_percent:/);
    const r2 = checkPayload("system.stats", { ...stats, load_average: [1, 2] });
    expect(!r2.ok && r2.reason).toMatch(/data\.load_average/);
  });

  it("checks wirewatch's additions only when present, and then their shape", () => {
    const uname = { sysname: "Linux", release: "6.1.0", version: null, machine: "x86_64" };
    expect(checkPayload("system.stats", { ...stats, uname })).toEqual({ ok: true });
    const r = checkPayload("system.stats", { ...stats, uname: { ...uname, machine: 64 } });
    expect(!r.ok && r.reason).toMatch(/^data\.uname\.machine:/);
    expect(checkPayload("system.stats", { ...stats, swap: { total: 1, used: 0, percent: 0 } })).toEqual({
      ok: true,
    });
    const arrays = [{ name: "md0", state: "active", members: [{ device: "sda1" }] }];
    expect(checkPayload("storage.status", { array_status: "healthy", arrays, disks: [] })).toEqual({
      ok: true,
    });
    const sync = { action: "scrub", status: "running" };
    const bad = checkPayload("storage.status", {
      array_status: "x",
      arrays: [{ ...arrays[0], sync }],
      disks: [],
    });
    expect(!bad.ok && bad.reason).toMatch(/^data\.arrays\.0\.sync/);
  });

  it("accepts UMA's temperature alert example plus state, and rejects it without state", () => {
    const alert = {
      sensor_name: "CPU Package",
      sensor_type: "cpu",
      temperature: 75.2,
      threshold: 70.0,
      level: "warning",
      message: "CPU Package temperature warning: 75.2°C (threshold: 70.0°C)",
    };
    expect(checkPayload("temperature.alert", { ...alert, state: "firing" })).toEqual({ ok: true });
    expect(checkPayload("temperature.alert", alert).ok).toBe(false);
  });

  it("accepts the alert engine's extra fields on alert channels, and rejects them mistyped", () => {
    const alert = {
      resource: "cpu",
      value: 93.1,
      threshold: 90,
      level: "warning",
      state: "firing",
      message: "CPU usage warning: 93.1% (threshold: 90.0%)",
    };
    const extras = {
      alert_id: "a1",
      rule: "cpu",
      host: "nas1",
      key: null,
      severity: "warning",
      held_ms: 0,
      acknowledged: false,
    };
    expect(checkPayload("resource.alert", { ...alert, ...extras })).toEqual({ ok: true });
    expect(checkPayload("resource.alert", { ...alert, state: "unknown" })).toEqual({ ok: true });
    expect(checkPayload("resource.alert", { ...alert, severity: "fatal" }).ok).toBe(false);
    expect(checkPayload("resource.alert", { ...alert, held_ms: -1 }).ok).toBe(false);
    expect(
      checkPayload("storage.alert", {
        level: "critical",
        state: "firing",
        message: "md0 degraded",
        subject: "md0",
      }),
    ).toEqual({
      ok: true,
    });
  });

  it("requires custom payloads to be objects", () => {
    expect(checkPayload("custom.backup", { progress: 0.5 })).toEqual({ ok: true });
    expect(checkPayload("custom.backup", [1, 2]).ok).toBe(false);
    expect(checkPayload("custom.backup", "text").ok).toBe(false);
    expect(checkPayload("nope.channel", {}).ok).toBe(false);
  });
});
