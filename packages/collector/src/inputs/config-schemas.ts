/**
 * The config schemas of the built-in inputs, keyed by input name: what `collector.inputs` of the
 * wirewatch config file accepts, derived from the list of inputs (list.ts). Published as
 * `@wirewatch/collector/inputs-config` so that @wirewatch/config can embed it without loading the
 * collector itself: this module and the list import only zod, @wirewatch/protocol and the inputs'
 * `config.ts` files — never the registry, the pool or an input's code.
 */
import { z } from "zod";
import { BUILTIN_INPUTS, type BuiltinInput } from "./list.js";

/** `collector.inputs`' shape: each input's schema, `{}` when the file leaves it out. */
type InputsShape = { [I in BuiltinInput as I["name"]]: z.ZodPrefault<I["configSchema"]> };

const shape = Object.fromEntries(
  BUILTIN_INPUTS.map(({ name, configSchema }: { name: string; configSchema: z.ZodType }) => [
    name,
    configSchema.prefault({}),
  ]),
) as InputsShape;

export const inputsConfigSchema = z
  .strictObject(shape)
  .describe("Inputs (collectors) and their settings; an input runs unless its enabled is false.");

/** `collector.inputs` as a config file may write it (every key optional). */
export type BuiltinInputsConfigInput = z.input<typeof inputsConfigSchema>;
/** Validated `collector.inputs`, every default filled in; what `createInputs` takes. */
export type BuiltinInputsConfig = z.output<typeof inputsConfigSchema>;

// The built-in inputs' schemas and named defaults on their own, for @wirewatch/config's tests
// (`inputsConfigSchema.shape.<name>` reaches any input's; a new input adds nothing here).
export {
  DEFAULT_DISK_DEVICE_EXCLUDE,
  DEFAULT_FS_TYPES_EXCLUDE,
  DEFAULT_MOUNT_POINTS_EXCLUDE,
  DEFAULT_NET_DEVICE_EXCLUDE,
  type HostConfig,
  type HostConfigInput,
  hostConfigSchema,
} from "./host/config.js";
export {
  NUT_DEFAULT_PORT,
  type UpsConfig,
  type UpsConfigInput,
  type UpsServerConfig,
  upsConfigSchema,
  upsServerSchema,
} from "./ups/config.js";
