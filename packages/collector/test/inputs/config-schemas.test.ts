import { readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import type { z } from "zod";
import { inputsConfigSchema } from "../../src/inputs/config-schemas.js";
import { hostConfigSchema } from "../../src/inputs/host/config.js";
import { upsConfigSchema } from "../../src/inputs/ups/config.js";
import { bareImports } from "../helpers/static-imports.js";

const SRC = resolve(dirname(fileURLToPath(import.meta.url)), "../../src");

interface Def {
  innerType?: z.ZodType;
  shape?: Record<string, z.ZodType>;
}

/**
 * A field's description and its object shape, read as @wirewatch/config's walker reads them:
 * through optional/default/prefault wrappers, the outermost description winning.
 */
function peel(schema: z.ZodType): { description?: string; shape?: Record<string, z.ZodType> } {
  let current = schema;
  let description = current.description;
  for (let inner = (current._zod.def as Def).innerType; inner; inner = (current._zod.def as Def).innerType) {
    current = inner;
    description ??= current.description;
  }
  const shape = (current._zod.def as Def).shape;
  return { ...(description ? { description } : {}), ...(shape ? { shape } : {}) };
}

/** Paths of the options below `schema` (objects included) that have no description. */
function undescribed(schema: z.ZodType, prefix: string): string[] {
  return Object.entries(peel(schema).shape ?? {}).flatMap(([key, child]) => {
    const path = `${prefix}.${key}`;
    return [...(peel(child).description ? [] : [path]), ...undescribed(child, path)];
  });
}

describe("inputsConfigSchema (@wirewatch/collector/inputs-config)", () => {
  it("imports only zod and @wirewatch/protocol, so @wirewatch/config can load it cheaply", () => {
    const imported = bareImports(join(SRC, "inputs/config-schemas.ts"));
    expect([...imported].sort()).toEqual(["@wirewatch/protocol", "zod"]);
  });

  it("is what package.json exports as ./inputs-config", () => {
    const pkg = JSON.parse(readFileSync(join(SRC, "../package.json"), "utf8"));
    expect(pkg.exports["./inputs-config"]).toEqual({
      types: "./dist/inputs/config-schemas.d.ts",
      default: "./dist/inputs/config-schemas.js",
    });
  });

  it("holds every built-in input, each defaulting from an empty object", () => {
    expect(Object.keys(inputsConfigSchema.shape)).toEqual(["host", "ups"]);
    expect(inputsConfigSchema.parse({})).toEqual({
      host: hostConfigSchema.parse({}),
      ups: upsConfigSchema.parse({}),
    });
    expect(inputsConfigSchema.safeParse({ hots: {} }).success).toBe(false);
  });

  it("describes itself and every option, for `wirewatch config defaults` and the JSON Schema", () => {
    expect(inputsConfigSchema.description).toEqual(expect.any(String));
    expect(hostConfigSchema.description).toEqual(expect.any(String));
    expect(undescribed(inputsConfigSchema, "inputs")).toEqual([]);
    expect(Object.keys(hostConfigSchema.shape)).toContain("mountPointsExclude");
  });
});
