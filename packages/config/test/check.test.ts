import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { checkConfigFile } from "../src/index.js";
import { tempDir, writeTemp } from "./helpers.js";

describe("checkConfigFile", () => {
  it("accepts a valid file and returns its warnings", () => {
    const result = checkConfigFile(writeTemp("ok.yaml", "gateway:\n  port: 1234\n  prt: 1\n"));
    expect(result.ok).toBe(true);
    expect(result.problems).toEqual([]);
    expect(result.warnings.map((warning) => warning.path)).toEqual(["gateway.prt"]);
  });

  it("returns problems instead of throwing", () => {
    const result = checkConfigFile(writeTemp("bad.yaml", "gateway:\n  port: -1\n"));
    expect(result.ok).toBe(false);
    expect(result.problems.map((problem) => problem.path)).toEqual(["gateway.port"]);
  });

  it("reports a missing file", () => {
    const result = checkConfigFile(join(tempDir(), "missing.yaml"));
    expect(result.ok).toBe(false);
    expect(result.problems[0]?.message).toContain("no such file");
  });

  it("checks the file alone unless an environment is given", () => {
    const file = writeTemp("ok.yaml", "log:\n  level: info\n");
    expect(checkConfigFile(file).ok).toBe(true);
    const withEnv = checkConfigFile(file, { env: { WIREWATCH_LOG__LEVEL: "loud" } });
    expect(withEnv.problems).toEqual([
      expect.objectContaining({ path: "log.level", source: "env WIREWATCH_LOG__LEVEL" }),
    ]);
  });
});
