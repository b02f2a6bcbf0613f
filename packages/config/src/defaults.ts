/**
 * Defaults computed at load time (today: the host name), overridable so that tests and
 * renderings do not depend on the machine they run on.
 */
import { hostname } from "node:os";
import { configSchema, type WirewatchConfig } from "./schema/index.js";

export interface RuntimeDefaults {
  /** Supplies `collector.hostname` when nothing else sets it. Default: `os.hostname`. */
  hostname?: () => string;
}

/** The lowest configuration layer: values whose defaults are computed now. */
export function runtimeDefaults(defaults: RuntimeDefaults = {}): { collector: { hostname: string } } {
  return { collector: { hostname: (defaults.hostname ?? hostname)() } };
}

/** The complete default configuration. */
export function defaultConfig(defaults: RuntimeDefaults = {}): WirewatchConfig {
  return configSchema.parse(runtimeDefaults(defaults));
}
