/**
 * `wirewatch config schema`: the JSON Schema (draft 2020-12) of a config file, generated from the
 * zod schema. It describes the input side — options with defaults are optional — marks secrets
 * `writeOnly`, and leaves out defaults computed at load time (they depend on the machine).
 */
import { z } from "zod";
import { configSchema } from "./schema/index.js";
import { inspect } from "./schema-walk.js";

/** The JSON Schema as an object. */
export function configJsonSchema(): Record<string, unknown> {
  const schema = z.toJSONSchema(configSchema, {
    io: "input",
    override: ({ zodSchema, jsonSchema }) => {
      const { meta } = inspect(zodSchema);
      if (meta.runtimeDefault) delete jsonSchema.default;
      if (meta.secret) jsonSchema.writeOnly = true;
    },
  });
  return { ...schema, title: "wirewatch configuration" };
}

/** The JSON Schema as pretty-printed JSON text. */
export function renderJsonSchema(): string {
  return `${JSON.stringify(configJsonSchema(), null, 2)}\n`;
}
