import { describe, expect, it } from "vitest";
import {
  ConfigError,
  type ConfigProblem,
  expandHome,
  formatProblems,
  formatWarnings,
  isConfigError,
} from "../src/index.js";
import { loadError } from "./helpers.js";

describe("ConfigError", () => {
  it("carries the code, every problem, and one line per problem in its message", () => {
    const error = loadError({ flags: { "gateway.port": "x", "admin.port": 1e6, "log.level": "loud" } });
    expect(error).toBeInstanceOf(ConfigError);
    expect(isConfigError(error)).toBe(true);
    expect(error.code).toBe("WW_CONFIG_INVALID");
    expect(error.problems).toHaveLength(3);
    const lines = error.message.split("\n");
    expect(lines[0]).toContain("3 problems");
    for (const problem of error.problems) {
      expect(lines.some((line) => line.includes(`${problem.path}: ${problem.message}`))).toBe(true);
    }
  });

  it("is recognised by code even across package copies", () => {
    expect(isConfigError(Object.assign(new Error("x"), { code: "WW_CONFIG_INVALID" }))).toBe(true);
    expect(isConfigError(new Error("x"))).toBe(false);
  });
});

describe("formatProblems", () => {
  it("shows path, message, value and source on one line each", () => {
    const problems: ConfigProblem[] = [
      {
        path: "gateway.port",
        message: "must be <= 65535",
        value: 70000,
        expected: "<= 65535",
        source: "env X",
      },
      { path: "auth.tokens[0].token", message: "is required", source: "/etc/w.yaml:4" },
      { path: "", message: "cannot read config file: no such file", source: "/etc/w.yaml" },
    ];
    expect(formatProblems(problems).split("\n")).toEqual([
      "  gateway.port: must be <= 65535, got 70000 (env X)",
      "  auth.tokens[0].token: is required (/etc/w.yaml:4)",
      "  /etc/w.yaml: cannot read config file: no such file",
    ]);
  });

  it("shortens long values", () => {
    const line = formatProblems([{ path: "a", message: "bad", value: "x".repeat(500) }]);
    expect(line.length).toBeLessThan(120);
  });

  it("formats warnings the same way", () => {
    expect(
      formatWarnings([{ path: "gateway.prot", message: "unknown key, ignored", source: "w.yaml:2" }]),
    ).toBe("  gateway.prot: unknown key, ignored (w.yaml:2)");
  });
});

describe("expandHome", () => {
  it("expands a leading ~ only", () => {
    expect(expandHome("~/.config/wirewatch/token", "/home/ops")).toBe("/home/ops/.config/wirewatch/token");
    expect(expandHome("~", "/home/ops")).toBe("/home/ops");
    expect(expandHome("/etc/~x", "/home/ops")).toBe("/etc/~x");
    expect(expandHome("~other/x", "/home/ops")).toBe("~other/x");
  });
});
