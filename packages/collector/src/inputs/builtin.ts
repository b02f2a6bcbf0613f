import type { Registry } from "../registry.js";
import { hostInput } from "./host/index.js";
import { upsInput } from "./ups/index.js";

/** Registers the inputs that ship with the package. */
export function registerBuiltinInputs(registry: Registry): void {
  registry.register("host", hostInput);
  registry.register("ups", upsInput);
}
