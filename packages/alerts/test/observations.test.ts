import { checkPayload } from "@wirewatch/protocol";
import { describe, expect, it } from "vitest";
import { compileRule } from "../src/compile-rule.js";
import { DEFAULT_RULES } from "../src/defaults.js";
import { parseFieldPath, parseKeyPath, readPath } from "../src/field-path.js";
import { extractObservations } from "../src/observations.js";
import type { Rule } from "../src/rule.js";
import { sensors, stats, status, storage } from "./helpers/samples.js";

const defaultRule = (name: string) => compileRule(DEFAULT_RULES.find((r) => r.name === name) as Rule);

describe("field paths", () => {
  it.each([
    ["cpu_percent", null, ["cpu_percent"]],
    ["swap.percent", null, ["swap", "percent"]],
    ["load_average[1]", null, ["load_average", 1]],
    ["disks[].used_percent", ["disks"], ["used_percent"]],
    ["counters.network[].rx_bytes", ["counters", "network"], ["rx_bytes"]],
    ["a[2][].b[0]", ["a", 2], ["b", 0]],
  ])("parses %s", (text, array, value) => {
    expect(parseFieldPath(text)).toMatchObject({ ok: true, path: { array, value } });
  });

  it.each(["", "a..b", "a[x]", "a[].b[].c", "a[]", ".a", "a b", "a[", "1a"])("rejects %j", (text) => {
    expect(parseFieldPath(text).ok).toBe(false);
  });

  it("reads keys relative to the item or written in full", () => {
    const field = parseFieldPath("disks[].used_percent");
    if (!field.ok) throw new Error("unreachable");
    expect(parseKeyPath("mountpoint", field.path)).toEqual({ ok: true, path: ["mountpoint"] });
    expect(parseKeyPath("disks[].mountpoint", field.path)).toEqual({ ok: true, path: ["mountpoint"] });
    expect(parseKeyPath("arrays[].name", field.path).ok).toBe(false);
  });

  it("reads nothing from the wrong shapes, without throwing", () => {
    expect(readPath({ a: [1, 2] }, ["a", 1])).toBe(2);
    expect(readPath({ a: { b: 1 } }, ["a", 0])).toBeUndefined();
    expect(readPath({ a: [1] }, ["a", "length"])).toBeUndefined();
    expect(readPath(null, ["a"])).toBeUndefined();
    expect(readPath({}, ["constructor"])).toBeUndefined();
  });
});

describe("extractObservations", () => {
  it("one value per sample for a single field", () => {
    expect(extractObservations(defaultRule("cpu"), stats(93.1))).toEqual([
      { key: null, value: 93.1, labels: { raw: "93.1" } },
    ]);
    expect(extractObservations(defaultRule("swap"), stats(1, { swap: undefined }))).toEqual([]);
  });

  it("one value per filesystem, keyed by mount point, with the mount point for messages", () => {
    const found = extractObservations(defaultRule("filesystem"), storage({ "/": 40, "/mnt/disk1": 91 }));
    expect(found).toEqual([
      { key: "/", value: 40, labels: { mountpoint: "/", raw: "40" } },
      { key: "/mnt/disk1", value: 91, labels: { mountpoint: "/mnt/disk1", raw: "91" } },
    ]);
  });

  it("temperature defaults split a sensors payload (shaped like protocol's sensorsSchema) by chip", () => {
    const payload = sensors({ cpu: 75.2, core: 60, nvme: 48, disk: 40, acpi: 99 });
    expect(checkPayload("sensors", payload)).toEqual({ ok: true });
    const cpu = extractObservations(defaultRule("temperature-cpu"), payload);
    expect(cpu.map((o) => [o.key, o.value, o.labels.label])).toEqual([
      ["coretemp-isa-0000/temp1", 75.2, "CPU Package"],
      ["coretemp-isa-0000/temp2", 60, "Core 0"],
    ]);
    const disk = extractObservations(defaultRule("temperature-disk"), payload);
    expect(disk.map((o) => [o.key, o.value])).toEqual([
      ["nvme-pci-0100/temp1", 48],
      ["drivetemp-scsi-0-0/temp1", 40],
    ]);
  });

  it("maps string values and skips unmapped ones", () => {
    const rule = defaultRule("collector-stale");
    expect(extractObservations(rule, status("host.stats", "stale"))).toEqual([
      { key: "host.stats", value: 1, labels: expect.objectContaining({ input: "host.stats", raw: "stale" }) },
    ]);
    expect(extractObservations(rule, { ...status("host.stats", "ok"), state: "weird" })).toEqual([]);
  });

  it("skips items without a key, with a non-numeric value, or failing match, and duplicate keys", () => {
    const rule = compileRule({
      name: "t",
      channel: "sensors",
      field: "temperatures[].celsius",
      key: "sensor",
      match: { chip: ["a*", "b*"] },
      op: ">",
      warning: 1,
    });
    const payload = {
      temperatures: [
        { chip: "a1", sensor: "s1", celsius: 5 },
        { chip: "a1", celsius: 5 },
        { chip: "b1", sensor: "s2", celsius: "hot" },
        { chip: "c1", sensor: "s3", celsius: 5 },
        { chip: "b2", sensor: "s1", celsius: 6 },
        "garbage",
      ],
    };
    expect(extractObservations(rule, payload).map((o) => [o.key, o.value])).toEqual([["s1", 5]]);
    expect(extractObservations(rule, { temperatures: "none" })).toEqual([]);
    expect(extractObservations(rule, null)).toEqual([]);
  });

  it("treats booleans as 1/0 (e.g. SMART passed)", () => {
    const rule = compileRule({
      name: "smart",
      channel: "disk.smart",
      field: "passed",
      key: "device",
      op: "<",
      critical: 1,
    });
    expect(extractObservations(rule, { device: "/dev/sda", passed: false })).toEqual([
      { key: "/dev/sda", value: 0, labels: { raw: "false" } },
    ]);
    expect(rule.alertChannel).toBe("storage.alert");
  });
});
