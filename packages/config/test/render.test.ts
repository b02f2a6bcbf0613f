import { DEFAULT_MOUNT_POINTS_EXCLUDE, hostConfigSchema } from "@wirewatch/collector/inputs-config";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { configSchema, defaultConfig, renderDefaultsYaml, renderJsonSchema } from "../src/index.js";
import { load, TEST_HOST, writeTemp } from "./helpers.js";

describe("renderDefaultsYaml", () => {
  const yaml = renderDefaultsYaml();
  const defaults = defaultConfig({ hostname: () => TEST_HOST });

  it("re-parses to exactly the defaults", () => {
    const { config, warnings } = load({ file: writeTemp("defaults.yaml", yaml) });
    expect(warnings).toEqual([]);
    expect(config).toEqual(defaults);
    expect(
      configSchema.parse({ ...parse(yaml), collector: { ...parse(yaml).collector, hostname: TEST_HOST } }),
    ).toEqual(defaults);
  });

  it("leaves the machine's host name out", () => {
    expect(parse(yaml).collector.hostname).toBeUndefined();
    expect(yaml).toMatch(/^ {2}# hostname: <this machine's hostname>$/m);
  });

  it("shows the host input's options, described by the collector package", () => {
    const host = parse(yaml).collector.inputs.host;
    expect(host.mountPointsExclude).toBe(DEFAULT_MOUNT_POINTS_EXCLUDE);
    expect(host.paths).toEqual({ proc: "/proc", sys: "/sys", root: "/" });
    expect(host.hostname).toBeUndefined();
    expect(host.timeoutMs).toBeUndefined();
    expect(yaml).toMatch(/^ {6}# timeoutMs:/m);
    const description = hostConfigSchema.shape.mountPointsExclude.description ?? "";
    expect(description).toContain("mount points");
    const lines = yaml.split("\n");
    const at = lines.indexOf(`      mountPointsExclude: ${DEFAULT_MOUNT_POINTS_EXCLUDE}`);
    expect(at).toBeGreaterThan(lines.indexOf("    host:"));
    const comments: string[] = [];
    for (let index = at - 1; lines[index]?.startsWith("      # "); index--) {
      comments.unshift((lines[index] ?? "").slice("      # ".length));
    }
    expect(comments.join(" ")).toBe(
      `${description} Env: WIREWATCH_COLLECTOR__INPUTS__HOST__MOUNT_POINTS_EXCLUDE.`,
    );
  });

  it("precedes every option with a comment holding its description", () => {
    const lines = yaml.split("\n");
    const visit = (schema: unknown, path: string[], from: number): void => {
      const json = schema as { properties?: Record<string, { description?: string }> };
      for (const [key, child] of Object.entries(json.properties ?? {})) {
        const name = [...path, key].join(".");
        const pattern = new RegExp(`^${"  ".repeat(path.length)}(# )?${key}:`);
        const at = lines.findIndex((line, index) => index > from && pattern.test(line));
        expect(at, `${name} rendered`).toBeGreaterThan(from);
        const comments: string[] = [];
        for (let index = at - 1; lines[index]?.trimStart().startsWith("#"); index--) {
          comments.unshift((lines[index] ?? "").trim().replace(/^# /, ""));
        }
        const firstWords = (child.description ?? "").split(" ").slice(0, 4).join(" ");
        expect(firstWords, `${name} has a description`).not.toBe("");
        expect(comments.join(" "), `${name} commented`).toContain(firstWords);
        visit(child, [...path, key], at);
      }
    };
    visit(JSON.parse(renderJsonSchema()), [], -1);
  });
});

describe("renderJsonSchema", () => {
  const schema = JSON.parse(renderJsonSchema());

  it("is a draft 2020-12 JSON Schema describing gateway.port", () => {
    expect(schema.$schema).toBe("https://json-schema.org/draft/2020-12/schema");
    const port = schema.properties.gateway.properties.port;
    expect(port).toMatchObject({ type: "integer", minimum: 0, maximum: 65535, default: 34600 });
    expect(port.description).toEqual(expect.any(String));
  });

  it("marks secrets writeOnly and omits load-time defaults", () => {
    const tokenItem = schema.properties.auth.properties.tokens.items;
    expect(tokenItem.properties.token.writeOnly).toBe(true);
    expect(tokenItem.required).toEqual(expect.arrayContaining(["name", "token"]));
    expect(schema.properties.auth.properties.jwt.properties.secret.writeOnly).toBe(true);
    expect(schema.properties.collector.properties.hostname).not.toHaveProperty("default");
  });

  it("describes the host input from the collector's schema", () => {
    const host = schema.properties.collector.properties.inputs.properties.host;
    expect(host.additionalProperties).toBe(false);
    expect(host.properties.statsIntervalMs).toMatchObject({ type: "integer", minimum: 100, default: 1000 });
    expect(host.properties.mountPointsExclude).toMatchObject({
      type: "string",
      default: DEFAULT_MOUNT_POINTS_EXCLUDE,
      description: expect.stringContaining("mount points"),
    });
    expect(host.properties.timeoutMs).not.toHaveProperty("default");
    expect(host.properties.hostname.pattern).toEqual(expect.any(String));
    expect(host.required ?? []).toEqual([]);
    expect(schema.properties.collector.properties).not.toHaveProperty("paths");
  });

  it("rejects unknown keys, matching the loader's warnings", () => {
    expect(schema.additionalProperties).toBe(false);
    expect(schema.properties.gateway.additionalProperties).toBe(false);
  });
});
