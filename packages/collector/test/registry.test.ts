import { describe, expect, it } from "vitest";
import { z } from "zod";
import type { Collector } from "../src/collector.js";
import { CollectorError } from "../src/errors.js";
import { createInlineRunner } from "../src/inline-runner.js";
import { hostInput } from "../src/inputs/host/index.js";
import { createInputs, createRegistry, defaultRegistry } from "../src/registry.js";
import "../src/index.js";

const echoSchema = z.strictObject({
  enabled: z.boolean().default(true),
  every: z.number().int().positive().default(5),
});

function registry() {
  const r = createRegistry();
  r.register("echo", {
    description: "test input",
    configSchema: echoSchema,
    create: (config, ctx): Collector => ({
      name: "echo",
      host: ctx.host,
      intervalMs: config.every,
      gather: async () => {},
      close: async () => {},
    }),
  });
  return r;
}

describe("registry", () => {
  it("creates configured, enabled inputs with validated config and the given context", () => {
    const inputs = registry().createInputs(
      { echo: { every: 7 } },
      { host: "nas1", runner: createInlineRunner() },
    );
    expect(inputs.map((i) => [i.name, i.intervalMs, i.host])).toEqual([["echo", 7, "nas1"]]);
    expect(registry().createInputs({ echo: { enabled: false } })).toEqual([]);
    expect(registry().createInputs({})).toEqual([]);
  });

  it("reports every problem with its path, with stable codes", () => {
    const attempt = () => registry().createInputs({ echo: { every: -1, color: "red" }, nope: {} });
    expect(attempt).toThrow(CollectorError);
    try {
      attempt();
    } catch (err) {
      const e = err as CollectorError;
      expect(e.code).toBe("WW_COLLECTOR_CONFIG_INVALID");
      expect(e.issues?.map((i) => i.path)).toEqual(["inputs.echo.every", "inputs.echo", "inputs.nope"]);
      expect(e.message).toContain("inputs.nope: unknown input (known: echo)");
    }
    expect(() => registry().createInputs({ nope: {} })).toThrow(
      expect.objectContaining({ code: "WW_COLLECTOR_UNKNOWN_INPUT" }),
    );
  });

  it("refuses a second input under a taken name", () => {
    const r = registry();
    expect(() => r.register("echo", hostInput)).toThrow(
      expect.objectContaining({ code: "WW_COLLECTOR_DUPLICATE_INPUT" }),
    );
  });

  it("ships the host input in the default registry", () => {
    expect(defaultRegistry.names()).toContain("host");
    const [host] = createInputs({ host: { hostname: "box" } }, { runner: createInlineRunner() });
    expect(host?.name).toBe("host");
    expect(host?.host).toBe("box");
    expect(host?.tasks?.map((t) => [t.name, t.intervalMs])).toEqual([
      ["stats", 1000],
      ["processes", 5000],
      ["storage", 10000],
    ]);
  });
});
