import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { defaultConfig } from "../src/index.js";
import { load, loadError, TEST_HOST, tempDir, writeTemp } from "./helpers.js";

describe("config file", () => {
  it("reports a nonexistent file", () => {
    const missing = join(tempDir(), "missing.yaml");
    const error = loadError({ file: missing });
    expect(error.code).toBe("WW_CONFIG_INVALID");
    expect(error.problems).toEqual([expect.objectContaining({ path: "", source: missing })]);
    expect(error.problems[0]?.message).toContain("no such file");
  });

  it("reports invalid YAML with its line number", () => {
    const file = writeTemp("bad.yaml", "log:\n  level: info\ngateway:\n  port: [1, 2\n  host: x\n");
    const error = loadError({ file });
    expect(error.problems.length).toBeGreaterThan(0);
    expect(error.problems[0]?.message).toMatch(/invalid YAML at line \d+, column \d+/);
    expect(error.problems[0]?.source).toMatch(new RegExp(`^${file}:\\d+$`));
  });

  it("reports duplicate keys at their line", () => {
    const file = writeTemp("dup.yaml", "gateway:\n  port: 1\n  port: 2\n");
    const error = loadError({ file });
    expect(error.problems[0]?.message).toContain("line 3");
  });

  it("requires a mapping at the top level", () => {
    const error = loadError({ file: writeTemp("list.yaml", "- a\n- b\n") });
    expect(error.problems[0]?.message).toContain("mapping");
  });

  it("treats an empty file and empty sections as defaults", () => {
    const defaults = defaultConfig({ hostname: () => TEST_HOST });
    expect(load({ file: writeTemp("empty.yaml", "") }).config).toEqual(defaults);
    const commentedOut = "gateway:\n  # port: 1\nauth:\n  jwt:\n";
    expect(load({ file: writeTemp("sections.yaml", commentedOut) }).config).toEqual(defaults);
  });

  it("supports anchors and merge keys", () => {
    const text = "admin: &listen\n  host: 127.0.0.1\n  port: 9000\ngateway:\n  <<: *listen\n  port: 9001\n";
    const { config } = load({ file: writeTemp("merge.yaml", text) });
    expect(config.gateway.host).toBe("127.0.0.1");
    expect(config.gateway.port).toBe(9001);
  });

  it("names the file line of an invalid value", () => {
    const file = writeTemp("w.yaml", "log:\n  level: info\ngateway:\n  port: 70000\n");
    const error = loadError({ file });
    expect(error.problems).toEqual([
      expect.objectContaining({
        path: "gateway.port",
        value: 70000,
        expected: "<= 65535",
        source: `${file}:4`,
      }),
    ]);
  });

  it("warns about unknown keys with their path and line, and loads the rest", () => {
    const text = [
      "gateway:",
      "  prot: 1234",
      "  port: 1235",
      "  rateLimit:",
      "    brust: 5",
      "colector:",
      "  hostname: x",
      "auth:",
      "  tokens:",
      "    - name: a",
      "      token: a-token-for-tests-1",
      "      extra: true",
    ].join("\n");
    const file = writeTemp("unknown.yaml", text);
    const { config, warnings } = load({ file });
    expect(config.gateway.port).toBe(1235);
    expect(config.auth.tokens).toHaveLength(1);
    const byPath = Object.fromEntries(warnings.map((warning) => [warning.path, warning]));
    expect(Object.keys(byPath).sort()).toEqual([
      "auth.tokens[0].extra",
      "colector",
      "gateway.prot",
      "gateway.rateLimit.brust",
    ]);
    expect(byPath["gateway.prot"]).toMatchObject({ source: `${file}:2` });
    expect(byPath["gateway.prot"]?.message).toContain("did you mean port?");
    expect(byPath.colector?.message).toContain("did you mean collector?");
    expect(byPath["auth.tokens[0].extra"]).toMatchObject({ source: `${file}:12` });
  });

  it("reports unknown keys as warnings even when other values are invalid", () => {
    const file = writeTemp("w.yaml", "gateway:\n  port: nope\n  prot: 1\n");
    const error = loadError({ file });
    expect(error.problems.map((problem) => problem.path)).toEqual(["gateway.port"]);
    expect(error.warnings.map((warning) => warning.path)).toEqual(["gateway.prot"]);
  });

  it("reports every problem of the file at once", () => {
    const text =
      "log:\n  level: loud\ngateway:\n  port: '80'\n  maxFrameBytes: 0\nshutdown:\n  graceMs: -5\n";
    const error = loadError({ file: writeTemp("many.yaml", text) });
    expect(error.problems.map((problem) => problem.path).sort()).toEqual([
      "gateway.maxFrameBytes",
      "gateway.port",
      "log.level",
      "shutdown.graceMs",
    ]);
    expect(error.message.split("\n")).toHaveLength(1 + error.problems.length);
    const port = error.problems.find((problem) => problem.path === "gateway.port");
    expect(port).toMatchObject({ value: "80", expected: "number" });
    expect(port?.message).toBe("expected number, got string");
  });
});
