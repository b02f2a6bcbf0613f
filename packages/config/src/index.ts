/**
 * @wirewatch/config — one zod schema for every option, and the loader that layers
 * defaults < YAML file < environment < flags and validates the result.
 */
export { type CheckOptions, type CheckResult, checkConfigFile } from "./check.js";
export { defaultConfig, type RuntimeDefaults } from "./defaults.js";
export { CONFIG_PATH_VAR, ENV_PREFIX, ENV_SHORTCUTS, envVarName, FILE_SUFFIX } from "./env.js";
export type { ConfigFlags } from "./flags.js";
export { expandHome } from "./home.js";
export { configJsonSchema, renderJsonSchema } from "./json-schema.js";
export { type LoadConfigOptions, type LoadedConfig, loadConfig } from "./load.js";
export {
  CONFIG_INVALID,
  ConfigError,
  type ConfigProblem,
  type ConfigWarning,
  formatProblems,
  formatWarnings,
  isConfigError,
} from "./problems.js";
export { MASK } from "./redact.js";
export { renderDefaultsYaml } from "./render-defaults.js";
export { permissions } from "./schema/auth.js";
export * from "./schema/index.js";
export { logLevels } from "./schema/log.js";
