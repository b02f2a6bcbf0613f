/** The `log` section: pino logger level and output style. */
import { z } from "zod";

/** Levels in increasing severity; `silent` logs nothing. */
export const logLevels = ["trace", "debug", "info", "warn", "error", "fatal", "silent"] as const;

export const logSchema = z
  .strictObject({
    level: z
      .enum(logLevels)
      .default("info")
      .describe("Minimum level logged: trace, debug, info, warn, error, fatal, or silent (nothing)."),
    pretty: z
      .union([z.literal("auto"), z.boolean()])
      .default("auto")
      .describe(
        'Human-readable lines instead of JSON: "auto" (pretty when stdout is a terminal), true or false.',
      ),
  })
  .describe("Logging: JSON lines (pino) to stdout.");

export type LogConfig = z.infer<typeof logSchema>;
