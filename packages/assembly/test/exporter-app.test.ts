import { configSchema, isConfigError } from "@wirewatch/config";
import { describe, expect, it } from "vitest";
import { startExporterApp } from "../src/exporter-app.js";

/** What startExporterApp refuses before it opens a port or a connection. */
describe("startExporterApp", () => {
  it("rejects a config without a Redis URL with one ConfigError naming bus.redis.url", async () => {
    const exits: number[] = [];
    let caught: unknown;
    try {
      await startExporterApp(configSchema.parse({ log: { level: "silent" } }), {
        installSignals: false,
        exit: (code) => exits.push(code),
      });
    } catch (error) {
      caught = error;
    }
    expect(isConfigError(caught)).toBe(true);
    const problems = (caught as { problems: { path: string; message: string }[] }).problems;
    expect(problems.map((p) => p.path)).toEqual(["bus.redis.url"]);
    expect(problems[0]?.message).toContain("the exporter app runs scaled out");
    expect(exits).toEqual([]);
  });
});
