import { host } from "./host/input.js";
import { ups } from "./ups/input.js";

/**
 * The built-in inputs: the one list. Each entry is declared in its input's folder
 * (`<name>/input.ts`, an `InputModule`: ../input-module.ts); `collector.inputs` (config-schemas.ts), the parse
 * pool's tasks (../parse-tasks.ts) and the registry's inputs (builtin.ts) are derived from it, in
 * this order. Importing the list loads only the inputs' config schemas.
 */
export const BUILTIN_INPUTS = [host, ups] as const;

/** One entry of {@link BUILTIN_INPUTS}. */
export type BuiltinInput = (typeof BUILTIN_INPUTS)[number];
