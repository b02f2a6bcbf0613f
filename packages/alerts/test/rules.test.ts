import { describe, expect, it } from "vitest";
import { alertsConfigSchema } from "../src/config-schema.js";
import { DEFAULT_RULES } from "../src/defaults.js";
import { isAlertsError } from "../src/errors.js";
import { formatIssuePath, mergeRules } from "../src/merge-rules.js";
import { resolveRules } from "../src/resolve-rules.js";
import type { RuleEntry } from "../src/rule.js";

const good: RuleEntry = {
  name: "load",
  channel: "system.stats",
  field: "load_average[0]",
  op: ">",
  warning: 4,
  critical: 8,
};

/** Issues of `alerts.rules` = [...entries] without the defaults, as `path: message`. */
function problems(entries: unknown[], defaults = false): string[] {
  const parsed = alertsConfigSchema.safeParse({ defaults, rules: entries });
  if (parsed.success) return [];
  return parsed.error.issues.map(
    (issue) => `${formatIssuePath(issue.path as (string | number)[])}: ${issue.message}`,
  );
}

describe("rule validation: bad rules are rejected with their field path", () => {
  it.each<[string, Record<string, unknown>, string]>([
    ["unknown op", { op: "=>" }, "rules[0].op"],
    [
      "warning ≥ critical for >",
      { warning: 9, critical: 8 },
      "rules[0].critical: must be greater than warning (9)",
    ],
    ["warning = critical for >", { warning: 8, critical: 8 }, "rules[0].critical"],
    [
      "warning ≤ critical for <",
      { op: "<", warning: 10, critical: 20 },
      "rules[0].critical: must be less than warning (10)",
    ],
    [
      "clear above warning for >",
      { clear: { warning: 5 } },
      "rules[0].clear.warning: must be at or below warning (4)",
    ],
    [
      "clear below critical for <",
      { op: "<", warning: 20, critical: 10, clear: { critical: 5 } },
      "rules[0].clear.critical",
    ],
    [
      "clear for a severity not set",
      { critical: undefined, clear: { critical: 7 } },
      "rules[0].clear.critical: set critical too",
    ],
    [
      "no threshold at all",
      { warning: undefined, critical: undefined },
      "rules[0].warning: a rule needs warning, critical or both",
    ],
    ["unknown channel", { channel: "system.nope" }, "rules[0].channel: no channel named 'system.nope'"],
    ["a malformed channel", { channel: "System Stats" }, "rules[0].channel: no channel named"],
    [
      "watching an alert channel",
      { channel: "resource.alert", field: "value" },
      "rules[0].channel: rules cannot watch",
    ],
    ["watching log", { channel: "log", field: "level" }, "rules[0].channel: rules cannot watch"],
    ["empty field", { field: "" }, "rules[0].field"],
    [
      "field with a bad segment",
      { field: "cpu percent" },
      "rules[0].field: 'cpu percent' is not a field name",
    ],
    ["field iterating twice", { field: "a[].b[].c", key: "x" }, "rules[0].field: may iterate one array only"],
    ["field ending in []", { field: "disks[]", key: "x" }, "rules[0].field: must name a field of the items"],
    [
      "array field without key",
      { channel: "storage.status", field: "disks[].used_percent" },
      "rules[0].key: is required",
    ],
    [
      "key iterating an array",
      { channel: "storage.status", field: "disks[].used_percent", key: "arrays[].name" },
      "rules[0].key: must be a field of the items of disks[]",
    ],
    [
      "custom channel without alertChannel",
      { channel: "custom.backup", field: "progress" },
      "rules[0].alertChannel: is required",
    ],
    ["unknown alertChannel", { alertChannel: "pager.alert" }, "rules[0].alertChannel"],
    ["negative forMs", { forMs: -1 }, "rules[0].forMs"],
    ["fractional cooldown", { cooldownMs: 1.5 }, "rules[0].cooldownMs"],
    ["re-notify under a second", { renotifyMs: 10 }, "rules[0].renotifyMs"],
    ["threshold not a number", { warning: "90" }, "rules[0].warning"],
    ["infinite threshold", { critical: Number.POSITIVE_INFINITY }, "rules[0].critical"],
    ["bad name", { name: "CPU Rule" }, "rules[0].name"],
    ["unknown key in a rule", { threshold: 90 }, "rules[0]: Unrecognized key"],
    ["match on a path iterating", { match: { "x[].y": "a" } }, "rules[0].match.x[].y: must not iterate"],
    ["empty match glob", { match: { host: "" } }, "rules[0].match.host"],
  ])("%s", (_label, change, expected) => {
    const entry = { ...good, ...change };
    const found = problems([entry]);
    expect(found.join("\n")).toContain(expected);
  });

  it("reports the path of the entry among several, and every bad entry", () => {
    const found = problems([
      good,
      { ...good, name: "b" },
      { ...good, name: "c", clear: { warning: 5 } },
      { ...good, name: "d", op: "!" },
    ]);
    expect(found.some((p) => p.startsWith("rules[2].clear.warning:"))).toBe(true);
    expect(found.some((p) => p.startsWith("rules[3].op:"))).toBe(true);
    expect(found.some((p) => p.startsWith("rules[0]") || p.startsWith("rules[1]"))).toBe(false);
  });

  it("rejects duplicate names", () => {
    expect(problems([good, { ...good }])).toEqual(["rules[1].name: duplicate name (also rules[0])"]);
  });

  it("requires channel, field and op of a rule that overrides nothing", () => {
    const found = problems([{ name: "x", warning: 1 }]);
    expect(found).toEqual(
      expect.arrayContaining([
        "rules[0].channel: is required",
        "rules[0].field: is required",
        "rules[0].op: is required",
      ]),
    );
  });

  it("accepts a good rule and a full key path", () => {
    expect(problems([good])).toEqual([]);
    expect(
      problems([
        {
          ...good,
          name: "fs",
          channel: "storage.status",
          field: "disks[].used_percent",
          key: "disks[].mountpoint",
        },
      ]),
    ).toEqual([]);
  });
});

describe("defaults and overrides", () => {
  it("the default rules are valid and named uniquely", () => {
    const merged = mergeRules({});
    expect(merged.ok).toBe(true);
    expect(resolveRules({}).map((r) => r.name)).toEqual(DEFAULT_RULES.map((r) => r.name));
    expect(alertsConfigSchema.parse({})).toEqual({ enabled: true, defaults: true, rules: [] });
  });

  it("an entry named like a default changes only the fields it sets", () => {
    const rules = resolveRules({ rules: [{ name: "cpu", warning: 80, forMs: 0 }] });
    const cpu = rules.find((r) => r.name === "cpu");
    expect(cpu).toMatchObject({
      thresholds: { warning: 80, critical: 95 },
      forMs: 0,
      channel: "system.stats",
      unit: "%",
    });
    // the default clears 5 below each threshold; moving warning to 80 moves its clear to 75
    expect(cpu?.clear).toEqual({ warning: 75, critical: 90 });
  });

  it("a clear given in an override replaces the default's", () => {
    const [cpu] = resolveRules({ rules: [{ name: "cpu", warning: 80, clear: { warning: 79 } }] });
    expect(cpu?.clear).toEqual({ warning: 79, critical: 95 });
  });

  it("an override is validated together with the default it changes", () => {
    expect(problems([{ name: "cpu", warning: 96 }], true)).toEqual([
      "rules[0].critical: must be greater than warning (96) for op '>' (critical is the worse one) (critical is the default rule's)",
    ]);
  });

  it("enabled: false turns a default off; defaults: false leaves only the user's rules", () => {
    expect(resolveRules({ rules: [{ name: "swap", enabled: false }] }).map((r) => r.name)).not.toContain(
      "swap",
    );
    expect(resolveRules({ defaults: false, rules: [good] }).map((r) => r.name)).toEqual(["load"]);
    expect(resolveRules({ defaults: false }).map((r) => r.name)).toEqual([]);
  });

  it("resolveRules throws WW_ALERTS_RULE_INVALID listing each path", () => {
    try {
      resolveRules({ defaults: false, rules: [{ ...good, clear: { warning: 5 } }] });
      expect.unreachable();
    } catch (error) {
      expect(isAlertsError(error, "WW_ALERTS_RULE_INVALID")).toBe(true);
      expect((error as { issues: { path: string }[] }).issues.map((i) => i.path)).toEqual([
        "rules[0].clear.warning",
      ]);
    }
  });

  it("fills defaults per channel: alert channel, source inputs, resource and messages", () => {
    const [rule] = resolveRules({ defaults: false, rules: [good] });
    expect(rule).toMatchObject({
      alertChannel: "resource.alert",
      inputs: ["host.stats"],
      resource: "load",
      forMs: 0,
      cooldownMs: 0,
      renotifyMs: null,
      field: { array: null, value: ["load_average", 0] },
    });
  });
});
