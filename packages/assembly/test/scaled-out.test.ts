import { configSchema, isConfigError } from "@wirewatch/config";
import { describe, expect, it } from "vitest";
import { assertScaledOut, scaledOutProblems } from "../src/scaled-out.js";

const config = (input: Record<string, unknown> = {}) => configSchema.parse(input);
const redis = { bus: { redis: { url: "redis://127.0.0.1:6379" } } };
const tokens = { auth: { tokens: [{ name: "dash", token: "0123456789abcdef0123" }] } };

describe("scaledOutProblems", () => {
  it("requires a Redis URL for every app, naming the variable", () => {
    for (const app of ["gateway", "collector", "exporter"] as const) {
      const problems = scaledOutProblems(config({ auth: { mode: "none" } }), app);
      expect(problems).toHaveLength(1);
      expect(problems[0]).toMatchObject({ path: "bus.redis.url" });
      expect(problems[0]!.message).toContain("WIREWATCH_REDIS_URL");
    }
  });

  it("requires the gateway's credentials to be configured, never generated", () => {
    expect(scaledOutProblems(config(redis), "gateway").map((p) => p.path)).toEqual(["auth.tokens"]);
    expect(scaledOutProblems(config({ ...redis, ...tokens }), "gateway")).toEqual([]);
    expect(scaledOutProblems(config({ ...redis, auth: { mode: "none" } }), "gateway")).toEqual([]);
    const jwt = { auth: { jwt: { secret: "s".repeat(32) } } };
    expect(scaledOutProblems(config({ ...redis, ...jwt }), "gateway")).toEqual([]);
    expect(scaledOutProblems(config(redis), "collector")).toEqual([]);
  });

  it("refuses the admin endpoints on the gateway's port", () => {
    const same = config({ ...redis, ...tokens, gateway: { port: 8080 }, admin: { port: 8080 } });
    expect(scaledOutProblems(same, "gateway").map((p) => p.path)).toEqual(["admin.port"]);
    const ephemeral = config({ ...redis, ...tokens, gateway: { port: 0 }, admin: { port: 0 } });
    expect(scaledOutProblems(ephemeral, "gateway")).toEqual([]);
  });

  it("requires at least one enabled collector input", () => {
    const none = config({ ...redis, collector: { inputs: { host: { enabled: false } } } });
    expect(scaledOutProblems(none, "collector").map((p) => p.path)).toEqual(["collector.inputs"]);
  });

  it("the exporter needs nothing but Redis: no credentials, no inputs, any admin port", () => {
    const bare = config({ ...redis, collector: { inputs: { host: { enabled: false } } } });
    expect(scaledOutProblems(bare, "exporter")).toEqual([]);
    const samePorts = config({ ...redis, gateway: { port: 9469 }, admin: { port: 9469 } });
    expect(scaledOutProblems(samePorts, "exporter")).toEqual([]);
  });

  it("assertScaledOut throws one ConfigError listing every problem", () => {
    let caught: unknown;
    try {
      assertScaledOut(config(), "gateway");
    } catch (error) {
      caught = error;
    }
    expect(isConfigError(caught)).toBe(true);
    expect((caught as { problems: { path: string }[] }).problems.map((p) => p.path)).toEqual([
      "bus.redis.url",
      "auth.tokens",
    ]);
  });
});
