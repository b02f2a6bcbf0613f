import type { z } from "zod";
import type { InputDefinition } from "./registry.js";

/** Pure functions from read data to parsed samples, by task name; what the parse pool runs. */
export type ParseTable = Readonly<Record<string, (input: never) => unknown>>;

/**
 * One input as the list of inputs (`src/inputs/list.ts`) holds it, declared in the input's own
 * folder (`src/inputs/<name>/input.ts`). Everything else about inputs is derived from the list:
 * `collector.inputs` (config-schemas.ts), the parse pool's dispatch table (parse-tasks.ts) and the
 * registry's built-in inputs (builtin.ts).
 *
 * The schema is held directly — it comes from the folder's `config.ts`, which imports only zod
 * and @wirewatch/protocol — and the rest behind loaders, so a module that needs only the schemas
 * (@wirewatch/collector/inputs-config, and so @wirewatch/config) never loads an input's code,
 * and a parse worker loads parsers but no input.
 */
export interface InputModule<Name extends string = string, Tasks extends ParseTable = ParseTable> {
  /** The key under `collector.inputs` and in the registry, and the prefix of its statuses. */
  readonly name: Name;
  /** Its options, every one with a default or optional: `{}` must parse. */
  readonly configSchema: z.ZodType;
  /** Loads its parsers (`parse-tasks.ts`), if it sends parsing to the pool. */
  readonly parseTasks?: () => Promise<Tasks>;
  /** Loads its definition (`index.ts`): how to build it from a validated config. */
  readonly definition: () => Promise<InputDefinition>;
}
