import type { InputDefinition, Registry } from "../registry.js";
import { BUILTIN_INPUTS } from "./list.js";

/** The definitions of the list's inputs (list.ts), loaded once with the package. */
const definitions: readonly (readonly [string, InputDefinition])[] = await Promise.all(
  BUILTIN_INPUTS.map(async (input) => [input.name, await input.definition()] as const),
);

/** Registers the inputs that ship with the package: every input of the list. */
export function registerBuiltinInputs(registry: Registry): void {
  for (const [name, definition] of definitions) registry.register(name, definition);
}
