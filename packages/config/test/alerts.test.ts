import { DEFAULT_RULES } from "@wirewatch/alerts/rules-config";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { checkConfigFile, configJsonSchema, defaultConfig, renderDefaultsYaml } from "../src/index.js";
import { load, loadError, writeTemp } from "./helpers.js";

/** The `alerts` section, whose rule schema @wirewatch/alerts defines (`./rules-config`). */
const rule = {
  name: "load",
  channel: "system.stats",
  field: "load_average[0]",
  op: ">",
  warning: 4,
  critical: 8,
};

describe("alerts config", () => {
  it("defaults to the built-in rules, enabled, with no extra rules", () => {
    expect(defaultConfig().alerts).toEqual({ enabled: true, defaults: true, rules: [] });
  });

  it("prints the built-in rules in `config defaults`, commented out, re-parsing to the defaults", () => {
    const yaml = renderDefaultsYaml();
    expect(parse(yaml).alerts).toEqual({ enabled: true, defaults: true, rules: [] });
    const lines = yaml.split("\n");
    const at = lines.indexOf("  rules: []");
    expect(at).toBeGreaterThan(lines.indexOf("alerts:"));
    expect(lines[at + 1]).toBe("  # rules:");
    const block: string[] = [];
    for (let index = at + 2; lines[index]?.startsWith("  #   "); index++)
      block.push((lines[index] ?? "").slice(6));
    expect(parse(block.join("\n"))).toEqual(DEFAULT_RULES);
    expect(yaml).toContain("WIREWATCH_ALERTS__RULES");
  });

  it("loads rules from a file, overriding a default by name", () => {
    const file = writeTemp(
      "alerts.yaml",
      [
        "alerts:",
        "  rules:",
        "    - name: cpu",
        "      warning: 80",
        "    - name: swap",
        "      enabled: false",
      ].join("\n"),
    );
    const { config, warnings } = load({ file });
    expect(warnings).toEqual([]);
    expect(config.alerts.rules).toEqual([
      { name: "cpu", warning: 80 },
      { name: "swap", enabled: false },
    ]);
  });

  it("takes rules as JSON from the environment", () => {
    const { config } = load({
      env: { WIREWATCH_ALERTS__RULES: JSON.stringify([rule]), WIREWATCH_ALERTS__ENABLED: "false" },
    });
    expect(config.alerts).toMatchObject({ enabled: false, rules: [rule] });
  });

  it("rejects bad rules with the field path, every one at once", () => {
    const error = loadError({
      flags: {
        "alerts.rules": [
          rule,
          { ...rule, name: "b", op: "=>" },
          { ...rule, name: "c", clear: { warning: 5 } },
          { ...rule, name: "d", channel: "system.nope" },
          { ...rule, name: "e", field: "" },
          { ...rule, name: "f", warning: 9 },
        ],
      },
    });
    const byPath = Object.fromEntries(error.problems.map((p) => [p.path, p.message]));
    expect(Object.keys(byPath).sort()).toEqual([
      "alerts.rules[1].op",
      "alerts.rules[2].clear.warning",
      "alerts.rules[3].channel",
      "alerts.rules[4].field",
      "alerts.rules[5].critical",
    ]);
    expect(byPath["alerts.rules[2].clear.warning"]).toMatch(/must be at or below warning \(4\)/);
    expect(byPath["alerts.rules[3].channel"]).toBe("no channel named 'system.nope'");
    expect(error.problems.find((p) => p.path === "alerts.rules[1].op")?.value).toBe("=>");
  });

  it("names the file line of a bad rule in `config check`", () => {
    const file = writeTemp(
      "bad.yaml",
      ["alerts:", "  rules:", "    - name: cpu", "      warning: 99"].join("\n"),
    );
    const result = checkConfigFile(file);
    expect(result.ok).toBe(false);
    expect(result.problems).toEqual([
      expect.objectContaining({
        path: "alerts.rules[0].critical",
        message: expect.stringContaining("greater than warning (99)"),
      }),
    ]);
  });

  it("warns about an unknown key in a rule and loads the rest", () => {
    const { config, warnings } = load({ flags: { "alerts.rules": [{ ...rule, threshold: 3 }] } });
    expect(warnings.map((w) => w.path)).toEqual(["alerts.rules[0].threshold"]);
    expect(config.alerts.rules).toEqual([rule]);
  });

  it("describes the section in the JSON Schema, with the built-in rules as the example", () => {
    const alerts = (
      configJsonSchema() as {
        properties: Record<string, { properties: Record<string, { examples?: unknown[] }> }>;
      }
    ).properties.alerts;
    expect(alerts?.properties.rules?.examples).toEqual([DEFAULT_RULES]);
  });
});
