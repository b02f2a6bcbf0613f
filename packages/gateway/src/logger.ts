import type { Logger } from "@wirewatch/runtime";
import { pino } from "pino";

/**
 * The logger type the gateway accepts (runtime's pino logger). Without one, the gateway logs
 * nothing. The gateway logs principal names, addresses and paths, never tokens or raw URLs.
 */
export type { Logger };

/** The logger of a gateway given none: pino at level `silent`. */
export function silentLogger(): Logger {
  return pino({ level: "silent" });
}
