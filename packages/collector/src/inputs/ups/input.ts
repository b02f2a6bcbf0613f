import type { InputModule } from "../../input-module.js";
import { upsConfigSchema } from "./config.js";

/** The `ups` input in the list of inputs (../list.ts). It parses inline: no parse tasks. */
export const ups = {
  name: "ups",
  configSchema: upsConfigSchema,
  definition: async () => (await import("./index.js")).upsInput,
} as const satisfies InputModule;
