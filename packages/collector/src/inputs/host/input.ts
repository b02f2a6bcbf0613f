import type { InputModule } from "../../input-module.js";
import { hostConfigSchema } from "./config.js";

/** The `host` input in the list of inputs (../list.ts). */
export const host = {
  name: "host",
  configSchema: hostConfigSchema,
  parseTasks: async () => (await import("./parse-tasks.js")).hostParseTasks,
  definition: async () => (await import("./index.js")).hostInput,
} as const satisfies InputModule;
