/**
 * The config schemas of the built-in inputs, keyed by input name: what `collector.inputs` of the
 * wirewatch config file accepts. Published as `@wirewatch/collector/inputs-config` so that
 * @wirewatch/config can embed it without loading the collector itself: this module imports only
 * zod, @wirewatch/protocol and the inputs' `config.ts` files — never the registry, the pool or
 * an input's code. A new input adds its schema here (`ups: upsConfigSchema.prefault({})`).
 */
import { z } from "zod";
import { hostConfigSchema } from "./host/config.js";
import { upsConfigSchema } from "./ups/config.js";

export const inputsConfigSchema = z
  .strictObject({
    host: hostConfigSchema.prefault({}),
    ups: upsConfigSchema.prefault({}),
  })
  .describe("Inputs (collectors) and their settings; an input runs unless its enabled is false.");

/** `collector.inputs` as a config file may write it (every key optional). */
export type BuiltinInputsConfigInput = z.input<typeof inputsConfigSchema>;
/** Validated `collector.inputs`, every default filled in; what `createInputs` takes. */
export type BuiltinInputsConfig = z.output<typeof inputsConfigSchema>;

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
