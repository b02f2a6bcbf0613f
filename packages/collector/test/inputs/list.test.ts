import { existsSync, readdirSync, readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import type { InputModule } from "../../src/input-module.js";
import { registerBuiltinInputs } from "../../src/inputs/builtin.js";
import { inputsConfigSchema } from "../../src/inputs/config-schemas.js";
import { BUILTIN_INPUTS } from "../../src/inputs/list.js";
import { PARSE_TASKS } from "../../src/parse-tasks.js";
import { createRegistry } from "../../src/registry.js";
import { bareImports } from "../helpers/static-imports.js";

const TEST_DIR = dirname(fileURLToPath(import.meta.url));
const INPUTS_DIR = resolve(TEST_DIR, "../../src/inputs");
const names = BUILTIN_INPUTS.map((input) => input.name);

describe("the list of inputs (src/inputs/list.ts)", () => {
  it("lists every input folder, each with its config, entry, definition, README and test cases", () => {
    const folders = readdirSync(INPUTS_DIR, { withFileTypes: true }).filter((entry) => entry.isDirectory());
    expect(folders.map((folder) => folder.name).sort()).toEqual([...names].sort());
    for (const name of names) {
      for (const file of ["config.ts", "input.ts", "index.ts", "README.md", "testcases"]) {
        expect(existsSync(join(INPUTS_DIR, name, file)), `src/inputs/${name}/${file}`).toBe(true);
      }
      const contract = join(TEST_DIR, name, "contract.test.ts");
      expect(existsSync(contract), `test/inputs/${name}/contract.test.ts`).toBe(true);
      expect(readFileSync(contract, "utf8")).toContain(`runInputContract("${name}"`);
    }
  });

  it("is what collector.inputs, the registry and the parse pool are built from", async () => {
    expect(Object.keys(inputsConfigSchema.shape)).toEqual(names);
    const registry = createRegistry();
    registerBuiltinInputs(registry);
    expect(registry.names()).toEqual([...names].sort());
    for (const input of BUILTIN_INPUTS) {
      expect(registry.get(input.name)?.configSchema, input.name).toBe(input.configSchema);
    }
    const entries: readonly InputModule[] = BUILTIN_INPUTS;
    const tables = await Promise.all(
      entries.map(async (input) => Object.keys((await input.parseTasks?.()) ?? {})),
    );
    expect(Object.keys(PARSE_TASKS).sort()).toEqual(tables.flat().sort());
    expect(Object.keys(PARSE_TASKS)).toContain("host.stats");
  });

  it("loads no input's library with its definition: clients are imported when the input first runs", () => {
    for (const name of names) {
      const loaded = [...bareImports(join(INPUTS_DIR, name, "index.ts"))];
      const libraries = loaded.filter((specifier) => !/^(node:.*|zod|@wirewatch\/protocol)$/.test(specifier));
      expect(libraries, `${name}/index.ts`).toEqual([]);
    }
  });
});
