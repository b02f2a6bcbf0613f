import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const MAIN = fileURLToPath(new URL("../dist/main.js", import.meta.url));
const run = (env: Record<string, string>, args: string[] = []) =>
  spawnSync(process.execPath, [MAIN, ...args], {
    env: { PATH: process.env.PATH ?? "", HOME: "/nonexistent", ...env },
    encoding: "utf8",
    timeout: 20_000,
  });

describe("wirewatch-gateway main", () => {
  it("refuses the in-memory bus and generated tokens: each problem with its path, exit 1", () => {
    const r = run({});
    expect(r.status).toBe(1);
    expect(r.stderr).toContain("wirewatch-gateway: invalid configuration:");
    expect(r.stderr).toMatch(/bus\.redis\.url: .*WIREWATCH_REDIS_URL/);
    expect(r.stderr).toMatch(/auth\.tokens: .*never generates a token/);
  });

  it("reports ordinary config problems the same way, naming the variable", () => {
    const r = run({
      WIREWATCH_REDIS_URL: "redis://127.0.0.1:1",
      WIREWATCH_AUTH: "none",
      WIREWATCH_ADMIN__PORT: "x",
    });
    expect(r.status).toBe(1);
    expect(r.stderr).toContain("WIREWATCH_ADMIN__PORT");
  });

  it("prints usage with --help", () => {
    const r = run({}, ["--help"]);
    expect(r.status).toBe(0);
    expect(r.stdout).toContain("usage: wirewatch-gateway [--config FILE]");
  });
});
