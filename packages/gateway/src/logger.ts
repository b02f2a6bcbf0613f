import type { Logger } from "@wirewatch/runtime";
import { pino } from "pino";

/**
 * The logger type the gateway accepts (runtime's pino logger). Without one, the gateway logs
 * nothing. The gateway logs principal names, addresses and paths, never tokens or raw URLs.
 */
export type { Logger };

export function silentLogger(): Logger {
  return pino({ level: "silent" });
}
